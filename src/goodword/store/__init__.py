"""The store gateway: every read and write of goodword's database goes through here.

SQLite is the embedded default; PostgreSQL runs the same code. ``Store.open(url)`` connects
and brings the schema up to date with Alembic; query functions in ``queries`` and the other
modules take a SQLAlchemy ``Connection``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import OperationalError

from goodword.errors import StoreError
from goodword.store.schema import metadata

__all__ = ["Store", "metadata"]

_MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass
class Store:
    """A migrated database and its engine."""

    engine: Engine

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Connect to ``url`` and apply any pending migrations."""
        engine = _engine(url)
        store = cls(engine)
        if migrate:
            store.migrate()
        return store

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Bring the schema to the newest revision of every migration branch."""
        try:
            from alembic import command

            with self.engine.begin() as conn:
                command.upgrade(_alembic_config(conn), "heads")
                if self.dialect == "sqlite":  # only SQLite loads defer an index
                    _restore_indexes(conn)  # after a bulk load that was interrupted
        except OperationalError as exc:
            raise StoreError(
                f"cannot migrate the database at {self.engine.url!r}: {exc.orig}. "
                "Check the path or GOODWORD_DATABASE_URL and that the server is running."
            ) from exc

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection inside one transaction, committed on success."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def bulk(self, *, defer_indexes: bool = False) -> Iterator[Connection]:
        """One connection for a long series of write transactions (``with conn.begin():``).

        On SQLite its transactions skip foreign-key checks (the writer creates what a row
        points to in the same transaction) and checkpoint the WAL every 64 MiB rather than
        every 4 MiB. With ``defer_indexes`` the posts' index on time, whose keys arrive in no
        order, is dropped first and built again at the end in one sort instead of being
        updated row by row: the way to load a file as large as the store. If the load is
        interrupted, the next open builds it.
        """
        with self.engine.connect() as conn:
            tuned = self.dialect == "sqlite"
            if tuned:
                _pragmas(conn, foreign_keys="OFF", wal_autocheckpoint=16384)
            if tuned and defer_indexes:
                with conn.begin():
                    for ix in _deferred_indexes():
                        ix.drop(conn, checkfirst=True)
            reset = not tuned
            try:
                yield conn
                if tuned:
                    # the index build's sort spills to a temporary file past the page cache,
                    # rather than holding every key in memory
                    _pragmas(conn, temp_store="FILE")
                    with conn.begin():
                        _restore_indexes(conn)
                    _pragmas(conn, temp_store="MEMORY")
                    _pragmas(conn, foreign_keys="ON", wal_autocheckpoint=1000)
                    reset = True
            finally:
                if not reset:  # never hand the pool a connection without foreign-key checks
                    conn.invalidate()

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reads."""
        with self.engine.connect() as conn:
            yield conn

    def tables(self) -> set[str]:
        return set(inspect(self.engine).get_table_names())

    def close(self) -> None:
        self.engine.dispose()


def _pragmas(conn: Connection, **values: object) -> None:
    for name, value in values.items():
        conn.exec_driver_sql(f"PRAGMA {name}={value}")
    conn.commit()


_DEFERRED = ("ix_posts_created",)  # keys that arrive in no order: costly to update row by row


def _deferred_indexes() -> list[Any]:
    """The posts indexes a bulk load builds at its end."""
    from goodword.store.schema import posts

    return sorted((ix for ix in posts.indexes if ix.name in _DEFERRED), key=lambda ix: ix.name)


def _restore_indexes(conn: Connection) -> None:
    for ix in _deferred_indexes():
        ix.create(conn, checkfirst=True)


def _alembic_config(conn: Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


SQLITE_NEEDED = (3, 35, 0)  # RETURNING, which ingest's multi-row inserts read their ids from


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        _check_sqlite(sqlite3.sqlite_version_info)
        _ensure_parent(url)
        engine = create_engine(url, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _check_sqlite(version: tuple[int, int, int]) -> None:
    if version < SQLITE_NEEDED:
        needed = ".".join(map(str, SQLITE_NEEDED))
        raise StoreError(
            f"this Python's SQLite library is {'.'.join(map(str, version))}; goodword needs "
            f"{needed} or newer (Python 3.11+ from python.org, Ubuntu 22.04+ and Debian 12+ "
            "have it). Use a newer Python build, or PostgreSQL via GOODWORD_DATABASE_URL."
        )


def _ensure_parent(url: str) -> None:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.execute("PRAGMA cache_size=-65536")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()

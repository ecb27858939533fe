"""Small helpers that hide the differences between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert(conn: Connection, table: Table) -> Any:
    """An INSERT that supports ``on_conflict_do_nothing`` / ``on_conflict_do_update``."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def chunks(items: list[Any], size: int = 900) -> list[list[Any]]:
    """Split ``items`` so IN lists stay under SQLite's bound-parameter limit."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def marks(conn: Connection, n: int) -> str:
    """``n`` driver placeholders joined by commas (qmark for SQLite, format for psycopg)."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * n)


def codepoint(conn: Connection, expr: str) -> str:
    """``expr`` compared by code point, as Python compares strings: SQLite's default already
    does; PostgreSQL follows the database's collation unless told "C"."""
    return f'{expr} COLLATE "C"' if conn.dialect.name == "postgresql" else expr


def lookup(conn: Connection, sql: str, venue: int, keys: list[str]) -> list[tuple[Any, ...]]:
    """Run ``sql`` (ending in ``IN ({})``, first parameter the venue) over ``keys`` in chunks,
    on the driver's own cursor: no statement compilation, and plain tuples rather than rows
    (a batch's lookups return tens of thousands of them)."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    rows: list[tuple[Any, ...]] = []
    try:
        for part in chunks(keys, 5000):
            cursor.execute(sql.format(marks(conn, len(part))), (venue, *part))
            rows += cursor.fetchall()
    finally:
        cursor.close()
    return rows


def execute_rows(conn: Connection, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """``executemany`` of driver-style ``sql`` on the driver's cursor, which takes any
    iterable of rows: a batch's rows can be zipped from its columns as they are sent."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


def insert_returning(
    conn: Connection, head: str, rows: Sequence[tuple[Any, ...]], tail: str
) -> list[tuple[Any, ...]]:
    """``{head} VALUES (…), (…) {tail}`` over ``rows``, many rows a statement (as many as the
    bound-parameter limit allows), on the driver's cursor; the rows its RETURNING clause gives.

    One multi-row statement returns the ids it assigned, where ``executemany`` would need a
    lookup afterwards."""
    if not rows:
        return []
    width = len(rows[0])
    mark = f"({marks(conn, width)})"
    per = 30000 // width  # SQLite allows 32,766 bound parameters, PostgreSQL 65,535
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    out: list[tuple[Any, ...]] = []
    try:
        for i in range(0, len(rows), per):
            part = rows[i : i + per]
            values = ", ".join([mark] * len(part))
            cursor.execute(f"{head} VALUES {values} {tail}", list(chain.from_iterable(part)))
            out += cursor.fetchall()
    finally:
        cursor.close()
    return out

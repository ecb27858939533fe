"""Load the demo's side files into a store: roster, staff marking, issued codes, a fresh file.

Queries here are plain functions taking a Connection, like the rest of the store's.
"""

from __future__ import annotations

import csv
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, func, or_, select, update

from goodword.errors import ConfigError
from goodword.store.schema import authors, post_products, posts, threads, venues


def sqlite_path(url: str) -> Path:
    """The file behind a ``sqlite:///`` URL; ConfigError for anything else."""
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        raise ConfigError(
            f"goodword demo builds a fresh SQLite file, not {url!r}: pass --db PATH "
            "(or unset GOODWORD_DATABASE_URL)"
        )
    return Path(url.removeprefix("sqlite:///")).expanduser()


def make_fresh(path: Path) -> bool:
    """Remove ``path`` when it is a goodword database; True if one was replaced.

    Refuses (ConfigError) to touch a file that is not an empty file or a goodword store.
    """
    if not path.exists():
        return False
    if path.stat().st_size and not _is_goodword(path):
        raise ConfigError(
            f"{path} exists and is not a goodword database; the demo will not replace it. "
            "Pass --db with a new file name."
        )
    for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    return True


def _is_goodword(path: Path) -> bool:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            names = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
    except sqlite3.DatabaseError:
        return False
    return {"alembic_version", "posts", "venues"} <= names


def author_handle(conn: Connection, venue: str, handle: str) -> str | None:
    """The stored handle of ``handle`` on ``venue``: itself, or the author showing that name.

    Forum dumps key authors by user id and show a display name; rosters list the name.
    """
    query = (
        select(authors.c.handle)
        .join(venues, venues.c.id == authors.c.venue_id)
        .where(venues.c.key == venue)
        .where(or_(authors.c.handle == handle, authors.c.display_name == handle))
        .order_by(authors.c.id)
    )
    return conn.execute(query).scalars().first()


def mark_accounts(conn: Connection, venue: str, handle: str, role: str, brand: str) -> int:
    """Give the author ``handle`` on ``venue`` (and their posts and threads) a role and brand."""
    vid = conn.execute(select(venues.c.id).where(venues.c.key == venue)).scalar()
    aid = conn.execute(
        select(authors.c.id).where(authors.c.venue_id == vid, authors.c.handle == handle)
    ).scalar()
    if aid is None:
        return 0
    conn.execute(update(authors).where(authors.c.id == aid).values(role=role, brand=brand))
    changed = conn.execute(
        update(posts).where(posts.c.author_id == aid).values(role=role, brand=brand)
    ).rowcount
    touched = select(posts.c.thread_id).where(posts.c.author_id == aid).scalar_subquery()
    conn.execute(update(threads).where(threads.c.id.in_(touched)).values(brand=brand))
    return changed


def thread_id(conn: Connection, venue: str, root_external_id: str) -> int | None:
    """The stored id of the thread rooted at ``root_external_id`` on ``venue``."""
    query = (
        select(threads.c.id)
        .join(venues, venues.c.id == threads.c.venue_id)
        .where(venues.c.key == venue, threads.c.root_external_id == root_external_id)
    )
    return conn.execute(query).scalar()


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def day_start(value: str) -> datetime | None:
    """``2025-03-01`` as midnight of that day; empty as None."""
    return datetime.fromisoformat(value) if value else None


def day_end(value: str) -> datetime | None:
    """The end of the last day ``value`` (midnight after it); empty (still serving) as None."""
    return datetime.fromisoformat(value) + timedelta(days=1) if value else None


def product_links(conn: Connection) -> int:
    """How many (post, product) mentions are stored."""
    return int(conn.execute(select(func.count()).select_from(post_products)).scalar_one())

"""Writing ingested records: venues, authors, posts, quarantine and the ingest cursor."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, bindparam, select, update

from goodword.model import RawPost, Reject, Role
from goodword.store import schema as s
from goodword.store.batch_threads import (
    NewThread,
    create_threads,
    plan,
    reserve_ids,
    stored_parents,
)
from goodword.store.dialect import chunks, insert, lookup, marks


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class BatchCounts:
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0


def venue_id(conn: Connection, key: str, kind: str) -> int:
    """The id of venue ``key``, created when new."""
    stmt = insert(conn, s.venues).values(key=key, kind=kind, name=key)
    conn.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))
    return conn.execute(select(s.venues.c.id).where(s.venues.c.key == key)).scalar_one()


def author_ids(conn: Connection, venue: int, posts: list[RawPost]) -> dict[str, int]:
    """Ids of the batch's authors in ``venue``, creating new ones; staff roles win."""
    wanted = {p.author: p for p in posts}
    cols = ("venue_id", "handle", "display_name", "followers", "role", "brand")
    sql = (
        f"INSERT INTO authors ({', '.join(cols)}) VALUES ({marks(conn, len(cols))}) "
        "ON CONFLICT (venue_id, handle) DO NOTHING"
    )
    conn.exec_driver_sql(sql, [tuple(_author_row(venue, p).values()) for p in wanted.values()])
    found = lookup(
        conn,
        f"SELECT handle, id, role FROM authors WHERE venue_id = {marks(conn, 1)} "
        "AND handle IN ({})",
        venue,
        list(wanted),
    )
    ids: dict[str, int] = {}
    for handle, aid, role in found:
        ids[handle] = aid
        _promote(conn, aid, role, wanted[handle])
    return ids


def _author_row(venue: int, p: RawPost) -> dict[str, object]:
    return {
        "venue_id": venue,
        "handle": p.author,
        "display_name": p.author_name,
        "followers": p.followers,
        "role": str(p.role),
        "brand": p.brand,
    }


def _promote(conn: Connection, aid: int, role: str, p: RawPost) -> None:
    if role == Role.CUSTOMER and p.role != Role.CUSTOMER:
        conn.execute(
            update(s.authors).where(s.authors.c.id == aid).values(role=str(p.role), brand=p.brand)
        )


def content_hash(p: RawPost) -> str:
    """What makes two versions of a post different."""
    parts = (
        p.author,
        p.created_at.isoformat(),
        p.text,
        p.parent_id,
        p.title,
        p.url,
        p.score,
        p.rating,
        p.accepted,
        p.kind,
        p.role,
        p.brand,
        p.product_hint,
    )
    joined = "\x1f".join("" if x is None else str(x) for x in parts)
    return hashlib.blake2b(joined.encode(), digest_size=16).hexdigest()


POST_COLUMNS = (
    "id",
    "parent_id",
    "thread_id",
    "venue_id",
    "external_id",
    "parent_external_id",
    "author_id",
    "role",
    "brand",
    "kind",
    "created_at",
    "title",
    "text",
    "url",
    "score",
    "rating",
    "accepted",
    "product_hint",
    "raw",
    "content_hash",
    "source",
)


def _post_row(
    conn: Connection,
    p: RawPost,
    venue: int,
    author: int,
    digest: str,
    source: str,
    place: tuple[int, int | None, int | None],
) -> tuple[object, ...]:
    """A posts row in POST_COLUMNS order, as the driver takes it; place = ids and thread."""
    return (
        *place,
        venue,
        p.external_id,
        p.parent_id,
        author,
        str(p.role),
        p.brand,
        str(p.kind),
        _when(conn, p.created_at),
        p.title,
        p.text,
        p.url,
        p.score,
        p.rating,
        p.accepted,
        p.product_hint,
        _raw(p.raw),
        digest,
        source,
    )


def _raw(raw: dict[str, object] | str) -> str:
    return raw if isinstance(raw, str) else json.dumps(raw, default=str, ensure_ascii=False)


def _when(conn: Connection, value: datetime) -> object:
    """SQLite keeps DateTime as SQLAlchemy's text form; PostgreSQL takes the datetime."""
    if conn.dialect.name == "sqlite":
        return value.isoformat(sep=" ", timespec="microseconds")
    return value


def existing_hashes(conn: Connection, venue: int, ids: list[str]) -> dict[str, str]:
    sql = (
        "SELECT external_id, content_hash FROM posts WHERE venue_id = {m} AND external_id IN ({{}})"
    )
    return dict(lookup(conn, sql.format(m=marks(conn, 1)), venue, ids))


def write_posts(conn: Connection, venue: int, posts: list[RawPost], source: str) -> BatchCounts:
    """Insert new posts threaded, update changed ones, leave identical ones alone."""
    latest = {p.external_id: p for p in posts}  # a repeated id in one batch: last one wins
    authors = author_ids(conn, venue, list(latest.values()))  # on SQLite: takes the write lock
    known = existing_hashes(conn, venue, list(latest))
    new: list[tuple[RawPost, str]] = []
    changed: list[tuple[RawPost, str]] = []
    for ext, p in latest.items():
        digest = content_hash(p)
        if known.get(ext) != digest:
            (changed if ext in known else new).append((p, digest))
    if new:
        _insert_new(conn, venue, new, authors, source)
    if changed:
        rows = [
            _post_row(conn, p, venue, authors[p.author], d, source, (0, None, None))
            for p, d in changed
        ]
        _update_posts(conn, venue, [dict(zip(POST_COLUMNS[3:], r[3:], strict=True)) for r in rows])
    unchanged = len(posts) - len(new) - len(changed)
    return BatchCounts(stored=len(new), updated=len(changed), unchanged=unchanged)


def _insert_new(
    conn: Connection,
    venue: int,
    new: list[tuple[RawPost, str]],
    authors: dict[str, int],
    source: str,
) -> None:
    places = _places(conn, venue, [p for p, _ in new])
    rows = [
        _post_row(conn, p, venue, authors[p.author], d, source, places[p.external_id])
        for p, d in new
    ]
    conn.exec_driver_sql(_insert_sql(conn), rows)


def _places(
    conn: Connection, venue: int, new: list[RawPost]
) -> dict[str, tuple[int, int | None, int | None]]:
    """(post id, parent id, thread id) for each new post, threaded within its batch."""
    ids = dict(zip([p.external_id for p in new], reserve_ids(conn, len(new)), strict=True))
    parents = {p.external_id: p.parent_id for p in new}
    outside = sorted({pe for pe in parents.values() if pe and pe not in parents})
    links = plan(parents, ids, stored_parents(conn, venue, outside))
    roots = {
        lk.thread.root: (ids[lk.thread.root], lk.thread.orphan)
        for lk in links.values()
        if isinstance(lk.thread, NewThread)
    }
    tids = create_threads(conn, venue, roots)
    return {
        ext: (
            ids[ext],
            lk.parent_id,
            tids[lk.thread.root] if isinstance(lk.thread, NewThread) else lk.thread,
        )
        for ext, lk in links.items()
    }


def _insert_sql(conn: Connection) -> str:
    cols = ", ".join(POST_COLUMNS)
    return f"INSERT INTO posts ({cols}) VALUES ({marks(conn, len(POST_COLUMNS))})"


def _update_posts(conn: Connection, venue: int, rows: list[dict[str, object]]) -> None:
    """Changed posts: new content, and their old threads are rebuilt."""
    _unthread(conn, venue, [str(r["external_id"]) for r in rows])
    for r in rows:
        if conn.dialect.name == "sqlite":
            r["created_at"] = datetime.fromisoformat(str(r["created_at"]))
    cols = [c for c in rows[0] if c not in ("venue_id", "external_id")]
    stmt = (
        update(s.posts)
        .where(s.posts.c.venue_id == bindparam("b_venue"))
        .where(s.posts.c.external_id == bindparam("b_ext"))
        .values({**{c: bindparam(c) for c in cols}, "parent_id": None, "thread_id": None})
    )
    conn.execute(stmt, [{**r, "b_venue": venue, "b_ext": r["external_id"]} for r in rows])


def quarantine(conn: Connection, source: str, fmt: str, rejects: Iterable[Reject]) -> int:
    rows = [
        {
            "source": source,
            "format": fmt,
            "record_no": r.record_no,
            "reason": r.reason,
            "raw": r.raw,
            "created_at": now(),
        }
        for r in rejects
    ]
    if not rows:
        return 0
    stmt = insert(conn, s.quarantine)
    stmt = stmt.on_conflict_do_update(
        index_elements=["source", "record_no"],
        set_={
            "reason": stmt.excluded.reason,
            "raw": stmt.excluded.raw,
            "format": stmt.excluded.format,
        },
    )
    conn.execute(stmt, rows)
    return len(rows)


def _unthread(conn: Connection, venue: int, external_ids: list[str]) -> None:
    """Mark every post of the threads holding ``external_ids`` for re-threading."""
    for part in chunks(external_ids):
        old = select(s.posts.c.thread_id).where(
            s.posts.c.venue_id == venue,
            s.posts.c.external_id.in_(part),
            s.posts.c.thread_id.is_not(None),
        )
        tids = conn.execute(old).scalars().all()
        for tpart in chunks(list(set(tids))):
            conn.execute(
                update(s.posts).where(s.posts.c.thread_id.in_(tpart)).values(thread_id=None)
            )

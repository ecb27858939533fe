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
from goodword.store.dialect import chunks, insert


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
    rows = [_author_row(venue, p) for p in wanted.values()]
    stmt = insert(conn, s.authors).on_conflict_do_nothing(index_elements=["venue_id", "handle"])
    conn.execute(stmt, rows)
    ids: dict[str, int] = {}
    for part in chunks(list(wanted)):
        q = select(s.authors.c.handle, s.authors.c.id, s.authors.c.role).where(
            s.authors.c.venue_id == venue, s.authors.c.handle.in_(part)
        )
        for handle, aid, role in conn.execute(q):
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
    conn: Connection, p: RawPost, venue: int, author: int, digest: str, source: str
) -> tuple[object, ...]:
    """A posts row in POST_COLUMNS order, as the driver takes it."""
    return (
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
        json.dumps(p.raw, default=str, ensure_ascii=False),
        digest,
        source,
    )


def _raw(raw: dict[str, object] | str) -> str:
    return raw if isinstance(raw, str) else json.dumps(raw, default=str, ensure_ascii=False)


def _when(conn: Connection, value: datetime) -> object:
    """SQLite keeps DateTime as SQLAlchemy's text form; PostgreSQL takes the datetime."""
    if conn.dialect.name == "sqlite":
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def existing_hashes(conn: Connection, venue: int, ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in chunks(ids):
        q = select(s.posts.c.external_id, s.posts.c.content_hash).where(
            s.posts.c.venue_id == venue, s.posts.c.external_id.in_(part)
        )
        found.update({ext: digest for ext, digest in conn.execute(q)})
    return found


def write_posts(conn: Connection, venue: int, posts: list[RawPost], source: str) -> BatchCounts:
    """Insert new posts, update changed ones, leave identical ones alone."""
    latest = {p.external_id: p for p in posts}  # a repeated id in one batch: last one wins
    authors = author_ids(conn, venue, list(latest.values()))
    known = existing_hashes(conn, venue, list(latest))
    new, changed = [], []
    for ext, p in latest.items():
        digest = content_hash(p)
        if known.get(ext) == digest:
            continue
        row = _post_row(conn, p, venue, authors[p.author], digest, source)
        (changed if ext in known else new).append(row)
    if new:
        conn.exec_driver_sql(_insert_sql(conn), new)
    if changed:
        _update_posts(conn, venue, [dict(zip(POST_COLUMNS, r, strict=True)) for r in changed])
    unchanged = len(posts) - len(new) - len(changed)
    return BatchCounts(stored=len(new), updated=len(changed), unchanged=unchanged)


def _insert_sql(conn: Connection) -> str:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    cols = ", ".join(POST_COLUMNS)
    return f"INSERT INTO posts ({cols}) VALUES ({', '.join([mark] * len(POST_COLUMNS))})"


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

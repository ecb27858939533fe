"""Writing ingested records: venues, authors, posts, quarantine and the ingest cursor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter

from sqlalchemy import Connection, bindparam, select, update

from goodword.model import Reject, Role
from goodword.store import schema as s
from goodword.store.batch_threads import (
    Chains,
    Gain,
    chain_heads,
    chains,
    create_threads,
    new_roots,
    places,
    reserve_ids,
    stored_parents,
)
from goodword.store.dialect import (
    chunks,
    codepoint,
    execute_rows,
    insert,
    insert_returning,
    lookup,
    marks,
)
from goodword.store.prepare import AUTHOR_COLUMNS, POST_COLUMNS, TAIL, VenueRows, chain_gains


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


def author_ids(
    conn: Connection, venue: int, authors: dict[str, tuple[object, ...]]
) -> dict[str, int]:
    """Ids of the batch's authors in ``venue``, creating new ones; staff roles win: a known
    customer seen acting as staff takes the staff role and brand.

    ``authors`` maps each handle to its row of ``AUTHOR_COLUMNS``."""
    values = list(authors.values())
    # columns empty for every author of the batch (a tweet's author has no display name
    # here) are left to default to NULL rather than bound as None (see _insert_sql)
    keep = [j for j in range(len(AUTHOR_COLUMNS)) if any(a[j] is not None for a in values)]
    pick = itemgetter(*keep)
    head = f"INSERT INTO authors (venue_id, {', '.join(AUTHOR_COLUMNS[j] for j in keep)})"
    tail = (
        "ON CONFLICT (venue_id, handle) DO UPDATE "
        "SET role = excluded.role, brand = excluded.brand "
        f"WHERE authors.role = '{Role.CUSTOMER}' AND excluded.role <> '{Role.CUSTOMER}' "
        "RETURNING handle, id"
    )
    rows = [(venue, *pick(a)) for a in values]
    ids = dict(insert_returning(conn, head, rows, tail))
    if len(ids) < len(authors):  # the ones held already, unchanged
        sql = (
            f"SELECT handle, id FROM authors WHERE venue_id = {marks(conn, 1)} AND handle IN ({{}})"
        )
        ids.update(lookup(conn, sql, venue, [h for h in authors if h not in ids]))
    return ids


def existing_hashes(conn: Connection, venue: int, ids: list[str]) -> dict[str, str]:
    sql = (
        "SELECT external_id, content_hash FROM posts WHERE venue_id = {m} AND external_id IN ({{}})"
    )
    return dict(lookup(conn, sql.format(m=marks(conn, 1)), venue, ids))


def write_posts(conn: Connection, venue: int, rows: VenueRows) -> BatchCounts:
    """Insert new posts threaded, update changed ones, leave identical ones alone."""
    authors = author_ids(conn, venue, rows.authors)  # on SQLite: takes the write lock
    known = existing_hashes(conn, venue, rows.external_ids)
    new: list[int] = []
    changed: list[int] = []
    if not known:  # the usual case of a load: every post is new
        new = list(range(len(rows.digests)))
    else:
        for i, (ext, digest) in enumerate(zip(rows.external_ids, rows.digests, strict=True)):
            old = known.get(ext)
            if old is None:
                new.append(i)
            elif old != digest:
                changed.append(i)
    if new:
        _insert_new(conn, venue, rows, new if len(new) < len(rows.digests) else None, authors)
    if changed:
        _update_posts(conn, venue, [_post_dict(rows, i, venue, authors) for i in changed])
    unchanged = rows.received - len(new) - len(changed)
    return BatchCounts(stored=len(new), updated=len(changed), unchanged=unchanged)


def _insert_new(
    conn: Connection,
    venue: int,
    rows: VenueRows,
    which: list[int] | None,
    authors: dict[str, int],
) -> None:
    """Insert the posts at positions ``which`` (None: all of them), threaded."""
    exts, parents, handles, columns = rows.external_ids, rows.parents, rows.handles, rows.columns
    c = rows.chains
    if which is not None or c is None:
        if which is not None:
            exts, parents, handles = ([col[i] for i in which] for col in (exts, parents, handles))
            columns = [tuple(col[i] for i in which) for col in columns]
        c = chains(exts, parents)
    ids = reserve_ids(conn, len(exts))
    parent_ids, thread_ids = _threaded(conn, venue, exts, ids, c, chain_gains(c, columns))
    sql, bound = _insert_sql(conn, venue, columns)
    authored = map(authors.__getitem__, handles)
    placed = (ids, parent_ids, thread_ids, exts, parents, authored)
    execute_rows(conn, sql, zip(*placed, *bound, strict=True))


def _post_dict(rows: VenueRows, i: int, venue: int, authors: dict[str, int]) -> dict[str, object]:
    """A changed post as the columns an UPDATE sets (ids and thread are decided again)."""
    values = (venue, rows.external_ids[i], rows.parents[i], authors[rows.handles[i]])
    tail = (col[i] for col in rows.columns)
    return dict(zip(POST_COLUMNS[3:], (*values, *tail), strict=True))


def _threaded(
    conn: Connection, venue: int, exts: list[str], ids: list[int], c: Chains, gains: dict[int, Gain]
) -> tuple[list[int | None], list[int | None]]:
    """The parent id and thread id of each new post (``ids``, in batch order); new threads
    are created with what the batch brings them, stored ones have it added."""
    heads = chain_heads(c, exts, stored_parents(conn, venue, sorted(set(c.outside.values()))))
    tids = create_threads(conn, venue, new_roots(heads, ids, gains))
    grown: dict[int, Gain] = {}
    for t, lk in heads.items():
        if isinstance(lk.thread, int):
            g = gains[t]
            if lk.thread in grown:
                grown[lk.thread].add(g.posts, g.first, g.last, g.brand)
            else:
                grown[lk.thread] = Gain(g.posts, g.first, g.last, g.brand)
    if grown:
        _add_to_threads(conn, grown)
    return places(c, ids, heads, tids)


def _add_to_threads(conn: Connection, grown: dict[int, Gain]) -> None:
    """Add new posts to stored threads: {thread id: what they bring}."""
    m = marks(conn, 1)
    sql = (
        f"UPDATE threads SET post_count = post_count + {m}, "
        f"started_at = CASE WHEN started_at IS NULL OR started_at > {m} THEN {m} "
        "ELSE started_at END, "
        f"last_post_at = CASE WHEN last_post_at IS NULL OR last_post_at < {m} THEN {m} "
        "ELSE last_post_at END, "
        f"brand = CASE WHEN brand IS NULL OR {codepoint(conn, 'brand')} > {m} "
        f"THEN coalesce({m}, brand) ELSE brand END "
        f"WHERE id = {m}"
    )
    conn.exec_driver_sql(
        sql,
        [
            (g.posts, g.first, g.first, g.last, g.last, g.brand, g.brand, tid)
            for tid, g in grown.items()
        ],
    )


def _insert_sql(
    conn: Connection, venue: int, columns: list[tuple[object, ...]]
) -> tuple[str, list[tuple[object, ...]]]:
    """The posts INSERT of a batch whose POST_COLUMNS[TAIL:] are ``columns``, and the ones
    it binds. The venue and any column empty in the whole batch (a tweet has no title, url,
    score or rating) are written into the statement: Python's sqlite3 binds None only after
    looking for an adapter, a cost paid per value."""
    names = ["id", "parent_id", "thread_id", "external_id", "parent_external_id", "author_id"]
    values = [marks(conn, len(names)), str(int(venue))]
    names.append("venue_id")
    bound = []
    for name, column in zip(POST_COLUMNS[TAIL:], columns, strict=True):
        names.append(name)
        if column.count(None) == len(column):
            values.append("NULL")
        else:
            values.append(marks(conn, 1))
            bound.append(column)
    sql = f"INSERT INTO posts ({', '.join(names)}) VALUES ({', '.join(values)})"
    return sql, bound


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

"""Threading a batch as it is written, so most posts never need a second write.

:func:`chains` is pure and needs no store, so the reader process runs it: it finds each
post's parent and the top of its reply chain inside the batch. Once ids are reserved and the
parents outside the batch are looked up, :func:`chain_heads` and :func:`places` decide each
post's parent id and thread. A post whose thread cannot be known yet (its
parent is stored but not yet threaded) is left *dirty* for :func:`store.threading.rethread`.
Reply cycles inside a batch are broken at their lowest id, as ``rethread`` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, text

from goodword.store.dialect import codepoint, insert_returning, lookup, marks

# Named tuples, not dataclasses: a million-post load makes hundreds of thousands of each.


class NewThread(NamedTuple):
    root: str  # external id of the root post
    orphan: bool  # the root answers a post that is not stored


class Link(NamedTuple):
    parent_id: int | None
    thread: NewThread | int | None  # a new thread, a stored thread id, or None (dirty)


@dataclass(slots=True)
class Gain:
    """What new posts bring a thread: how many, the first and last times, the least brand,
    and the title of the chain's top (which counts where the top is a new thread's root)."""

    posts: int
    first: Any
    last: Any
    brand: str | None
    title: str | None = None

    def add(self, posts: int, first: Any, last: Any, brand: str | None) -> None:
        self.posts += posts
        if first < self.first:
            self.first = first
        if last > self.last:
            self.last = last
        if brand is not None and (self.brand is None or brand < self.brand):
            self.brand = brand


@dataclass(frozen=True, slots=True)
class Chains:
    """A batch's reply chains by position, found without the store (see :func:`chains`)."""

    parent_pos: list[int]  # position of each post's parent in the batch, or -1
    top: list[int]  # position of the first post of each post's chain in the batch
    tops: list[int]  # the positions that are tops, in order
    outside: dict[int, str]  # tops answering a post outside the batch: its external id
    orphans: frozenset[int]  # tops that answer themselves or were cut out of a reply cycle


def chains(exts: list[str], parents: list[str | None]) -> Chains:
    """The reply chains of posts that will get ids in this order.

    A reply cycle is cut at its earliest position (the lowest id, as ids follow positions).
    """
    pos = {ext: i for i, ext in enumerate(exts)}
    parent_pos = [-1] * len(exts)
    outside: dict[int, str] = {}
    orphans: set[int] = set()
    for i, parent in enumerate(parents):
        if parent is None:
            continue
        j = pos.get(parent)
        if j is None:
            outside[i] = parent
        elif j == i:
            orphans.add(i)
        else:
            parent_pos[i] = j
    top = _tops(parent_pos, orphans)
    tops = [i for i, t in enumerate(top) if t == i]
    return Chains(parent_pos, top, tops, outside, frozenset(orphans))


def _tops(parent_pos: list[int], orphans: set[int]) -> list[int]:
    """The top of every chain; a cycle's earliest post becomes a top (and an orphan)."""
    top = [-1] * len(parent_pos)  # -1 unknown, -2 on the path being followed
    for start in range(len(parent_pos)):
        path: list[int] = []
        cur = start
        while top[cur] < 0:
            if top[cur] == -2:  # back on the path: a cycle, cut at its earliest post
                first = min(path[path.index(cur) :])
                parent_pos[first] = -1
                orphans.add(first)
                found = first
                break
            top[cur] = -2
            path.append(cur)
            if parent_pos[cur] < 0:
                found = cur
                break
            cur = parent_pos[cur]
        else:
            found = top[cur]
        for p in path:
            top[p] = found
    return top


def chain_heads(
    c: Chains, exts: list[str], stored: Mapping[str, tuple[int, int | None]]
) -> dict[int, Link]:
    """The parent id and thread of each chain's top; the rest of a chain follows its top.

    A top answering a stored post joins that post's thread (None: not threaded yet, the
    post is left for :func:`goodword.store.threading.rethread`); any other top starts a thread,
    an orphan one unless it answers nothing.
    """
    heads: dict[int, Link] = {}
    for t in c.tops:
        parent = c.outside.get(t)
        if parent is not None and parent in stored:
            heads[t] = Link(*stored[parent])
        else:
            heads[t] = Link(None, NewThread(exts[t], orphan=parent is not None or t in c.orphans))
    return heads


def places(
    c: Chains, ids: list[int], heads: dict[int, Link], tids: Mapping[str, int]
) -> tuple[list[int | None], list[int | None]]:
    """The parent id and the thread id of every post, as two columns in batch order; ``ids``
    are the posts' ids, ``tids`` the ids of the threads created for the heads' new roots."""
    threads = {
        t: tids[lk.thread.root] if isinstance(lk.thread, NewThread) else lk.thread
        for t, lk in heads.items()
    }
    parent_ids = {t: lk.parent_id for t, lk in heads.items()}
    return (
        [
            parent_ids[top] if top == i else ids[pp]
            for i, (pp, top) in enumerate(zip(c.parent_pos, c.top, strict=True))
        ],
        list(map(threads.__getitem__, c.top)),
    )


def new_roots(
    heads: dict[int, Link], ids: list[int], gains: Mapping[int, Gain]
) -> dict[str, tuple[Any, ...]]:
    """The threads to create: {root external id: (root post id, orphan, posts, first time,
    last time, least brand, title)}, from what each chain brings."""
    return {
        lk.thread.root: (ids[t], lk.thread.orphan, *_fields(gains[t]))
        for t, lk in heads.items()
        if isinstance(lk.thread, NewThread)
    }


def _fields(g: Gain) -> tuple[Any, ...]:
    return g.posts, g.first, g.last, g.brand, g.title


def reserve_ids(conn: Connection, n: int) -> list[int]:
    """``n`` fresh post ids. On SQLite the batch already holds the write lock."""
    if conn.dialect.name == "postgresql":
        q = text(
            "SELECT nextval(pg_get_serial_sequence('posts', 'id')) FROM generate_series(1, :n)"
        )
        return list(conn.execute(q, {"n": n}).scalars())
    top = conn.execute(text("SELECT coalesce(max(id), 0) FROM posts")).scalar_one()
    return list(range(top + 1, top + 1 + n))


def stored_parents(
    conn: Connection, venue: int, wanted: list[str]
) -> dict[str, tuple[int, int | None]]:
    """(post id, thread id) of the stored posts among ``wanted`` external ids."""
    sql = (
        f"SELECT external_id, id, thread_id FROM posts WHERE venue_id = {marks(conn, 1)} "
        "AND external_id IN ({})"
    )
    return {ext: (pid, tid) for ext, pid, tid in lookup(conn, sql, venue, wanted)}


def create_threads(
    conn: Connection, venue: int, roots: dict[str, tuple[Any, ...]]
) -> dict[str, int]:
    """Thread ids for new roots, created with their counts and times (see :func:`new_roots`);
    a thread already held under a root's external id gains them."""
    head = (
        "INSERT INTO threads (venue_id, root_external_id, root_post_id, orphan, post_count, "
        "started_at, last_post_at, brand, title)"
    )
    tail = (
        "ON CONFLICT (venue_id, root_external_id) DO UPDATE SET "
        "root_post_id = excluded.root_post_id, orphan = excluded.orphan, "
        "post_count = threads.post_count + excluded.post_count, "
        "started_at = CASE WHEN threads.started_at < excluded.started_at "
        "THEN threads.started_at ELSE excluded.started_at END, "
        "last_post_at = CASE WHEN threads.last_post_at > excluded.last_post_at "
        "THEN threads.last_post_at ELSE excluded.last_post_at END, "
        f"brand = coalesce(CASE WHEN {codepoint(conn, 'threads.brand')} < excluded.brand "
        "THEN threads.brand ELSE excluded.brand END, threads.brand, excluded.brand), "
        "title = excluded.title "
        "RETURNING root_external_id, id"
    )
    rows = [(venue, ext, *values) for ext, values in roots.items()]
    return dict(insert_returning(conn, head, rows, tail))  # type: ignore[arg-type]

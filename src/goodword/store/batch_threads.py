"""Threading a batch as it is written, so most posts never need a second write.

:func:`plan` is pure: given the batch's (external id, parent external id) pairs, the ids
reserved for them and what the store already knows about parents outside the batch, it
decides each post's parent id and thread. A post whose thread cannot be known yet (its
parent is stored but not yet threaded) is left *dirty* for :func:`store.threading.rethread`.
Reply cycles inside a batch are broken at their lowest id, as ``rethread`` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, text

from goodword.store.dialect import lookup, marks


@dataclass(frozen=True, slots=True)
class NewThread:
    root: str  # external id of the root post
    orphan: bool  # the root answers a post that is not stored


@dataclass(frozen=True, slots=True)
class Link:
    parent_id: int | None
    thread: NewThread | int | None  # a new thread, a stored thread id, or None (dirty)


def plan(
    parents: Mapping[str, str | None],
    ids: Mapping[str, int],
    stored: Mapping[str, tuple[int, int | None]],
) -> dict[str, Link]:
    """Parent id and thread for every post of a batch.

    ``parents`` maps each external id to its parent's external id; ``ids`` the post ids
    reserved for the batch; ``stored`` maps parent external ids found in the store to their
    (post id, thread id or None).
    """
    threads: dict[str, NewThread | int | None] = {}
    broken: set[str] = set()
    for ext in parents:
        if ext not in threads:
            _resolve(ext, parents, ids, stored, threads, broken)
    return {
        ext: Link(_parent_id(ext, parents, ids, stored, broken), threads[ext]) for ext in parents
    }


def _resolve(
    ext: str,
    parents: Mapping[str, str | None],
    ids: Mapping[str, int],
    stored: Mapping[str, tuple[int, int | None]],
    threads: dict[str, NewThread | int | None],
    broken: set[str],
) -> None:
    path: list[str] = []
    on_path: set[str] = set()
    cur = ext
    while True:
        if cur in threads:
            result = threads[cur]
            break
        if cur in on_path:  # a cycle: its lowest id becomes an orphan root
            cycle = path[path.index(cur) :]
            root = min(cycle, key=ids.__getitem__)
            broken.add(root)
            result = NewThread(root, orphan=True)
            break
        path.append(cur)
        on_path.add(cur)
        parent = parents[cur]
        if parent is None or parent == cur:
            result = NewThread(cur, orphan=parent is not None)
            break
        if parent in parents:
            cur = parent
            continue
        if parent in stored:
            result = stored[parent][1]  # the stored thread, or None when it is dirty
        else:
            result = NewThread(cur, orphan=True)
        break
    for p in path:
        threads[p] = result


def _parent_id(
    ext: str,
    parents: Mapping[str, str | None],
    ids: Mapping[str, int],
    stored: Mapping[str, tuple[int, int | None]],
    broken: set[str],
) -> int | None:
    parent = parents[ext]
    if parent is None or parent == ext or ext in broken:
        return None
    if parent in ids:
        return ids[parent]
    return stored[parent][0] if parent in stored else None


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
    conn: Connection, venue: int, roots: dict[str, tuple[int, bool]]
) -> dict[str, int]:
    """Thread ids for new roots ({root external id: (root post id, orphan)})."""
    if not roots:
        return {}
    sql = (
        "INSERT INTO threads (venue_id, root_external_id, root_post_id, orphan, post_count) "
        f"VALUES ({marks(conn, 5)}) ON CONFLICT (venue_id, root_external_id) DO UPDATE "
        "SET root_post_id = excluded.root_post_id, orphan = excluded.orphan"
    )
    conn.exec_driver_sql(
        sql, [(venue, ext, pid, orphan, 0) for ext, (pid, orphan) in roots.items()]
    )
    find = (
        f"SELECT root_external_id, id FROM threads WHERE venue_id = {marks(conn, 1)} "
        "AND root_external_id IN ({})"
    )
    return dict(lookup(conn, find, venue, list(roots)))

"""Rebuilding threads from parent links, set-based, on SQLite and PostgreSQL alike.

A post whose ``thread_id`` is NULL is *dirty*. :func:`rethread` copies the dirty posts' links
into a narrow scratch table, resolves parents, gives every dirty root a thread, pulls every
dirty descendant into its ancestor's thread, breaks reply cycles (the lowest post id of a
cycle becomes an orphan root) and writes ``parent_id``/``thread_id`` back to ``posts`` in one
pass, then refreshes the counts of the threads it touched. With nothing dirty it does nothing.
An orphan root whose parent arrives later is re-threaded under it (its thread merges).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from goodword.store.dialect import codepoint

_REOPEN_ORPHANS = """
UPDATE posts SET thread_id = NULL
WHERE thread_id IN (
    SELECT t.id FROM threads t
    JOIN posts c ON c.id = t.root_post_id
    JOIN posts p ON p.venue_id = c.venue_id AND p.external_id = c.parent_external_id
    WHERE t.venue_id = :v AND t.orphan AND c.parent_id IS NULL AND p.id <> c.id
      AND (p.thread_id IS NULL OR p.thread_id <> t.id)
)
"""  # an orphan post is the root of an orphan thread: look only at those

_SCRATCH = {
    "tp": "id BIGINT PRIMARY KEY, ext VARCHAR(100), parent_ext VARCHAR(100), "
    "parent_id BIGINT, tid BIGINT",
    "thread_map": "id BIGINT PRIMARY KEY, tid BIGINT",
    "touched": "tid BIGINT PRIMARY KEY",
}

_FILL = """
INSERT INTO tp (id, ext, parent_ext, parent_id)
SELECT id, external_id, parent_external_id, NULL FROM posts
WHERE thread_id IS NULL AND +venue_id = :v
"""  # the unary plus keeps SQLite on the thread index, not a walk of the venue's posts

_PARENTS = """
UPDATE tp SET parent_id = (
    SELECT p.id FROM posts p
    WHERE p.venue_id = :v AND p.external_id = tp.parent_ext AND p.id <> tp.id
)
WHERE parent_ext IS NOT NULL
"""

_ROOT_THREADS = """
INSERT INTO threads (venue_id, root_external_id, root_post_id, orphan, post_count)
SELECT :v, ext, id, {orphan}, 0 FROM tp WHERE parent_id IS NULL AND tid IS NULL {extra}
ON CONFLICT (venue_id, root_external_id)
DO UPDATE SET root_post_id = excluded.root_post_id, orphan = excluded.orphan
"""

_ROOT_TIDS = """
UPDATE tp SET tid = (
    SELECT t.id FROM threads t WHERE t.venue_id = :v AND t.root_external_id = tp.ext
)
WHERE parent_id IS NULL AND tid IS NULL {extra}
"""

_DESCENDANTS = """
WITH RECURSIVE down(id, tid) AS (
    SELECT tp.id, p.thread_id FROM tp JOIN posts p ON p.id = tp.parent_id
    WHERE tp.tid IS NULL AND p.thread_id IS NOT NULL
    UNION
    SELECT c.id, a.tid FROM tp c JOIN tp a ON c.parent_id = a.id
    WHERE c.tid IS NULL AND a.tid IS NOT NULL
    UNION
    SELECT c.id, down.tid FROM tp c JOIN down ON c.parent_id = down.id
    WHERE c.tid IS NULL
)
INSERT INTO thread_map (id, tid) SELECT id, min(tid) FROM down GROUP BY id
"""

_APPLY_MAP = """
UPDATE tp SET tid = (SELECT m.tid FROM thread_map m WHERE m.id = tp.id)
WHERE tid IS NULL AND id IN (SELECT id FROM thread_map)
"""

_WRITE_BACK = """
UPDATE posts SET parent_id = tp.parent_id, thread_id = tp.tid
FROM tp WHERE posts.id = tp.id
"""

_REFRESH = """
UPDATE threads SET post_count = agg.n, started_at = agg.first_at, last_post_at = agg.last_at,
       brand = agg.brand
FROM (
    SELECT p.thread_id AS tid, count(*) AS n, min(p.created_at) AS first_at,
           max(p.created_at) AS last_at, min({brand}) AS brand
    FROM posts p JOIN touched t ON t.tid = p.thread_id GROUP BY p.thread_id
) AS agg
WHERE threads.id = agg.tid
"""

_ROOT_TITLE = "(SELECT p.title FROM posts p WHERE p.id = threads.root_post_id)"
_TITLES = f"""
UPDATE threads SET title = {_ROOT_TITLE}
WHERE id IN (SELECT tid FROM touched) AND coalesce(title, '') <> coalesce({_ROOT_TITLE}, '')
"""

_DROP_EMPTY = """
DELETE FROM threads WHERE venue_id = :v
  AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = threads.id)
"""


def rethread(conn: Connection, venue: int) -> int:
    """Thread every dirty post of ``venue``; returns how many posts were (re)threaded."""
    conn.execute(text(_REOPEN_ORPHANS), {"v": venue})
    _scratch(conn)
    dirty = conn.execute(text(_FILL), {"v": venue}).rowcount
    if not dirty:
        return 0
    conn.execute(text(_PARENTS), {"v": venue})
    conn.execute(text("CREATE INDEX IF NOT EXISTS tp_parent ON tp (parent_id)"))
    _thread_roots(conn, venue)
    _thread_descendants(conn)
    while _break_one_cycle(conn, venue):
        _thread_descendants(conn)
    conn.execute(text(_WRITE_BACK))
    _refresh(conn, venue)
    return dirty


def _scratch(conn: Connection) -> None:
    for name, cols in _SCRATCH.items():
        conn.execute(text(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({cols})"))
        conn.execute(text(f"DELETE FROM {name}"))


def _thread_roots(conn: Connection, venue: int, extra: str = "", cycle: bool = False) -> None:
    orphan = "TRUE" if cycle else "(parent_ext IS NOT NULL)"
    conn.execute(text(_ROOT_THREADS.format(orphan=orphan, extra=extra)), {"v": venue})
    conn.execute(text(_ROOT_TIDS.format(extra=extra)), {"v": venue})


def _thread_descendants(conn: Connection) -> None:
    conn.execute(text("DELETE FROM thread_map"))
    conn.execute(text(_DESCENDANTS))
    conn.execute(text(_APPLY_MAP))


def _break_one_cycle(conn: Connection, venue: int) -> bool:
    """Posts still without a thread sit on, or hang off, a reply cycle: the cycle's lowest id
    becomes the root, as the batch planner cuts it."""
    first = conn.execute(text("SELECT min(id) FROM tp WHERE tid IS NULL")).scalar()
    if first is None:
        return False
    cut = _lowest_on_loop(conn, int(first))
    conn.execute(text("UPDATE tp SET parent_id = NULL WHERE id = :i"), {"i": cut})
    _thread_roots(conn, venue, extra=f"AND id = {cut}", cycle=True)
    return True


def _lowest_on_loop(conn: Connection, start: int) -> int:
    """Follow parents from ``start`` until one repeats; the lowest id on that loop."""
    path: list[int] = []
    cur: int | None = start
    while cur is not None and cur not in path:
        path.append(cur)
        cur = conn.execute(text("SELECT parent_id FROM tp WHERE id = :i"), {"i": cur}).scalar()
    return min(path[path.index(cur) :]) if cur is not None else start


def _refresh(conn: Connection, venue: int) -> None:
    conn.execute(text("INSERT INTO touched (tid) SELECT DISTINCT tid FROM tp"))
    conn.execute(text(_REFRESH.format(brand=codepoint(conn, "p.brand"))))
    conn.execute(text(_TITLES))
    conn.execute(text(_DROP_EMPTY), {"v": venue})

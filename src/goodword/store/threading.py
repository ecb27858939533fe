"""Rebuilding threads from parent links, set-based, on SQLite and PostgreSQL alike.

A post whose ``thread_id`` is NULL is *dirty*. :func:`rethread` resolves parent links, gives
every dirty root a thread, pulls every dirty descendant into its ancestor's thread, breaks
reply cycles (the lowest post id of a cycle becomes its root) and refreshes the counts of the
threads it touched. Running it again with nothing dirty changes nothing.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

_RESOLVE_ORPHANS_NOW_PARENTED = """
UPDATE posts SET thread_id = NULL
WHERE thread_id IN (
    SELECT c.thread_id FROM posts c JOIN posts p
      ON p.venue_id = c.venue_id AND p.external_id = c.parent_external_id
    WHERE c.venue_id = :v AND c.parent_id IS NULL AND c.parent_external_id IS NOT NULL
      AND c.thread_id IS NOT NULL AND p.id <> c.id
      AND (p.thread_id IS NULL OR p.thread_id <> c.thread_id)
)
"""

_RESOLVE_PARENTS = """
UPDATE posts SET parent_id = (
    SELECT p.id FROM posts p
    WHERE p.venue_id = posts.venue_id AND p.external_id = posts.parent_external_id
      AND p.id <> posts.id
)
WHERE venue_id = :v AND parent_id IS NULL AND parent_external_id IS NOT NULL
  AND thread_id IS NULL
"""

_NEW_ROOT_THREADS = """
INSERT INTO threads (venue_id, root_external_id, root_post_id, orphan, post_count)
SELECT venue_id, external_id, id, {orphan}, 0 FROM posts
WHERE venue_id = :v AND thread_id IS NULL AND parent_id IS NULL {extra}
ON CONFLICT (venue_id, root_external_id)
DO UPDATE SET root_post_id = excluded.root_post_id, orphan = excluded.orphan
"""

_ROOTS_JOIN_THREADS = """
UPDATE posts SET thread_id = (
    SELECT t.id FROM threads t
    WHERE t.venue_id = posts.venue_id AND t.root_external_id = posts.external_id
)
WHERE venue_id = :v AND thread_id IS NULL AND parent_id IS NULL {extra}
"""

_DESCENDANTS = """
WITH RECURSIVE down(id, tid) AS (
    SELECT c.id, p.thread_id FROM posts c JOIN posts p ON c.parent_id = p.id
    WHERE c.venue_id = :v AND c.thread_id IS NULL AND p.thread_id IS NOT NULL
    UNION
    SELECT c.id, down.tid FROM posts c JOIN down ON c.parent_id = down.id
    WHERE c.thread_id IS NULL
)
INSERT INTO thread_map (id, tid) SELECT id, tid FROM down
"""

_APPLY_MAP = """
UPDATE posts SET thread_id = (SELECT m.tid FROM thread_map m WHERE m.id = posts.id)
WHERE id IN (SELECT id FROM thread_map)
"""

_MARK_DIRTY = """
INSERT INTO dirty (id) SELECT id FROM posts WHERE venue_id = :v AND thread_id IS NULL
"""

_REFRESH = """
UPDATE threads SET
  post_count = (SELECT count(*) FROM posts p WHERE p.thread_id = threads.id),
  started_at = (SELECT min(p.created_at) FROM posts p WHERE p.thread_id = threads.id),
  last_post_at = (SELECT max(p.created_at) FROM posts p WHERE p.thread_id = threads.id),
  brand = (SELECT min(p.brand) FROM posts p WHERE p.thread_id = threads.id),
  title = (SELECT p.title FROM posts p WHERE p.id = threads.root_post_id)
WHERE id IN (SELECT tid FROM touched)
"""

_DROP_EMPTY = """
DELETE FROM threads WHERE venue_id = :v
  AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = threads.id)
"""


def rethread(conn: Connection, venue: int) -> int:
    """Thread every dirty post of ``venue``; returns how many posts were (re)threaded."""
    conn.execute(text(_RESOLVE_ORPHANS_NOW_PARENTED), {"v": venue})
    _scratch(conn)
    dirty = conn.execute(text(_MARK_DIRTY), {"v": venue}).rowcount
    if not dirty:
        return 0
    conn.execute(text(_RESOLVE_PARENTS), {"v": venue})
    _thread_roots(conn, venue)
    _thread_descendants(conn, venue)
    while _break_one_cycle(conn, venue):
        _thread_descendants(conn, venue)
    _refresh(conn, venue)
    return dirty


def _scratch(conn: Connection) -> None:
    for name, cols in (
        ("thread_map", "id BIGINT PRIMARY KEY, tid BIGINT"),
        ("touched", "tid BIGINT PRIMARY KEY"),
        ("dirty", "id BIGINT PRIMARY KEY"),
    ):
        conn.execute(text(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({cols})"))
        conn.execute(text(f"DELETE FROM {name}"))


def _thread_roots(conn: Connection, venue: int, extra: str = "", orphan_all: bool = False) -> None:
    orphan = "TRUE" if orphan_all else "(parent_external_id IS NOT NULL)"
    conn.execute(text(_NEW_ROOT_THREADS.format(orphan=orphan, extra=extra)), {"v": venue})
    conn.execute(text(_ROOTS_JOIN_THREADS.format(extra=extra)), {"v": venue})


def _thread_descendants(conn: Connection, venue: int) -> None:
    conn.execute(text("DELETE FROM thread_map"))
    conn.execute(text(_DESCENDANTS), {"v": venue})
    conn.execute(text(_APPLY_MAP))


def _break_one_cycle(conn: Connection, venue: int) -> bool:
    """Posts still dirty sit on a reply cycle: its lowest id becomes an orphan root."""
    q = text("SELECT min(id) FROM posts WHERE venue_id = :v AND thread_id IS NULL")
    first = conn.execute(q, {"v": venue}).scalar()
    if first is None:
        return False
    conn.execute(text("UPDATE posts SET parent_id = NULL WHERE id = :i"), {"i": first})
    _thread_roots(conn, venue, extra=f"AND id = {int(first)}", orphan_all=True)
    return True


def _refresh(conn: Connection, venue: int) -> None:
    conn.execute(
        text(
            "INSERT INTO touched (tid) SELECT DISTINCT p.thread_id FROM posts p "
            "JOIN dirty d ON d.id = p.id WHERE p.thread_id IS NOT NULL"
        )
    )
    conn.execute(text(_REFRESH))
    conn.execute(text(_DROP_EMPTY), {"v": venue})

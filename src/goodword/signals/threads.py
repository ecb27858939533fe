"""Per-thread roll-ups of the post signals: resolved (and by whom), gratitude, sentiment at
the start and at the end of the customer's side of the conversation.

:func:`rollup` is a pure function over a thread's posts; :func:`rollup_threads` reads the
stored post signals of some threads and replaces their thread signals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, insert, select

from goodword.store.schema import post_signals, posts, thread_signals

THREAD_ANALYZER = "goodword.threads"
THREAD_VERSION = "1.0"


@dataclass(frozen=True, slots=True)
class ThreadPost:
    """A post of a thread with the signals the roll-up reads."""

    id: int
    author_id: int
    role: str
    created_at: datetime
    accepted: bool
    solved: bool
    gratitude: bool
    polarity: float


def _is_company(post: ThreadPost) -> bool:
    return post.role in ("staff", "brand")


def who_solved(posts_in_order: Sequence[ThreadPost]) -> str:
    """staff | peer | self | none: who gave the answer that solved the thread."""
    accepted = next((p for p in posts_in_order if p.accepted), None)
    if accepted is not None:
        return "staff" if _is_company(accepted) else "peer"
    asker = posts_in_order[0].author_id
    for i, post in enumerate(posts_in_order[1:], start=1):
        if post.solved and not _is_company(post):
            helpers = [p for p in posts_in_order[:i] if p.author_id != post.author_id]
            if not helpers:
                return "self"
            if post.author_id != asker:
                return "peer"
            return "staff" if _is_company(helpers[-1]) else "peer"
    return "none"


def rollup(posts_in_order: Sequence[ThreadPost]) -> dict[str, tuple[float, str | None]]:
    """Thread signals (name -> (score, label)) from its posts, oldest first."""
    customer = [p for p in posts_in_order if not _is_company(p)]
    solver = who_solved(posts_in_order) if posts_in_order else "none"
    return {
        "resolved": (float(solver != "none"), solver),
        "gratitude": (float(any(p.gratitude for p in customer)), None),
        "sentiment_start": (customer[0].polarity if customer else 0.0, None),
        "sentiment_end": (customer[-1].polarity if customer else 0.0, None),
    }


def _thread_posts(conn: Connection, thread_ids: list[int]) -> dict[int, list[ThreadPost]]:
    rows = conn.execute(
        select(
            posts.c.id,
            posts.c.thread_id,
            posts.c.author_id,
            posts.c.role,
            posts.c.created_at,
            posts.c.accepted,
        )
        .where(posts.c.thread_id.in_(thread_ids))
        .order_by(posts.c.thread_id, posts.c.created_at, posts.c.id)
    ).all()
    signals = _signals_of(conn, [r.id for r in rows])
    by_thread: dict[int, list[ThreadPost]] = {}
    for r in rows:
        s = signals.get(r.id, {})
        by_thread.setdefault(r.thread_id, []).append(
            ThreadPost(
                r.id,
                r.author_id,
                r.role,
                r.created_at,
                bool(r.accepted),
                s.get("solved", ("no", 0.0))[0] == "yes",
                s.get("gratitude", ("no", 0.0))[0] == "yes",
                float(s.get("polarity", (None, 0.0))[1] or 0.0),
            )
        )
    return by_thread


def _signals_of(conn: Connection, post_ids: list[int]) -> dict[int, dict[str, tuple]]:
    found: dict[int, dict[str, tuple]] = {}
    for chunk in range(0, len(post_ids), 5000):
        rows = conn.execute(
            select(
                post_signals.c.post_id,
                post_signals.c.name,
                post_signals.c.label,
                post_signals.c.score,
            ).where(
                post_signals.c.post_id.in_(post_ids[chunk : chunk + 5000]),
                post_signals.c.name.in_(("solved", "gratitude", "polarity")),
            )
        ).all()
        for r in rows:
            found.setdefault(r.post_id, {})[r.name] = (r.label, r.score)
    return found


def rollup_threads(conn: Connection, thread_ids: Iterable[int]) -> int:
    """Recompute and replace the thread signals of ``thread_ids``; how many threads."""
    ids = sorted(set(thread_ids))
    if not ids:
        return 0
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {
            "thread_id": tid,
            "name": name,
            "score": score,
            "label": label,
            "analyzer": THREAD_ANALYZER,
            "version": THREAD_VERSION,
            "computed_at": now,
        }
        for tid, thread in _thread_posts(conn, ids).items()
        for name, (score, label) in rollup(thread).items()
    ]
    conn.execute(delete(thread_signals).where(thread_signals.c.thread_id.in_(ids)))
    if rows:
        conn.execute(insert(thread_signals), rows)
    return len({r["thread_id"] for r in rows})

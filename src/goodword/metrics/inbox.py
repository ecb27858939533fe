"""The triage inbox: the open threads that most need a public answer now.

priority = reach × negativity × shareability × waiting, each factor at least 1:

* reach: ``1 + log10(1 + followers of the customers in the thread)``
* negativity: ``1 + (1 - polarity of the last customer post) / 2``
* shareability: ``1 + shareability`` (how likely the thread is to travel)
* waiting: ``1 + log2(1 + hours since the customer started waiting)``

A factor without data counts as 1 and the line says so. Among equal priorities (same value
to one decimal) unanswered questions come first. Delight moments are flagged as
opportunities. "Now" is the newest post in the store unless given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import Connection, func, select

from goodword.metrics.frames import read_frame
from goodword.store.schema import posts, thread_outcomes, threads, venues


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One open thread, its priority and why."""

    thread_id: int
    venue: str
    brand: str | None
    priority: float
    waiting_s: float
    unanswered: bool
    question: bool
    opportunity: str | None
    reasons: tuple[str, ...]
    excerpt: str
    url: str | None


def inbox(conn: Connection, *, limit: int = 20, now: datetime | None = None) -> list[InboxItem]:
    """The ``limit`` open threads that most need a public answer, most urgent first."""
    frame = _open_threads(conn)
    if frame.empty:
        return []
    now = now or conn.execute(select(func.max(thread_outcomes.c.last_post_at))).scalar()
    frame = _prioritise(frame, pd.Timestamp(now))
    top = _with_details(conn, frame.head(limit))
    roots = _roots(conn, [int(t) for t in top["thread_id"]])
    return [_item(row, roots.get(int(row.thread_id), ("", None))) for row in top.itertuples()]


def _open_threads(conn: Connection) -> pd.DataFrame:
    """What ranks the open threads, and nothing more: the covering index
    ``ix_thread_outcomes_inbox`` answers it without touching the outcome rows."""
    o = thread_outcomes
    query = select(
        o.c.thread_id,
        o.c.reach,
        o.c.sentiment_end,
        o.c.shareability,
        o.c.waiting_since,
        o.c.unanswered,
        o.c.question,
    ).where(o.c.open.is_(True))
    return read_frame(conn, query)


def _with_details(conn: Connection, top: pd.DataFrame) -> pd.DataFrame:
    """The top threads with their venue key, brand and delight occasion."""
    o = thread_outcomes
    query = (
        select(o.c.thread_id, venues.c.key.label("venue"), o.c.brand, o.c.delight)
        .select_from(o.join(venues, venues.c.id == o.c.venue_id))
        .where(o.c.thread_id.in_([int(t) for t in top["thread_id"]]))
    )
    details = read_frame(conn, query)
    return top.merge(details, on="thread_id", how="left", sort=False)


def _prioritise(frame: pd.DataFrame, now: pd.Timestamp) -> pd.DataFrame:
    since = pd.to_datetime(frame["waiting_since"], format="ISO8601")
    waiting = (now - since).dt.total_seconds().clip(lower=0)
    reach = pd.to_numeric(frame["reach"], errors="coerce")
    polarity = pd.to_numeric(frame["sentiment_end"], errors="coerce")
    share = pd.to_numeric(frame["shareability"], errors="coerce")
    frame = frame.assign(
        waiting_s=waiting,
        f_reach=(1 + np.log10(1 + reach)).fillna(1.0),
        f_neg=(1 + (1 - polarity) / 2).fillna(1.0),
        f_share=(1 + share).fillna(1.0),
        f_wait=1 + np.log2(1 + waiting / 3600),
    )
    frame["priority"] = frame["f_reach"] * frame["f_neg"] * frame["f_share"] * frame["f_wait"]
    frame["tier"] = frame["priority"].round(1)
    frame["uq"] = frame["unanswered"].eq(True) & frame["question"].eq(True)
    return frame.sort_values(
        ["tier", "uq", "priority", "thread_id"], ascending=[False, False, False, True]
    )


def _roots(conn: Connection, ids: list[int]) -> dict[int, tuple[str, str | None]]:
    query = (
        select(threads.c.id, posts.c.text, posts.c.url, threads.c.title)
        .select_from(threads.join(posts, posts.c.id == threads.c.root_post_id))
        .where(threads.c.id.in_(ids))
    )
    found = {}
    for tid, text, url, title in conn.execute(query):
        found[tid] = (_excerpt(title or text or ""), url)
    return found


def _excerpt(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _item(row: object, root: tuple[str, str | None]) -> InboxItem:
    return InboxItem(
        thread_id=int(row.thread_id),
        venue=row.venue,
        brand=row.brand if isinstance(row.brand, str) else None,
        priority=round(float(row.priority), 2),
        waiting_s=float(row.waiting_s),
        unanswered=bool(row.unanswered),
        question=bool(row.question),
        opportunity=row.delight if isinstance(row.delight, str) else None,
        reasons=_reasons(row),
        excerpt=root[0],
        url=root[1],
    )


def _reasons(row: object) -> tuple[str, ...]:
    reasons = [
        _reach_reason(row),
        _neg_reason(row),
        _share_reason(row),
        f"waiting {_duration(row.waiting_s)} ×{row.f_wait:.1f}",
    ]
    if row.uq:
        reasons.append("unanswered question: first among equals")
    if isinstance(row.delight, str):
        reasons.append(f"delight moment ({row.delight}): an opportunity")
    return tuple(reasons)


def _reach_reason(row: object) -> str:
    if _missing(row.reach):
        return "reach unknown ×1.0"
    return f"reach {int(row.reach):,} followers ×{row.f_reach:.1f}"


def _neg_reason(row: object) -> str:
    if _missing(row.sentiment_end):
        return "sentiment not enriched ×1.0"
    return f"last customer post polarity {float(row.sentiment_end):+.2f} ×{row.f_neg:.1f}"


def _share_reason(row: object) -> str:
    if _missing(row.shareability):
        return "shareability not enriched ×1.0"
    return f"shareability {float(row.shareability):.2f} ×{row.f_share:.1f}"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"

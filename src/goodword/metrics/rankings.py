"""Rankings of Contributors and venues, and the credit of each staff reply.

A reply is credited to a Contributor by, in order: the author's own handle; the sign-off
at the end of a shared account's reply (``^JK``); the one Contributor scheduled at that
moment among those serving that venue or account. The leaderboard ranks by a *rate* with a
minimum sample, so volume alone cannot top it: the 95% Wilson lower bound of the share of
served threads that ended solved or thanked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, func, select

from goodword.metrics.aggregate import _median, _rate
from goodword.metrics.roster import RosterEntry
from goodword.store.schema import posts

RANK_RULE = (
    "ranked by the 95% lower bound of the share of served threads that ended solved or "
    "thanked, among those with at least {n} threads whose outcome is known; "
    "volume alone cannot top it"
)


def credit(replies: pd.DataFrame, entries: Sequence[RosterEntry]) -> pd.Series:
    """The Contributor name each reply is credited to (missing when nobody)."""
    handles = {(v, h.lower()): e.name for e in entries for v, h in e.handles}
    signed = {(a or "*", s): e.name for e in entries for a, s in e.signatures}
    keys = zip(replies["venue"], replies["account"], replies["display"], strict=True)
    by_handle = pd.Series(
        [handles.get((v, a)) or handles.get((v, d)) for v, a, d in keys],
        index=replies.index,
        dtype=object,
    )
    by_signature = pd.Series(
        [
            signed.get((a, s)) or signed.get(("*", s)) if s else None
            for a, s in zip(replies["account"], replies["signature"], strict=True)
        ],
        index=replies.index,
        dtype=object,
    )
    found = by_handle.fillna(by_signature)
    return found.fillna(_on_duty(replies, entries))


def _on_duty(replies: pd.DataFrame, entries: Sequence[RosterEntry]) -> pd.Series:
    """The single Contributor scheduled at an unsigned reply's time, serving its venue/account."""
    unsigned = replies["signature"].isna().to_numpy()
    names = np.full(len(replies), None, dtype=object)
    count = np.zeros(len(replies), dtype=int)
    times = replies["created_at"]
    for entry in (e for e in entries if e.periods):
        serves = _serves(replies, entry)
        active = np.zeros(len(replies), dtype=bool)
        for period in entry.periods:
            end = pd.Timestamp(period.ends_at) if period.ends_at else pd.Timestamp.max
            active |= ((times >= pd.Timestamp(period.starts_at)) & (times < end)).to_numpy()
        hit = active & serves & unsigned
        count += hit
        names[hit] = entry.name
    names[count != 1] = None
    return pd.Series(names, index=replies.index, dtype=object)


def _serves(replies: pd.DataFrame, entry: RosterEntry) -> np.ndarray:
    venues = {v for v, _ in entry.handles}
    accounts = {a for a, _ in entry.signatures}
    return (replies["venue"].isin(venues) | replies["account"].isin(accounts)).to_numpy()


def wilson_lower(successes: float, n: float, z: float = 1.96) -> float:
    """The lower bound of the Wilson score interval of successes / n."""
    if n <= 0:
        return 0.0
    p = successes / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - margin) / (1 + z * z / n))


def leaderboard(replies: pd.DataFrame, key: str, min_threads: int = 20) -> list[dict[str, Any]]:
    """One row per ``key`` value (contributor or venue), ranked rows first."""
    rows = [_row(name, part, min_threads) for name, part in replies.groupby(key)]
    rows.sort(key=lambda r: (not r["ranked"], -(r["rank_score"] or 0), -r["threads"], r["name"]))
    for position, row in enumerate(rows, start=1):
        row["rank"] = position if row["ranked"] else None
    return rows


def _row(name: str, part: pd.DataFrame, min_threads: int) -> dict[str, Any]:
    threads = part.drop_duplicates("thread_id")
    solved = threads["resolved"].eq(True) & threads["resolved_by"].eq("staff")
    thanked = threads["gratitude"].eq(True)
    good = int((solved | thanked).sum())
    known = int((threads["resolved"].notna() | threads["gratitude"].notna()).sum())
    lift = (threads["sentiment_end"] - threads["sentiment_start"]).dropna()
    scores = part["score"].dropna()
    return {
        "name": str(name),
        "replies": len(part),
        "threads": len(threads),
        "problems_solved": int(solved.sum()),
        "gratitude_received": int(thanked.sum()),
        "score_received": int(scores.sum()) if not scores.empty else None,
        "accepted_answers": int(part["accepted"].eq(True).sum()),
        "first_response_median_s": _median(
            part.loc[part["first_in_thread"].eq(True), "response_s"]
        ),
        "sentiment_lift": None if lift.empty else round(float(lift.mean()), 4),
        "solved_or_thanked_rate": _rate(good, known),
        "rank_score": round(wilson_lower(good, known), 4) if known else None,
        "ranked": known >= min_threads,
    }


def mentions(conn: Connection, entries: Sequence[RosterEntry]) -> dict[str, int]:
    """Customer posts that mention each Contributor's handle (``@handle``)."""
    found: dict[str, int] = {}
    for entry in entries:
        total = 0
        for _venue, handle in entry.handles:
            query = (
                select(func.count())
                .select_from(posts)
                .where(
                    posts.c.role == "customer",
                    func.lower(posts.c.text).contains("@" + handle.lower(), autoescape=True),
                )
            )
            total += conn.execute(query).scalar() or 0
        found[entry.name] = total
    return found

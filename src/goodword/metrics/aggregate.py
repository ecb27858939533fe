"""Program metrics: vectorised aggregation of thread outcomes by brand, product, venue …

Every figure is defined once, in :func:`group_metrics`; docs/program.md lists them. A rate
whose denominator is empty, or that needs signals no thread has, is ``None`` (printed as
"not enriched") rather than a guess.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import pandas as pd

DIMENSIONS = ("brand", "product", "venue", "scenario", "contributor")
PERIODS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def _rate(num: float, den: float) -> float | None:
    return None if not den else round(float(num) / float(den), 4)


def _median(values: pd.Series) -> float | None:
    values = values.dropna()
    return None if values.empty else round(float(values.median()), 1)


def _true(series: pd.Series) -> pd.Series:
    return series.eq(True)


def group_metrics(frame: pd.DataFrame) -> dict[str, Any]:
    """All program figures of one group of thread outcomes (see docs/program.md)."""
    customer = frame[frame["customer_started"].eq(True)]
    questions = frame[frame["question"].eq(True)]
    enriched = int(frame["enriched_posts"].sum())
    by_peer = int(frame["resolved_by"].eq("peer").sum())
    helped = int(frame["resolved_by"].isin(["staff", "peer"]).sum())
    answers = frame[["staff_answers", "peer_answers", "self_answers"]].sum()
    resolved = frame["resolved"]
    lift = (frame["sentiment_end"] - frame["sentiment_start"]).dropna()
    return {
        "threads": len(frame),
        "customer_threads": len(customer),
        "posts": int(frame["posts"].sum()),
        "response_rate": _rate(customer["first_staff_response_s"].notna().sum(), len(customer)),
        "answered_rate": _rate(customer["first_response_s"].notna().sum(), len(customer)),
        "first_response_median_s": _median(customer["first_staff_response_s"]),
        "first_peer_response_median_s": _median(customer["first_peer_response_s"]),
        "resolution_rate": _rate(_true(resolved).sum(), resolved.notna().sum()),
        "problems_solved": int(_true(resolved).sum()),
        "accepted_rate": _rate(questions["accepted_by"].notna().sum(), len(questions)),
        "gratitude_rate": _rate(_true(frame["gratitude"]).sum(), frame["gratitude"].notna().sum()),
        "gratitude": _count_if(frame["gratitude"]),
        "peer_solved_share": _rate(frame["resolved_by"].eq("peer").sum(), _true(resolved).sum()),
        "self_healing_ratio": _rate(by_peer, helped),
        "peer_solved_rate": _rate(by_peer, resolved.notna().sum()),
        "peer_answer_share": _rate(answers["peer_answers"], answers.sum()),
        "negative_rate": _rate(frame["negative_posts"].sum(), enriched),
        "uninvited_mentions": int(frame["uninvited_posts"].sum()) if enriched else None,
        "referrals": int(frame["referral_posts"].sum()) if enriched else None,
        "sentiment_lift": None if lift.empty else round(float(lift.mean()), 4),
        "enriched_posts": enriched,
    }


def _count_if(series: pd.Series) -> int | None:
    return int(_true(series).sum()) if series.notna().any() else None


def period_key(started: pd.Series, period: str) -> pd.Series:
    """Each thread's period label (e.g. "2024-03" for a month) from its start time."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    return started.dt.to_period(PERIODS[period]).astype(str)


def grouped(frame: pd.DataFrame, by: str | None, period: str | None) -> list[dict[str, Any]]:
    """Metrics per value of ``by`` (and per ``period``), largest groups first."""
    keys = ([by] if by else []) + (["period"] if period else [])
    if period:
        frame = frame.assign(period=period_key(frame["started_at"], period))
    if not keys:
        return [{"key": "all", **group_metrics(frame)}] if len(frame) else []
    rows = []
    for key, part in frame.groupby(keys, sort=True):
        labels = dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True))
        rows.append({"key": labels.get(by, "all"), **labels, **group_metrics(part)})
    if not period:
        rows.sort(key=lambda r: (-r["threads"], str(r["key"])))
    return rows


def negative_trend(frame: pd.DataFrame, split: datetime) -> dict[str, Any]:
    """Negative-comment rate before vs from ``split``: relative change with a 95% CI.

    The interval is Katz's log risk ratio interval; the difference of rates gets a Wald
    interval. ``None`` everywhere when either side has no enriched customer post.
    """
    after = frame["started_at"] >= pd.Timestamp(split)
    sides = [_side(frame[~after]), _side(frame[after])]
    result: dict[str, Any] = {"split": split.isoformat(), "before": sides[0], "after": sides[1]}
    result.update(_change(sides[0], sides[1]))
    return result


def _side(frame: pd.DataFrame) -> dict[str, Any]:
    posts, negative = int(frame["enriched_posts"].sum()), int(frame["negative_posts"].sum())
    return {
        "threads": len(frame),
        "enriched_posts": posts,
        "negative_posts": negative,
        "negative_rate": _rate(negative, posts),
    }


def _change(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    a, n1 = before["negative_posts"], before["enriched_posts"]
    b, n2 = after["negative_posts"], after["enriched_posts"]
    empty = {
        "relative_change": None,
        "relative_change_ci95": None,
        "difference": None,
        "difference_ci95": None,
    }
    if not (n1 and n2 and a and b):
        return empty
    p1, p2 = a / n1, b / n2
    log_rr = math.log(p2 / p1)
    se = math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n2)
    se_diff = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return {
        "relative_change": round(p2 / p1 - 1, 4),
        "relative_change_ci95": [round(math.exp(log_rr + z * se) - 1, 4) for z in (-1.96, 1.96)],
        "difference": round(p2 - p1, 4),
        "difference_ci95": [round(p2 - p1 + z * se_diff, 4) for z in (-1.96, 1.96)],
    }

"""The program's entry points: what the CLI, the report and the web app call.

Each brings thread outcomes up to date first (only changed threads are recomputed), then
aggregates. The returned dictionaries are the documented JSON of docs/program.md.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import select

from goodword.errors import ConfigError
from goodword.metrics.aggregate import DIMENSIONS, PERIODS, grouped, negative_trend
from goodword.metrics.frames import METRIC_COLUMNS, outcomes_frame, replies_frame
from goodword.metrics.outcome_store import refresh_outcomes
from goodword.metrics.pilots import Health, pilot_cells
from goodword.metrics.rankings import RANK_RULE, credit, leaderboard, mentions
from goodword.metrics.roster import roster
from goodword.store import Store
from goodword.store.schema import settings_kv

PROGRAM_START = "program.start"
NOT_ENRICHED = "figures that need signals are null: run `goodword enrich` first"


def program_metrics(
    store: Store,
    *,
    by: str = "brand",
    period: str | None = None,
    split: datetime | None = None,
    refresh: bool = True,
) -> dict[str, Any]:
    """Program metrics grouped ``by`` a dimension (and a period), with the negative trend."""
    _check(by, period)
    if refresh:
        refresh_outcomes(store)
    if by == "contributor":
        return {**rankings(store, by="contributor", refresh=False), "by": "contributor"}
    with store.connect() as conn:
        frame = outcomes_frame(conn, METRIC_COLUMNS)
        split = split or program_start(conn)
    result: dict[str, Any] = {"by": by, "period": period, "groups": grouped(frame, by, period)}
    result["trend"] = negative_trend(frame, split) if split is not None else None
    result["notes"] = _notes(frame)
    return result


def _check(by: str, period: str | None) -> None:
    if by not in DIMENSIONS:
        raise ConfigError(f"cannot group by {by!r}; use one of {', '.join(DIMENSIONS)}")
    if period is not None and period not in PERIODS:
        raise ConfigError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")


def _notes(frame: pd.DataFrame) -> list[str]:
    if frame.empty:
        return ["no threads yet: ingest conversations first (`goodword ingest FILE`)"]
    if int(frame["enriched_posts"].sum()) == 0:
        return [NOT_ENRICHED]
    return []


def program_start(conn: Any) -> datetime | None:
    """The declared program start (settings_kv ``program.start``), if any."""
    query = select(settings_kv.c.value).where(settings_kv.c.key == PROGRAM_START)
    value = conn.execute(query).scalar()
    return datetime.fromisoformat(value) if value else None


def set_program_start(store: Store, start: datetime) -> None:
    """Declare when the program started: the default split of the negative trend."""
    with store.begin() as conn:
        conn.execute(settings_kv.delete().where(settings_kv.c.key == PROGRAM_START))
        conn.execute(settings_kv.insert().values(key=PROGRAM_START, value=start.isoformat()))


def rankings(
    store: Store, *, by: str = "contributor", min_threads: int = 20, refresh: bool = True
) -> dict[str, Any]:
    """The leaderboard of Contributors (or venues): rate-based with a minimum sample."""
    if by not in ("contributor", "venue"):
        raise ConfigError(f"rankings are by contributor or venue, not {by!r}")
    if refresh:
        refresh_outcomes(store)
    with store.connect() as conn:
        replies = replies_frame(conn)
        entries = roster(conn)
        mentioned = mentions(conn, entries) if by == "contributor" else {}
    total = len(replies)
    if by == "contributor":
        replies = replies.assign(contributor=credit(replies, entries)).dropna(
            subset=["contributor"]
        )
    rows = leaderboard(replies, by, min_threads) if len(replies) else []
    for row in rows:
        row["mentions"] = mentioned.get(row["name"]) if by == "contributor" else None
    return {
        "by": by,
        "min_threads": min_threads,
        "rule": RANK_RULE.format(n=min_threads),
        "groups": rows,
        "uncredited_replies": total - len(replies) if by == "contributor" else None,
    }


PILOT_RULE = (
    "cells ranked by pilot_score = sqrt(lower95(involvement) x lower95(peer_solved_rate)); "
    "review venues are left out; cells with fewer "
    "than {n} threads or where service is in bad shape (answered < {a:.0%}, resolution < "
    "{r:.0%}, negative rate over {g:g}x or median first response over {s:g}x the usual) "
    "are not recommended"
)


def pilots(
    store: Store,
    *,
    min_threads: int = 20,
    top: int = 3,
    health: Health | None = None,
    n_scenarios: int = 8,
    refresh: bool = True,
) -> dict[str, Any]:
    """Product × scenario cells ranked for a pilot; scenarios are discovered when absent."""
    from goodword.metrics.scenarios import discover_scenarios, stored_scenarios

    health = health or Health()
    if refresh:
        refresh_outcomes(store)
    with store.connect() as conn:
        known = stored_scenarios(conn)
    if not known:
        known = discover_scenarios(store, n_scenarios=n_scenarios)
    with store.connect() as conn:
        frame = outcomes_frame(conn)
    cells = (
        pilot_cells(frame, min_threads=min_threads, top=top, health=health) if len(frame) else []
    )
    rule = PILOT_RULE.format(
        n=min_threads,
        a=health.min_answered_rate,
        r=health.min_resolution_rate,
        g=health.max_negative_ratio,
        s=health.max_slowness,
    )
    return {
        "rule": rule,
        "min_threads": min_threads,
        "scenarios": [asdict(s) for s in known],
        "cells": cells,
        "recommended": [c for c in cells if c["status"] == "recommended"],
        "notes": _notes(frame),
    }

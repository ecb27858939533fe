"""Pilot selection: product × scenario cells where customers already help each other.

Each cell gets *involvement* (share of threads where another customer answered), *peer
solving* (share of threads with a known outcome that a peer solved) and the service
already there (answered rate, resolution rate, median first response, negative rate). The
pilot score is the geometric mean of the 95% Wilson lower bounds of involvement and peer
solving, so a small lucky cell does not top a large one. Cells where service is
in bad shape are excluded, as the seeds advise: a pilot magnifies the service it finds, it
does not fix it. The rest, with enough threads, are recommended best first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from goodword.metrics.aggregate import group_metrics
from goodword.metrics.frames import NO_PRODUCT, NO_SCENARIO
from goodword.metrics.rankings import wilson_lower


@dataclass(frozen=True, slots=True)
class Health:
    """Where service counts as being in bad shape."""

    min_answered_rate: float = 0.25
    min_resolution_rate: float = 0.2
    max_negative_ratio: float = 1.5  # negative rate over the all-cells rate
    max_slowness: float = 3.0  # median first response over the all-cells median

    def problems(
        self, m: dict[str, Any], typical_s: float | None = None, typical_neg: float | None = None
    ) -> list[str]:
        found = []
        first = m["first_response_median_s"]
        if first is not None and typical_s and first > self.max_slowness * typical_s:
            found.append(
                f"median first response {first / 3600:.1f} h > "
                f"{self.max_slowness:g}x the usual {typical_s / 3600:.1f} h"
            )
        if m["answered_rate"] is not None and m["answered_rate"] < self.min_answered_rate:
            found.append(f"answered rate {m['answered_rate']:.0%} < {self.min_answered_rate:.0%}")
        if m["resolution_rate"] is not None and m["resolution_rate"] < self.min_resolution_rate:
            found.append(
                f"resolution rate {m['resolution_rate']:.0%} < {self.min_resolution_rate:.0%}"
            )
        negative, limit = m["negative_rate"], (typical_neg or 0) * self.max_negative_ratio
        if negative is not None and typical_neg and negative > limit:
            found.append(
                f"negative rate {negative:.0%} > {self.max_negative_ratio:g}x the "
                f"usual {typical_neg:.0%}"
            )
        return found


def pilot_cells(
    frame: pd.DataFrame, *, min_threads: int = 20, top: int = 3, health: Health | None = None
) -> list[dict[str, Any]]:
    """Every product × scenario cell, scored; the ``top`` healthy ones recommended."""
    health = health or Health()
    if "venue_kind" in frame:
        frame = frame[frame["venue_kind"] != "reviews"]  # reviews are not service threads
    if frame.empty:
        return []
    any_product = bool(frame["product"].ne(NO_PRODUCT).any())
    typical = frame["first_staff_response_s"].dropna()
    typical_s = float(typical.median()) if len(typical) else None
    enriched = frame["enriched_posts"].sum()
    typical_neg = float(frame["negative_posts"].sum() / enriched) if enriched else None
    cells = [
        _cell(key, part, min_threads, health, (typical_s, typical_neg))
        for key, part in frame.groupby(["product", "scenario"], sort=True)
    ]
    for cell in cells:
        if cell["scenario"] == NO_SCENARIO or (any_product and cell["product"] == NO_PRODUCT):
            cell["status"] = "not a pilot cell (no product or scenario)"
    cells.sort(
        key=lambda c: (c["status"] != "candidate", -c["pilot_score"], c["product"], c["scenario"])
    )
    for rank, cell in enumerate(c for c in cells if c["status"] == "candidate"):
        if rank < top:
            cell["status"] = "recommended"
    return cells


def _cell(
    key: tuple[str, str],
    part: pd.DataFrame,
    min_threads: int,
    health: Health,
    typical: tuple[float | None, float | None],
) -> dict[str, Any]:
    m = group_metrics(part)
    involved = int(part["peer_answers"].gt(0).sum())
    involvement = involved / len(part) if len(part) else 0.0
    known = int(part["resolved"].notna().sum())
    by_peer = int(part["resolved_by"].eq("peer").sum())
    score = math.sqrt(wilson_lower(involved, len(part)) * wilson_lower(by_peer, known))
    problems = health.problems(m, *typical)
    status = "candidate"
    if len(part) < min_threads:
        status = f"too few threads ({len(part)} < {min_threads})"
    elif problems:
        status = "excluded: " + "; ".join(problems)
    return {
        "product": key[0],
        "scenario": key[1],
        "threads": m["threads"],
        "involvement": round(involvement, 4),
        "peer_solved_rate": m["peer_solved_rate"],
        "self_healing_ratio": m["self_healing_ratio"],
        "peer_solved_share": m["peer_solved_share"],
        "answered_rate": m["answered_rate"],
        "response_rate": m["response_rate"],
        "resolution_rate": m["resolution_rate"],
        "first_response_median_s": m["first_response_median_s"],
        "negative_rate": m["negative_rate"],
        "pilot_score": round(score, 4),
        "status": status,
    }

"""Pilot selection: product × scenario cells where customers already help each other.

Each cell gets *involvement* (share of threads where another customer took part), *peer
solving* (the self-healing ratio: threads whose solver, or else first answer, was a peer)
and the service already there (answered rate, resolution rate, negative rate). The pilot
score is the geometric mean of involvement and peer solving. Cells where service is in bad
shape are excluded, as the seeds advise: a pilot cannot fix a broken service, it magnifies
it. The rest, with enough threads, are recommended best first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from goodword.metrics.aggregate import group_metrics
from goodword.metrics.frames import NO_PRODUCT, NO_SCENARIO


@dataclass(frozen=True, slots=True)
class Health:
    """Where service counts as being in bad shape."""

    min_answered_rate: float = 0.5
    min_resolution_rate: float = 0.3
    max_negative_rate: float = 0.5

    def problems(self, m: dict[str, Any]) -> list[str]:
        found = []
        if m["answered_rate"] is not None and m["answered_rate"] < self.min_answered_rate:
            found.append(f"answered rate {m['answered_rate']:.0%} < {self.min_answered_rate:.0%}")
        if m["resolution_rate"] is not None and m["resolution_rate"] < self.min_resolution_rate:
            found.append(
                f"resolution rate {m['resolution_rate']:.0%} < {self.min_resolution_rate:.0%}"
            )
        if m["negative_rate"] is not None and m["negative_rate"] > self.max_negative_rate:
            found.append(f"negative rate {m['negative_rate']:.0%} > {self.max_negative_rate:.0%}")
        return found


def pilot_cells(
    frame: pd.DataFrame, *, min_threads: int = 20, top: int = 3, health: Health | None = None
) -> list[dict[str, Any]]:
    """Every product × scenario cell, scored; the ``top`` healthy ones recommended."""
    health = health or Health()
    if frame.empty:
        return []
    any_product = bool(frame["product"].ne(NO_PRODUCT).any())
    cells = [
        _cell(key, part, min_threads, health)
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
    key: tuple[str, str], part: pd.DataFrame, min_threads: int, health: Health
) -> dict[str, Any]:
    m = group_metrics(part)
    involvement = float(part["peer_answers"].gt(0).mean()) if len(part) else 0.0
    healing = m["self_healing_ratio"] or 0.0
    problems = health.problems(m)
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
        "self_healing_ratio": m["self_healing_ratio"],
        "peer_solved_share": m["peer_solved_share"],
        "answered_rate": m["answered_rate"],
        "response_rate": m["response_rate"],
        "resolution_rate": m["resolution_rate"],
        "first_response_median_s": m["first_response_median_s"],
        "negative_rate": m["negative_rate"],
        "pilot_score": round(math.sqrt(involvement * healing), 4),
        "status": status,
    }

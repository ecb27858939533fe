"""Sales per code, Contributor, venue, thread and product, and the part that is incremental.

*Attributed* sales are the orders that carried a code. Some of those buyers would have
bought anyway, so the *incremental* part is estimated by one of two comparisons, and the
result says which one was used:

``matched`` (when orders name their customers): each redeeming customer is compared with
a non-redeeming customer who bought the same product within ``window`` days of the
redemption and whose spend in the ``horizon`` days before was closest. Outcome: spend in
the ``horizon`` days from that purchase. Incremental = redeemer's spend minus the match's.

``baseline`` (otherwise, when daily sales exist): per product, daily revenue is regressed
on the day's redeemed revenue with ad spend, weekday and trend as controls (HAC errors).
The coefficient is the share of redeemed revenue that is on top of the product's
baseline: 1 means every code sale was extra, 0 means they would all have happened anyway.

``none``: neither comparison is possible; only attributed sales are reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm

from goodword.attribution.lagmodel import ALPHA, Estimate, newey_west_lags

DIMENSIONS = ("code", "contributor", "venue", "thread_id", "sku")
MIN_MATCHED = 10
PRE_DAYS = 3650  # match on all spend before the purchase
Z = 1.959963984540054


def redeemer_anchors(orders: pd.DataFrame) -> pd.DataFrame:
    """Each redeeming customer's first redeemed order (the code's dimensions with it)."""
    coded = orders[orders["code"].notna() & orders["customer"].notna()]
    return coded.sort_values("ordered_at").drop_duplicates("customer")


class Ledger:
    """Each named customer's orders, for fast spend-in-a-window look-ups."""

    def __init__(self, orders: pd.DataFrame):
        named = orders[orders["customer"].notna()].sort_values("ordered_at")
        self._by = {
            c: (g["ordered_at"].to_numpy("datetime64[ns]"), np.r_[0.0, g["amount"].cumsum()])
            for c, g in named.groupby("customer")
        }

    def spend(self, customer: str, start, days: int, before: bool = False) -> float:  # type: ignore[no-untyped-def]
        """Spend in ``[start, start + days)``, or in the ``days`` before ``start``."""
        times, cum = self._by[customer]
        start = np.datetime64(pd.Timestamp(start), "ns")
        span = np.timedelta64(days, "D")
        lo, hi = (start - span, start) if before else (start, start + span)
        i, j = np.searchsorted(times, [lo, hi], side="left")
        return float(cum[j] - cum[i])


def matched_differences(orders: pd.DataFrame, horizon: int = 90, window: int = 14) -> pd.DataFrame:
    """Per redeemer: own spend, matched spend and their difference (unmatched dropped)."""
    anchors = redeemer_anchors(orders)
    pool = orders[orders["customer"].notna() & ~orders["customer"].isin(set(anchors["customer"]))]
    ledger, by_sku = Ledger(orders), dict(tuple(pool.groupby("sku")))
    rows = []
    for a in anchors.itertuples(index=False):
        match = _best_match(ledger, by_sku.get(a.sku), a, horizon, window)
        if match is not None:
            own = ledger.spend(a.customer, a.ordered_at, horizon)
            rows.append({**a._asdict(), "own": own, "matched": match, "diff": own - match})
    return pd.DataFrame(rows, columns=[*orders.columns, "own", "matched", "diff"])


def _best_match(ledger: Ledger, pool, anchor, horizon: int, window: int) -> float | None:  # type: ignore[no-untyped-def]
    if pool is None:
        return None
    gap = (pool["ordered_at"] - anchor.ordered_at).abs()
    near = pool.assign(gap=gap)[gap <= pd.Timedelta(days=window)]
    near = near.sort_values("gap").drop_duplicates("customer").head(50)
    if near.empty:
        return None
    target = ledger.spend(anchor.customer, anchor.ordered_at, PRE_DAYS, before=True)
    pre = [
        ledger.spend(c, t, horizon, before=True)
        for c, t in zip(near["customer"], near["ordered_at"], strict=True)
    ]
    best = near.iloc[int(np.argmin(np.abs(np.asarray(pre) - target)))]
    return ledger.spend(best["customer"], best["ordered_at"], horizon)


def _sum_estimate(diffs: np.ndarray) -> Estimate | None:
    n = len(diffs)
    if n < 2:
        return None
    total, se = float(diffs.sum()), float(diffs.std(ddof=1) * np.sqrt(n))
    z = total / se if se > 0 else float("inf")
    p = float(2 * (1 - _norm_cdf(abs(z))))
    return Estimate(total, total - Z * se, total + Z * se, p)


def _norm_cdf(x: float) -> float:
    from math import erf, sqrt

    return 0.5 * (1 + erf(x / sqrt(2)))


def baseline_share(days: pd.DataFrame) -> Estimate | None:
    """Share of redeemed revenue that lifts the product's daily revenue (HAC interval)."""
    days = days.dropna(subset=["revenue"])
    if len(days) < 60 or days["redeemed"].sum() == 0:
        return None
    x = pd.DataFrame({"const": 1.0, "redeemed": days["redeemed"], "ad_spend": days["ad_spend"]})
    for d in range(1, 7):
        x[f"dow_{d}"] = (days.index.day_of_week == d).astype(float)
    x["trend"] = np.arange(len(days), dtype=float)
    x = x.loc[:, (np.ptp(x.to_numpy(), axis=0) > 0) | (x.columns == "const")]
    cov = {"maxlags": newey_west_lags(len(days)), "use_correction": True}
    res = sm.OLS(days["revenue"].astype(float), x).fit(cov_type="HAC", cov_kwds=cov)
    low, high = res.conf_int(ALPHA).loc["redeemed"]
    return Estimate(
        float(res.params["redeemed"]), float(low), float(high), float(res.pvalues["redeemed"])
    )


def attributed(orders: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Orders and revenue carrying a code, grouped by one dimension."""
    coded = orders[orders["code"].notna()]
    grouped = coded.groupby(dimension, dropna=False)["amount"]
    return pd.DataFrame({"orders": grouped.size(), "revenue": grouped.sum()}).reset_index()


def choose_method(orders: pd.DataFrame) -> str:
    """ "matched" when enough redeemers and non-redeemers are named, else "baseline"."""
    named = orders["customer"].notna()
    redeemers = set(orders.loc[orders["code"].notna() & named, "customer"])
    others = set(orders.loc[named, "customer"]) - redeemers
    if len(redeemers) >= MIN_MATCHED and len(others) >= MIN_MATCHED:
        return "matched"
    return "baseline"


def incremental_by(diffs: pd.DataFrame, dimension: str) -> dict[object, Estimate | None]:
    """Matched incremental spend summed per value of ``dimension``."""
    return {
        key: _sum_estimate(g["diff"].to_numpy(float))
        for key, g in diffs.groupby(dimension, dropna=False)
    }


def total_incremental(diffs: pd.DataFrame) -> Estimate | None:
    """Matched incremental spend of all redeemers together."""
    return _sum_estimate(diffs["diff"].to_numpy(float))

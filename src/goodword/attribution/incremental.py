"""Sales per code, Contributor, venue, thread and product, and the part that is incremental.

*Attributed* sales are the orders that carried a code. Some of those buyers would have
bought anyway, so the *incremental* part is estimated by one of two comparisons, and the
result says which one was used:

``matched`` (when orders name their customers): a difference in differences per redeemer.
A customer's *change* after a purchase is their spend in the ``horizon`` days from it
minus their usual spend for that long (their spend before it per day of data, times the
horizon). Incremental = the redeemer's change after the code order minus the mean change
of up to five non-redeemers who bought the same product within ``window`` days, each with
one such purchase drawn at random. Using changes removes each customer's own purchase
rate, so heavy buyers' greater use of codes is not counted as lift; drawing the
comparison purchase at random (not the nearest one) keeps the comparison fair. Redeemers
with less than 60 days of data before their code order are left out.

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
MIN_HISTORY = 60  # days of data a redeemer needs before the code order
CONTROLS = 5  # comparison customers per redeemer
Z = 1.959963984540054


def redeemer_anchors(orders: pd.DataFrame) -> pd.DataFrame:
    """Each redeeming customer's first redeemed order (the code's dimensions with it)."""
    coded = orders[orders["code"].notna() & orders["customer"].notna()]
    return coded.sort_values("ordered_at").drop_duplicates("customer")


class Ledger:
    """Each named customer's orders, for fast spend-in-a-window look-ups."""

    def __init__(self, orders: pd.DataFrame):
        named = orders[orders["customer"].notna()].sort_values("ordered_at")
        self.start = np.datetime64(orders["ordered_at"].min(), "ns")
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

    def history_days(self, when) -> float:  # type: ignore[no-untyped-def]
        """Days of data before ``when``."""
        return float(
            (np.datetime64(pd.Timestamp(when), "ns") - self.start) / np.timedelta64(1, "D")
        )

    def change(self, customer: str, when, days: int) -> float:  # type: ignore[no-untyped-def]
        """Spend in the ``days`` from ``when`` minus the customer's earlier spend rate × days."""
        before = self.spend(customer, when, PRE_DAYS, before=True)
        return self.spend(customer, when, days) - before * days / max(self.history_days(when), 1.0)


def matched_differences(orders: pd.DataFrame, horizon: int = 90, window: int = 14) -> pd.DataFrame:
    """Per redeemer: own spend, matched spend and their difference (unmatched dropped)."""
    anchors = redeemer_anchors(orders)
    pool = orders[orders["customer"].notna() & ~orders["customer"].isin(set(anchors["customer"]))]
    ledger = Ledger(orders)
    by_sku = {sku: _Pool(g) for sku, g in pool.groupby("sku")}
    rows = []
    for a in anchors.itertuples(index=False):
        if ledger.history_days(a.ordered_at) < MIN_HISTORY:
            continue  # too little history to know the redeemer's usual spend
        candidates = by_sku[a.sku].near(a.ordered_at, window) if a.sku in by_sku else []
        match = _control_change(ledger, candidates, horizon)
        if match is not None:
            own = ledger.change(a.customer, a.ordered_at, horizon)
            rows.append({**a._asdict(), "own": own, "matched": match, "diff": own - match})
    return pd.DataFrame(rows, columns=[*orders.columns, "own", "matched", "diff"])


class _Pool:
    """Non-redeemers' orders of one product, sorted by time."""

    def __init__(self, orders: pd.DataFrame):
        ordered = orders.sort_values("ordered_at")
        self.times = ordered["ordered_at"].to_numpy("datetime64[ns]")
        self.customers = ordered["customer"].to_numpy()
        self.rng = np.random.default_rng(0)  # reproducible draws

    def near(self, when, window: int, most: int = CONTROLS) -> list[tuple[str, np.datetime64]]:  # type: ignore[no-untyped-def]
        """Up to ``most`` customers with an order within ``window`` days, each with one such
        order drawn at random (the nearest one would bias: it implies no orders between)."""
        t0, span = np.datetime64(pd.Timestamp(when), "ns"), np.timedelta64(window, "D")
        i, j = np.searchsorted(self.times, [t0 - span, t0 + span], side="left")
        seen: dict[str, np.datetime64] = {}
        for k in self.rng.permutation(j - i):
            seen.setdefault(self.customers[i + k], self.times[i + k])
            if len(seen) == most:
                break
        return list(seen.items())


def _control_change(ledger: Ledger, candidates, horizon: int) -> float | None:  # type: ignore[no-untyped-def]
    """Mean change in spend of the comparison customers (None when there are none)."""
    if not candidates:
        return None
    return float(np.mean([ledger.change(c, t, horizon) for c, t in candidates]))


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

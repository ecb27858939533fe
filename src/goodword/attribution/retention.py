"""Keeping vs winning customers: retention economics of customers served in public.

A customer was *served in public* if they redeemed a tracking code (handed out in a public
conversation) or wrote a customer post in a thread a staff or brand account answered (their
handle matched against the orders' customer field). Everyone else with an order is *not
served*.

Per group: customers, repeat-purchase rate (share with two or more orders), orders per
customer and lifetime value (revenue per customer over the observed orders — a historical
CLV, not a forecast). Differences between the groups come with 95% intervals (normal
approximation for the rate, Welch for the value).

Economics, when costs are given (``goodword sales cost``): the cost to keep one extra
customer is the serving cost per served customer divided by the extra repeat rate; it is
set against the cost to acquire a new customer.
"""

from __future__ import annotations

from math import sqrt

import numpy as np
import pandas as pd

from goodword.attribution.incremental import Z


def customer_table(orders: pd.DataFrame, served: set[str]) -> pd.DataFrame:
    """One row per named customer: orders, revenue, repeat flag, served flag."""
    named = orders[orders["customer"].notna()]
    redeemers = set(named.loc[named["code"].notna(), "customer"])
    per = named.groupby("customer")["amount"].agg(orders="size", revenue="sum")
    per["repeat"] = per["orders"] >= 2
    per["served"] = per.index.isin(redeemers | served)
    return per


def _group(per: pd.DataFrame) -> dict[str, float | int | None]:
    n = len(per)
    return {
        "customers": n,
        "repeat_rate": float(per["repeat"].mean()) if n else None,
        "orders_per_customer": float(per["orders"].mean()) if n else None,
        "lifetime_value": float(per["revenue"].mean()) if n else None,
    }


def _diff(a: np.ndarray, b: np.ndarray) -> dict[str, float] | None:
    if len(a) < 2 or len(b) < 2:
        return None
    est = float(a.mean() - b.mean())
    se = sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    return {"estimate": est, "ci_low": est - Z * se, "ci_high": est + Z * se}


def retention(orders: pd.DataFrame, served: set[str], costs: dict[str, float]) -> dict:  # type: ignore[type-arg]
    """Served against not-served customers, and keep-vs-acquire economics."""
    per = customer_table(orders, served)
    yes, no = per[per["served"]], per[~per["served"]]
    result: dict[str, object] = {"served": _group(yes), "not_served": _group(no)}
    result["repeat_rate_difference"] = _diff(
        yes["repeat"].to_numpy(float), no["repeat"].to_numpy(float)
    )
    result["lifetime_value_difference"] = _diff(
        yes["revenue"].to_numpy(float), no["revenue"].to_numpy(float)
    )
    result["economics"] = economics(result, costs)
    result["verdict"] = _verdict(result)
    return result


def economics(result: dict, costs: dict[str, float]) -> dict[str, object]:  # type: ignore[type-arg]
    """Cost to keep an extra customer against the cost to acquire one."""
    serve, acquire = costs.get("serve"), costs.get("acquire")
    lift = result.get("repeat_rate_difference") or {}
    out: dict[str, object] = {"cost_to_serve": serve, "cost_to_acquire": acquire}
    extra = lift.get("estimate")
    if serve is None or extra is None or extra <= 0:
        out["cost_to_keep"] = None
        out["note"] = "give the serving cost (goodword sales cost serve AMOUNT) to compare"
        if extra is not None and extra <= 0:
            out["note"] = "served customers do not repeat more, so keeping has no measured price"
        return out
    out["cost_to_keep"] = serve / extra
    if acquire is not None:
        out["keeping_is_cheaper"] = bool(out["cost_to_keep"] < acquire)  # type: ignore[operator]
    return out


def _verdict(result: dict) -> str:  # type: ignore[type-arg]
    lift = result["repeat_rate_difference"]
    if lift is None:
        return "Not enough named customers in both groups to compare retention."
    pts = f"{100 * lift['estimate']:.1f} points (95% interval {100 * lift['ci_low']:.1f} to " + (
        f"{100 * lift['ci_high']:.1f})"
    )
    if lift["ci_low"] > 0:
        return f"Customers served in public repeat more often: +{pts}."
    if lift["ci_high"] < 0:
        return f"Customers served in public repeat less often: {pts}."
    return f"No evidence of a retention difference: {pts}, an interval that includes zero."

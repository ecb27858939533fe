"""``goodword roi``: everything the money area can say, as one JSON-ready dict.

Sections (schema in docs/roi.md): ``buzz`` (the lag model per product), ``codes``
(attributed and incremental sales per code, Contributor, venue, thread and product),
``pilots`` (difference-in-differences and synthetic control), ``retention`` (keeping vs
winning customers) and ``summary`` (one plain sentence per finding).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from goodword.attribution import buzz as bz
from goodword.attribution import incremental as inc
from goodword.attribution import queries as q
from goodword.attribution.lagmodel import BuzzLagModel, Estimate, insufficient, verdict
from goodword.attribution.pilot import DiffInDiff, SyntheticControl, pilot_verdict, wide
from goodword.attribution.retention import retention
from goodword.errors import ConfigError
from goodword.store import Store

SCHEMA = "goodword.roi/1"
OUTCOMES = ("units", "revenue")


@dataclass(frozen=True)
class RoiOptions:
    """What ``goodword roi`` was asked for."""

    product: str | None = None
    lags: int = 7
    outcome: str = "units"
    buzz: str = "volume"
    horizon: int = 90
    pilots: tuple[q.Pilot, ...] = field(default_factory=tuple)

    def check(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ConfigError(f"outcome must be one of {', '.join(OUTCOMES)}")
        if self.buzz not in bz.BUZZ_COLUMNS:
            raise ConfigError(f"buzz must be one of {', '.join(bz.BUZZ_COLUMNS)}")
        if not 0 <= self.lags <= 28:
            raise ConfigError("lags must be between 0 and 28 days")


@dataclass(frozen=True)
class Inputs:
    """Everything read from the store, once."""

    daily: pd.DataFrame
    buzz: pd.DataFrame
    orders: pd.DataFrame
    costs: dict[tuple[str, str], float]
    pilots: list[q.Pilot]
    served: set[str]


def load(store: Store) -> Inputs:
    """Read sales, buzz, orders, costs, pilots and served customers from the store."""
    with store.connect() as conn:
        return Inputs(
            daily=q.daily_frame(conn),
            buzz=bz.buzz_frame(conn),
            orders=q.orders_frame(conn),
            costs=q.costs(conn),
            pilots=q.list_pilots(conn),
            served=q.served_handles(conn),
        )


def roi(store: Store, options: RoiOptions | None = None) -> dict[str, object]:
    """The ROI evidence of the store's data, as a JSON-ready dict."""
    options = options or RoiOptions()
    options.check()
    return evaluate(load(store), options)  # type: ignore[return-value]


def evaluate(inputs: Inputs, options: RoiOptions) -> dict[str, object]:
    """The ROI dict of already loaded inputs (see :func:`roi`)."""
    products = _products(inputs, options.product)
    orders = _orders_for(inputs.orders, options.product)
    result: dict[str, object] = {
        "schema": SCHEMA,
        "options": _options_dict(options),
        "products": products,
        "buzz": [buzz_section(inputs, sku, options) for sku in products],
        "codes": codes_section(orders, inputs.daily, options.horizon),
        "pilots": [pilot_section(inputs, p, options.outcome) for p in _pilots(inputs, options)],
        "retention": retention(orders, inputs.served, _costs(inputs.costs, options.product)),
    }
    result["summary"] = summary(result)
    return jsonable(result)


def jsonable(value: object) -> object:
    """``value`` with numpy scalars turned into Python numbers and NaN into None."""
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def _products(inputs: Inputs, product: str | None) -> list[str]:
    if product:
        return [product]
    skus = set(inputs.daily["sku"]) | set(inputs.orders["sku"])
    return sorted(str(s) for s in skus)


def _orders_for(orders: pd.DataFrame, product: str | None) -> pd.DataFrame:
    return orders if not product else orders[orders["sku"] == product]


def _options_dict(o: RoiOptions) -> dict[str, object]:
    return {"product": o.product, "lags": o.lags, "outcome": o.outcome, "buzz": o.buzz,
            "horizon_days": o.horizon}  # fmt: skip


def _costs(costs: dict[tuple[str, str], float], product: str | None) -> dict[str, float]:
    out = {kind: v for (kind, sku), v in costs.items() if sku == ""}
    out |= {kind: v for (kind, sku), v in costs.items() if product and sku == product}
    return out


def _est(e: Estimate | None) -> dict[str, float] | None:
    return None if e is None else e.as_dict()


def buzz_section(inputs: Inputs, sku: str, o: RoiOptions) -> dict[str, object]:
    """The lag model of one product's sales on its buzz."""
    head = {"sku": sku, "outcome": o.outcome, "buzz": o.buzz, "lags": o.lags}
    days = bz.product_days(inputs.daily, inputs.buzz, sku)
    if days.empty:
        return head | insufficient(
            f"No daily sales for {sku}: import them with sales import-daily."
        )
    if days[o.buzz].sum() == 0:
        return head | insufficient(f"No {o.buzz} buzz recorded for {sku}; nothing to relate.")
    if days[o.outcome].notna().sum() < o.lags + 30:
        n = int(days[o.outcome].notna().sum())
        return head | insufficient(f"Only {n} days of sales for {sku}; too few to model.")
    model = BuzzLagModel(lags=o.lags).fit(days.assign(buzz=days[o.buzz]), days[o.outcome])
    status, text = verdict(model, o.buzz, o.outcome)
    return head | {
        "status": status,
        "verdict": text,
        "n_days": model.n_obs_,
        "hac_lags": model.hac_lags_,
        "coefficients": [{"lag": k} | (_est(c) or {}) for k, c in enumerate(model.coefficients_)],
        "cumulative": _est(model.cumulative_),
        "ad_spend": _est(model.ad_spend_),
        "granger": model.granger_.as_dict() if model.granger_ else None,
    }


def codes_section(orders: pd.DataFrame, daily: pd.DataFrame, horizon: int) -> dict[str, object]:
    """Attributed and incremental sales, per code and per what codes are tied to."""
    coded = orders[orders["code"].notna()]
    out: dict[str, object] = {
        "attributed_orders": int(len(coded)),
        "attributed_revenue": float(coded["amount"].sum()),
    }
    if coded.empty:
        return out | {"method": "none", "method_note": "No redeemed codes yet."}
    if inc.choose_method(orders) == "matched":
        return out | _matched(orders, horizon)
    return out | _baseline(orders, daily)


def _matched(orders: pd.DataFrame, horizon: int) -> dict[str, object]:
    diffs = inc.matched_differences(orders, horizon=horizon)
    if len(diffs) < inc.MIN_MATCHED:
        return {"method": "none", "method_note": f"Only {len(diffs)} redeemers could be matched."}
    out: dict[str, object] = {
        "method": "matched",
        "method_note": (
            f"Redeemers' change in spend over {horizon} days after their first code order "
            "(against their own usual spend), minus the same change for non-redeemers who "
            f"bought the same product within 14 days; {len(diffs)} redeemers matched."
        ),
        "incremental": _est(inc.total_incremental(diffs)),
    }
    for dim in inc.DIMENSIONS:
        groups = inc.incremental_by(diffs, dim)
        rows = inc.attributed(orders, dim).to_dict("records")
        out[f"by_{dim}"] = [_row(r, dim, _est(groups.get(r[dim]))) for r in rows]
    return out


def _row(r: dict[str, object], dim: str, incremental: object) -> dict[str, object]:
    key = r[dim]
    key = None if key is None or (isinstance(key, float) and np.isnan(key)) else key
    key = int(key) if dim == "thread_id" and key is not None else key  # type: ignore[call-overload]
    return {dim: key, "orders": int(r["orders"]), "revenue": float(r["revenue"]),  # type: ignore[call-overload]
            "incremental": incremental}  # fmt: skip


def _baseline(orders: pd.DataFrame, daily: pd.DataFrame) -> dict[str, object]:
    shares = {
        sku: _share(orders, daily, sku)
        for sku in orders.loc[orders["code"].notna(), "sku"].unique()
    }
    if all(s is None for s in shares.values()):
        note = "Orders name no customers and daily sales are too short for a baseline."
        return {"method": "none", "method_note": note}
    out: dict[str, object] = {
        "method": "baseline",
        "method_note": (
            "Share of each product's redeemed revenue that lifts its daily revenue above "
            "the baseline (ad spend, weekday and trend held constant), times redeemed revenue."
        ),
        "incremental_share": {k: _est(v) for k, v in shares.items()},
    }
    coded = orders[orders["code"].notna()]
    out["incremental"] = _scaled(coded, shares)
    for dim in inc.DIMENSIONS:
        rows = inc.attributed(orders, dim).to_dict("records")
        out[f"by_{dim}"] = [
            _row(r, dim, _scaled(coded[coded[dim] == r[dim]], shares)) for r in rows
        ]
    return out


def _share(orders: pd.DataFrame, daily: pd.DataFrame, sku: str) -> Estimate | None:
    days = daily[daily["sku"] == sku].set_index("day").sort_index()
    mine = orders[(orders["sku"] == sku) & orders["code"].notna()]
    redeemed = mine.groupby(mine["ordered_at"].dt.normalize())["amount"].sum()
    return inc.baseline_share(days.assign(redeemed=redeemed.reindex(days.index).fillna(0.0)))


def _scaled(coded: pd.DataFrame, shares: dict[str, Estimate | None]) -> dict[str, float] | None:
    parts = [(float(g["amount"].sum()), shares.get(sku)) for sku, g in coded.groupby("sku")]
    if not parts or any(s is None for _, s in parts):
        return None
    keys = ("estimate", "ci_low", "ci_high")
    return {k: sum(rev * getattr(s, k) for rev, s in parts) for k in keys}


def _pilots(inputs: Inputs, o: RoiOptions) -> list[q.Pilot]:
    every = list(o.pilots) or inputs.pilots
    if not o.product:
        return every
    return [p for p in every if o.product in p.pilot_skus + p.control_skus]


def pilot_section(inputs: Inputs, p: q.Pilot, outcome: str) -> dict[str, object]:
    """Difference-in-differences and synthetic control of one pilot."""
    head = {"name": p.name, "starts_on": str(p.starts_on), "pilot_skus": list(p.pilot_skus),
            "control_skus": list(p.control_skus), "outcome": outcome}  # fmt: skip
    table = wide(inputs.daily, outcome) if not inputs.daily.empty else pd.DataFrame()
    missing = [s for s in p.pilot_skus + p.control_skus if s not in table.columns]
    if missing:
        return head | insufficient(f"No daily sales for {', '.join(missing)}.")
    did = DiffInDiff().fit(table, p.pilot_skus, p.control_skus, p.starts_on)
    sc = SyntheticControl().fit(table, p.pilot_skus, p.control_skus, p.starts_on)
    v = pilot_verdict(did, outcome)
    return head | {
        "status": v.status,
        "verdict": v.text,
        "n_pre_days": did.n_pre_,
        "n_post_days": did.n_post_,
        "did": _est(did.effect_),
        "pre_trend": _est(did.pre_trend_),
        "synthetic_control": _synthetic(sc, p.control_skus),
    }


def _synthetic(sc: SyntheticControl, controls: tuple[str, ...]) -> dict[str, object] | None:
    if sc.effect_ is None:
        return None
    weights = dict(zip(controls, (float(w) for w in sc.weights_), strict=True))
    return sc.effect_.as_dict() | {"weights": weights, "pre_fit_rmse": sc.fit_rmse_}


def summary(result: dict[str, object]) -> list[str]:
    """One plain sentence per finding."""
    lines = [f"{b['sku']}: {b['verdict']}" for b in result["buzz"]]  # type: ignore[attr-defined]
    if not result["products"]:
        lines.append(
            "No sales yet: import them with goodword sales import-daily (daily sales and ad "
            "spend) and goodword sales import (orders with codes)."
        )
    lines += [f"Pilot {p['name']}: {p['verdict']}" for p in result["pilots"]]  # type: ignore[attr-defined]
    codes = result["codes"]
    lines.append(f"Codes ({codes['method']}): {codes['method_note']}")  # type: ignore[index]
    lines.append(str(result["retention"]["verdict"]))  # type: ignore[index]
    return lines


def parse_pilot(name: str, start: str, pilots: str, controls: str) -> q.Pilot:
    """A pilot from command-line text (comma-separated SKUs, ISO start date)."""
    try:
        day = date.fromisoformat(start)
    except ValueError as exc:
        raise ConfigError(f"pilot start {start!r} is not a date like 2024-03-01") from exc
    split = lambda text: tuple(s.strip() for s in text.split(",") if s.strip())  # noqa: E731
    p = q.Pilot(name, day, split(pilots), split(controls))
    if not p.pilot_skus or not p.control_skus:
        raise ConfigError("a pilot needs at least one pilot product and one control product")
    return p

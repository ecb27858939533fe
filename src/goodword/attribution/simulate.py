"""Simulated sales with known effects, to check the estimators against the truth.

Every function takes a seed and the effects to plant and returns plain frames shaped like
what ``goodword sales import`` / ``import-daily`` read, so checks run end to end.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def ar1_noise(rng: np.random.Generator, n: int, rho: float, sd: float) -> np.ndarray:
    """Stationary AR(1) noise with innovation standard deviation ``sd``."""
    e = rng.normal(0.0, sd, n)
    out = np.empty(n)
    out[0] = e[0] / np.sqrt(1 - rho**2)
    for t in range(1, n):
        out[t] = rho * out[t - 1] + e[t]
    return out


def daily_series(
    seed: int,
    *,
    days: int = 365,
    lag_effects: Sequence[float] = (0.0,),
    ad_effect: float = 0.5,
    base: float = 100.0,
    rho: float = 0.3,
    noise: float = 8.0,
    start: str = "2024-01-01",
) -> pd.DataFrame:
    """One product's days: buzz (Poisson, weekly rhythm), ad spend, units with planted effects.

    ``units_t = base + sum_k lag_effects[k] * buzz_{t-k} + ad_effect * ad_spend_t
    + weekend bump + 0.02 t + AR(1) noise``.
    """
    rng = np.random.default_rng(seed)
    index = pd.date_range(start, periods=days, freq="D")
    weekly = 1.0 + 0.5 * (index.day_of_week == 4)  # buzz peaks on Fridays
    buzz = rng.poisson(6.0 * weekly).astype(float)
    ad = np.round(rng.gamma(4.0, 10.0, days), 2)
    units = base + ad_effect * ad + 6.0 * (index.day_of_week >= 5) + 0.02 * np.arange(days)
    for k, effect in enumerate(lag_effects):
        units = units + effect * pd.Series(buzz).shift(k, fill_value=buzz.mean()).to_numpy()
    units = units + ar1_noise(rng, days, rho, noise)
    return pd.DataFrame({"day": index, "buzz": buzz, "ad_spend": ad, "units": units})


def pilot_panel(
    seed: int,
    *,
    effect: float = 0.0,
    pilots: int = 3,
    controls: int = 5,
    days: int = 180,
    start_day: int = 120,
    noise: float = 5.0,
    rho: float = 0.3,
) -> tuple[pd.DataFrame, pd.Timestamp]:
    """Daily units of pilot products (P…) and controls (C…) sharing a common shock.

    From ``start_day`` on, pilot products sell ``effect`` more units a day.
    """
    rng = np.random.default_rng(seed)
    index = pd.date_range("2024-01-01", periods=days, freq="D")
    common = ar1_noise(rng, days, 0.6, 6.0) + 8.0 * (index.day_of_week >= 5)
    rows = []
    for name in [f"P{i}" for i in range(pilots)] + [f"C{i}" for i in range(controls)]:
        level = rng.uniform(60, 140)
        units = level + common + ar1_noise(rng, days, rho, noise)
        if name.startswith("P"):
            units = units + effect * (np.arange(days) >= start_day)
        rows.append(pd.DataFrame({"sku": name, "day": index, "units": units}))
    frame = pd.concat(rows, ignore_index=True)
    frame["revenue"] = frame["units"] * 20.0
    frame["ad_spend"] = 0.0
    return frame, index[start_day]


def orders(
    seed: int,
    codes: Sequence[str],
    *,
    customers: int = 600,
    redeemers: int = 150,
    extra_orders: float = 0.0,
    sku: str = "A",
    start: str = "2024-01-01",
    days: int = 365,
) -> pd.DataFrame:
    """Orders of named customers (Poisson purchases at customer-specific rates).

    ``redeemers`` purchases, drawn at random from distinct customers, carry a code. Each
    redeemer then places Poisson(``extra_orders``) more orders within 60 days: the
    incremental effect (0 means code users would have bought the same anyway).
    """
    rng = np.random.default_rng(seed)
    rates = rng.gamma(2.0, 2.0, customers)  # purchases a year
    who = np.repeat(np.arange(customers), rng.poisson(rates))
    frame = pd.DataFrame({"customer": who, "t": rng.uniform(0, days, len(who)), "code": ""})
    tagged = frame.sample(frac=1.0, random_state=seed).drop_duplicates("customer")
    tagged = tagged.head(redeemers)
    frame.loc[tagged.index, "code"] = [codes[i % len(codes)] for i in range(len(tagged))]
    extra = tagged.loc[tagged.index.repeat(rng.poisson(extra_orders, len(tagged)))]
    extra = extra.assign(t=extra["t"] + rng.uniform(0.1, 60, len(extra)), code="")
    frame = pd.concat([frame, extra], ignore_index=True)
    frame["customer"] = "c" + frame["customer"].astype(str)
    frame["time"] = pd.Timestamp(start) + pd.to_timedelta(frame.pop("t"), unit="D")
    frame["order_id"] = [f"o{i}" for i in range(len(frame))]
    frame["sku"] = sku
    frame["amount"] = np.round(rng.uniform(20, 60, len(frame)), 2)
    return frame[["order_id", "time", "sku", "amount", "customer", "code"]]

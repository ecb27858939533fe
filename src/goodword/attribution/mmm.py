"""Export daily sales, ad spend and buzz as a table PyMC-Marketing's ``MMM`` takes as-is.

Columns: ``date`` (ISO day), ``sales`` (the outcome: units or revenue), ``ad_spend`` (the
paid channel), the organic media ``buzz_volume``, ``buzz_positive``, ``buzz_negative``,
``buzz_reach``, ``buzz_gratitude`` (all non-negative daily counts, as MMM channels must be)
and ``trend`` (a control: days since the first day). With ``--product`` the table covers
that product; otherwise the sum over products. Use it as::

    X = df.drop(columns="sales"); y = df["sales"]
    MMM(date_column="date", channel_columns=["ad_spend", "buzz_positive", "buzz_negative"],
        control_columns=["trend"], adstock=GeometricAdstock(l_max=8),
        saturation=LogisticSaturation(), yearly_seasonality=2).fit(X, y)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from goodword.attribution import buzz as bz
from goodword.attribution import queries as q
from goodword.errors import ConfigError
from goodword.store import Store

CHANNELS = ("ad_spend", *(f"buzz_{c}" for c in bz.BUZZ_COLUMNS))
CONTROLS = ("trend",)


def mmm_frame(daily: pd.DataFrame, buzz: pd.DataFrame, outcome: str = "units",
              product: str | None = None) -> pd.DataFrame:  # fmt: skip
    """The MMM table of one product, or of all products summed."""
    skus = [product] if product else sorted(set(daily["sku"]))
    parts = [bz.product_days(daily, buzz, sku) for sku in skus]
    parts = [p for p in parts if not p.empty]
    if not parts:
        raise ConfigError("no daily sales to export: import them with goodword sales import-daily")
    days = pd.concat(parts).groupby(level=0).sum(min_count=1).sort_index()
    days = days.dropna(subset=[outcome])
    out = pd.DataFrame({"date": days.index.strftime("%Y-%m-%d"), "sales": days[outcome]})
    out["ad_spend"] = days["ad_spend"].to_numpy()
    for col in bz.BUZZ_COLUMNS:
        out[f"buzz_{col}"] = days[col].to_numpy()
    out["trend"] = ((days.index - days.index[0]).days).to_numpy(dtype=float)
    return out.reset_index(drop=True).astype({c: float for c in CHANNELS})


def export_mmm(store: Store, path: Path, outcome: str = "units", product: str | None = None) -> int:
    """Write the MMM table to ``path`` (CSV); returns its number of days."""
    with store.connect() as conn:
        frame = mmm_frame(q.daily_frame(conn), bz.buzz_frame(conn), outcome, product)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return len(frame)

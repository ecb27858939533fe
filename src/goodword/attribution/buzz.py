"""Daily buzz series per product, from the store's posts or from an outside listening tool.

From the store, buzz counts *customer* posts linked to a product (``post_products``), per
UTC calendar day:

* ``volume``: posts;
* ``positive`` / ``negative``: posts whose ``sentiment`` signal is labelled so;
* ``reach``: the reach-weighted volume, sum over posts of ``log2(2 + followers)`` (an
  author with no known followers counts 1, one with 1,000 followers about 10), so one
  celebrity does not drown a day;
* ``gratitude``: posts whose ``gratitude`` signal says "yes" (or scores at least 0.5).

Buzz imported with ``goodword sales import-buzz`` (table ``external_buzz``) replaces the
store's series for the products it covers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from goodword.attribution import queries as q
from goodword.store.schema import external_buzz

BUZZ_COLUMNS = q.BUZZ_COLUMNS


def from_posts(posts: pd.DataFrame) -> pd.DataFrame:
    """Aggregate :func:`queries.buzz_posts` rows to (sku, day) × buzz columns."""
    if posts.empty:
        return pd.DataFrame(columns=["sku", "day", *BUZZ_COLUMNS])
    followers = pd.to_numeric(posts["followers"], errors="coerce").fillna(0).clip(lower=0)
    grateful = (posts["gratitude"].astype("string").str.lower() == "yes") | (
        pd.to_numeric(posts["gratitude_score"], errors="coerce").fillna(0) >= 0.5
    )
    frame = pd.DataFrame(
        {
            "sku": posts["sku"],
            "day": posts["created_at"].dt.normalize(),
            "volume": 1.0,
            "positive": (posts["sentiment"] == "positive").astype(float),
            "negative": (posts["sentiment"] == "negative").astype(float),
            "reach": np.log2(2.0 + followers.to_numpy(dtype=float)),
            "gratitude": grateful.astype(float),
        }
    )
    return frame.groupby(["sku", "day"], as_index=False).sum()


def external(conn: Connection) -> pd.DataFrame:
    """Buzz imported from outside, same columns as :func:`from_posts`."""
    rows = conn.execute(select(external_buzz)).mappings().all()
    frame = pd.DataFrame(rows, columns=["sku", "day", *BUZZ_COLUMNS])
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


def buzz_frame(conn: Connection, skus: list[str] | None = None) -> pd.DataFrame:
    """Daily buzz per product: outside buzz where imported, else counted from posts."""
    outside = external(conn)
    if skus is not None:
        outside = outside[outside["sku"].isin(skus)]
    posts = from_posts(q.buzz_posts(conn, skus))
    posts = posts[~posts["sku"].isin(set(outside["sku"]))]
    frames = [f for f in (outside, posts) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["sku", "day", *BUZZ_COLUMNS])
    return pd.concat(frames, ignore_index=True).astype(dict.fromkeys(BUZZ_COLUMNS, float))


def product_days(daily: pd.DataFrame, buzz: pd.DataFrame, sku: str) -> pd.DataFrame:
    """One product's consecutive days: sales, ad spend and buzz (0 on days without posts)."""
    sales = daily[daily["sku"] == sku].set_index("day").sort_index()
    if sales.empty:
        return pd.DataFrame(columns=["units", "revenue", "ad_spend", *BUZZ_COLUMNS])
    days = pd.date_range(sales.index.min(), sales.index.max(), freq="D", name="day")
    frame = sales[["units", "revenue", "ad_spend"]].reindex(days)
    frame["ad_spend"] = frame["ad_spend"].fillna(0.0)
    mine = buzz[buzz["sku"] == sku].groupby("day")[list(BUZZ_COLUMNS)].sum()
    return frame.join(mine.reindex(days).fillna(0.0))


def store_external(conn: Connection, frame: pd.DataFrame) -> int:
    """Insert or replace outside buzz rows (sku, day and any of the buzz columns)."""
    frame = frame.copy()
    for col in BUZZ_COLUMNS:
        frame[col] = pd.to_numeric(frame[col], errors="coerce") if col in frame else 0.0
    rows = frame.fillna(dict.fromkeys(BUZZ_COLUMNS, 0.0))[["sku", "day", *BUZZ_COLUMNS]]
    stmt = q.dialect_insert(conn, external_buzz)
    stmt = stmt.on_conflict_do_update(
        index_elements=["sku", "day"], set_={c: stmt.excluded[c] for c in BUZZ_COLUMNS}
    )
    records = rows.to_dict("records")
    if records:
        conn.execute(stmt, records)
    return len(records)

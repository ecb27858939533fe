"""Outcome and reply tables as pandas frames, with the names metrics group by.

Reading is one set-based query per frame; everything after is vectorised pandas.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, select

from goodword.store.schema import (
    authors,
    products,
    scenarios,
    staff_replies,
    thread_outcomes,
    thread_scenarios,
    venues,
)

NO_PRODUCT = "(no product)"
NO_SCENARIO = "(no scenario)"
NO_BRAND = "(no brand)"


METRIC_COLUMNS = (
    "thread_id", "brand", "started_at", "posts", "customer_started", "question",
    "first_staff_response_s", "first_peer_response_s", "first_response_s", "accepted_by",
    "resolved", "resolved_by", "gratitude", "staff_answers", "peer_answers", "self_answers",
    "enriched_posts", "negative_posts", "referral_posts", "uninvited_posts",
    "sentiment_start", "sentiment_end",
)  # fmt: skip  # what program metrics read (see aggregate.group_metrics)


def outcomes_frame(conn: Connection, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Every thread outcome (or only ``columns`` of it) with its venue key, product SKU and
    scenario name."""
    o = thread_outcomes
    chosen = [o.c[name] for name in columns] if columns is not None else list(o.c)
    joined = (
        o.join(venues, venues.c.id == o.c.venue_id)
        .outerjoin(products, products.c.id == o.c.product_id)
        .outerjoin(thread_scenarios, thread_scenarios.c.thread_id == o.c.thread_id)
        .outerjoin(scenarios, scenarios.c.id == thread_scenarios.c.scenario_id)
    )
    query = select(
        *chosen,
        venues.c.key.label("venue"),
        venues.c.kind.label("venue_kind"),
        products.c.sku.label("product"),
        scenarios.c.name.label("scenario"),
        thread_scenarios.c.scenario_id,
    ).select_from(joined)
    frame = _frame(conn, query)
    frame["brand"] = frame["brand"].fillna(NO_BRAND)
    frame["product"] = frame["product"].fillna(NO_PRODUCT)
    frame["scenario"] = frame["scenario"].fillna(NO_SCENARIO)
    return frame


def replies_frame(conn: Connection) -> pd.DataFrame:
    """Every staff reply with its author's handle, venue key and its thread's outcome."""
    r, o = staff_replies, thread_outcomes
    joined = (
        r.join(authors, authors.c.id == r.c.author_id)
        .join(venues, venues.c.id == r.c.venue_id)
        .join(o, o.c.thread_id == r.c.thread_id)
    )
    query = select(
        r,
        func.lower(authors.c.handle).label("account"),
        func.lower(authors.c.display_name).label("display"),
        venues.c.key.label("venue"),
        o.c.resolved,
        o.c.resolved_by,
        o.c.gratitude,
        o.c.sentiment_start,
        o.c.sentiment_end,
    ).select_from(joined)
    return _frame(conn, query)


def read_frame(conn: Connection, query: Any, columns: list[str] | None = None) -> pd.DataFrame:
    """Rows of ``query`` as a frame, read raw from the driver: no per-value processing in
    Python (SQLite datetimes arrive as text and are parsed once, vectorised)."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    names = columns or [c.name for c in query.selected_columns]
    cursor = conn.connection.cursor()
    try:
        cursor.execute(str(compiled))
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return pd.DataFrame.from_records(rows, columns=names)


def _frame(conn: Connection, query: Any) -> pd.DataFrame:
    frame = read_frame(conn, query)
    for column in ("started_at", "last_post_at", "waiting_since", "created_at", "computed_at"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    for column in BOOLEAN_COLUMNS:
        if column in frame:
            frame[column] = _booleans(frame[column])
    return frame


BOOLEAN_COLUMNS = (
    "customer_started",
    "question",
    "resolved",
    "gratitude",
    "open",
    "unanswered",
    "first_in_thread",
    "accepted",
)


def _booleans(values: pd.Series) -> pd.Series:
    """0/1 (SQLite) or bools (PostgreSQL) as Python bools, missing as None, vectorised."""
    known = values.notna().to_numpy()
    flags = values.where(known, 0).astype(bool).to_numpy().astype(object)
    flags[~known] = None
    return pd.Series(flags, index=values.index, dtype=object)

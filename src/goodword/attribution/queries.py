"""Store queries of the money area: codes, orders, redemptions, daily sales, buzz, costs.

Plain functions taking a SQLAlchemy ``Connection``; they run on SQLite and PostgreSQL.
Frames come back as pandas DataFrames for the models in this package.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Connection, DateTime, String, and_, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from goodword.attribution.codes import new_code
from goodword.errors import CodeError
from goodword.store.schema import (
    acquisition_costs,
    authors,
    daily_sales,
    orders,
    post_products,
    post_signals,
    posts,
    products,
    redemptions,
    roi_pilots,
    tracking_codes,
)

BUZZ_COLUMNS = ("volume", "positive", "negative", "reach", "gratitude")


@dataclass(frozen=True, slots=True)
class TrackingCode:
    """A handed-out code (or tracked link) and what it is tied to."""

    code: str
    kind: str = "code"
    venue: str | None = None
    contributor: str | None = None
    thread_id: int | None = None
    sku: str | None = None
    url: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Pilot:
    """Products that got public service from ``starts_on``, and comparable ones that did not."""

    name: str
    starts_on: date
    pilot_skus: tuple[str, ...]
    control_skus: tuple[str, ...]


def now() -> datetime:
    """The current UTC time without tzinfo, as the store keeps it."""
    return datetime.now(UTC).replace(tzinfo=None)


def dialect_insert(conn: Connection, table):  # type: ignore[no-untyped-def]
    """The dialect's INSERT, which knows ON CONFLICT."""
    module = postgresql if conn.dialect.name == "postgresql" else sqlite
    return module.insert(table)


def save_code(conn: Connection, code: TrackingCode) -> TrackingCode:
    """Store ``code``; raises :class:`CodeError` if it exists already."""
    row = {**_code_row(code), "created_at": code.created_at or now()}
    try:
        with conn.begin_nested():
            conn.execute(tracking_codes.insert().values(**row))
    except IntegrityError as exc:
        raise CodeError(f"code {code.code} exists already; issue a new one") from exc
    return TrackingCode(**row)


def _code_row(code: TrackingCode) -> dict[str, object]:
    return {
        "code": code.code,
        "kind": code.kind,
        "venue": code.venue,
        "contributor": code.contributor,
        "thread_id": code.thread_id,
        "sku": code.sku,
        "url": code.url,
    }


def issue_code(conn: Connection, template: TrackingCode, rng: random.Random | None = None):  # type: ignore[no-untyped-def]
    """Store a fresh code tied to ``template``'s venue, Contributor, thread and product."""
    for _ in range(20):
        fresh = TrackingCode(**{**_code_row(template), "code": new_code(rng)})
        try:
            return save_code(conn, fresh)
        except CodeError:
            continue
    raise CodeError("could not draw an unused code in 20 tries; the code space looks exhausted")


def list_codes(conn: Connection, **where: object) -> list[TrackingCode]:
    """Issued codes, newest first, filtered by any column (venue=…, contributor=…, sku=…)."""
    query = select(tracking_codes).order_by(tracking_codes.c.id.desc())
    for column, value in where.items():
        if value is not None:
            query = query.where(tracking_codes.c[column] == value)
    return [_to_code(r) for r in conn.execute(query).mappings()]


def _to_code(row) -> TrackingCode:  # type: ignore[no-untyped-def]
    return TrackingCode(**{k: row[k] for k in TrackingCode.__slots__})


def issued_codes(conn: Connection) -> list[str]:
    """Every issued code, for typo suggestions."""
    return list(conn.execute(select(tracking_codes.c.code)).scalars())


def insert_orders(conn: Connection, rows: Sequence[dict[str, object]]) -> int:
    """Insert orders, skipping order ids already stored; returns how many were new."""
    if not rows:
        return 0
    stamp = now()
    stmt = dialect_insert(conn, orders).on_conflict_do_nothing(index_elements=["order_id"])
    before = _count(conn, orders)
    conn.execute(stmt, [{**r, "imported_at": stamp} for r in rows])
    return _count(conn, orders) - before


def _count(conn: Connection, table) -> int:  # type: ignore[no-untyped-def]
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def redeem(conn: Connection, code: str, order_id: str, at: datetime | None = None) -> bool:
    """Record that ``order_id`` used ``code``; True only the first time (safe concurrently).

    One statement, ``INSERT … SELECT … ON CONFLICT (order_id) DO NOTHING``: the unique
    constraint on the order decides, so parallel attempts count once on both databases.
    """
    found = select(
        tracking_codes.c.id, literal(order_id, String), literal(at or now(), DateTime)
    ).where(tracking_codes.c.code == code)
    stmt = (
        dialect_insert(conn, redemptions)
        .from_select(["code_id", "order_id", "redeemed_at"], found)
        .on_conflict_do_nothing(index_elements=["order_id"])
        .returning(redemptions.c.id)
    )
    return conn.execute(stmt).first() is not None


def redemption_count(conn: Connection, code: str | None = None) -> int:
    """How many orders redeemed ``code`` (or any code)."""
    query = select(func.count()).select_from(redemptions.join(tracking_codes))
    if code is not None:
        query = query.where(tracking_codes.c.code == code)
    return int(conn.execute(query).scalar_one())


def upsert_daily(conn: Connection, rows: Sequence[dict[str, object]]) -> int:
    """Insert or replace daily sales rows keyed by (sku, day); returns the row count."""
    if not rows:
        return 0
    stmt = dialect_insert(conn, daily_sales)
    stmt = stmt.on_conflict_do_update(
        index_elements=["sku", "day"],
        set_={c: stmt.excluded[c] for c in ("units", "revenue", "ad_spend")},
    )
    conn.execute(stmt, list(rows))
    return len(rows)


def daily_frame(conn: Connection, skus: Iterable[str] | None = None) -> pd.DataFrame:
    """Daily sales and ad spend: columns sku, day (Timestamp), units, revenue, ad_spend."""
    query = select(daily_sales).order_by(daily_sales.c.sku, daily_sales.c.day)
    if skus is not None:
        query = query.where(daily_sales.c.sku.in_(list(skus)))
    frame = pd.DataFrame(conn.execute(query).mappings().all(), columns=list(daily_sales.c.keys()))
    frame["day"] = pd.to_datetime(frame["day"])
    return frame.astype({"units": float, "revenue": float, "ad_spend": float})


def orders_frame(conn: Connection) -> pd.DataFrame:
    """Orders with the code each redeemed and what the code is tied to."""
    joined = orders.outerjoin(redemptions).outerjoin(
        tracking_codes, tracking_codes.c.id == redemptions.c.code_id
    )
    cols = [orders.c.order_id, orders.c.ordered_at, orders.c.sku, orders.c.amount]
    cols += [orders.c.customer, tracking_codes.c.code, tracking_codes.c.venue]
    cols += [tracking_codes.c.contributor, tracking_codes.c.thread_id]
    rows = conn.execute(select(*cols).select_from(joined).order_by(orders.c.ordered_at))
    frame = pd.DataFrame(rows.mappings().all(), columns=[c.name for c in cols])
    frame["ordered_at"] = pd.to_datetime(frame["ordered_at"])
    return frame.astype({"amount": float})


def buzz_posts(conn: Connection, skus: Iterable[str] | None = None) -> pd.DataFrame:
    """Customer posts linked to products, with reach and the sentiment and gratitude signals."""
    sent = post_signals.alias("sent")
    grat = post_signals.alias("grat")
    joined = (
        posts.join(post_products, post_products.c.post_id == posts.c.id)
        .join(products, products.c.id == post_products.c.product_id)
        .join(authors, authors.c.id == posts.c.author_id)
        .outerjoin(sent, and_(sent.c.post_id == posts.c.id, sent.c.name == "sentiment"))
        .outerjoin(grat, and_(grat.c.post_id == posts.c.id, grat.c.name == "gratitude"))
    )
    cols = [products.c.sku, posts.c.created_at, authors.c.followers]
    cols += [sent.c.label.label("sentiment"), grat.c.label.label("gratitude")]
    cols += [grat.c.score.label("gratitude_score")]
    query = select(*cols).select_from(joined).where(posts.c.role == "customer")
    if skus is not None:
        query = query.where(products.c.sku.in_(list(skus)))
    frame = pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in cols])
    frame["created_at"] = pd.to_datetime(frame["created_at"])
    return frame


def set_cost(conn: Connection, kind: str, amount: float, sku: str | None = None) -> None:
    """Set the cost to acquire a customer ("acquire") or to serve one thread ("serve")."""
    stmt = dialect_insert(conn, acquisition_costs).values(
        kind=kind, sku=sku or "", amount=float(amount), set_at=now()
    )
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["kind", "sku"],
            set_={"amount": stmt.excluded.amount, "set_at": stmt.excluded.set_at},
        )
    )


def costs(conn: Connection) -> dict[tuple[str, str], float]:
    """{(kind, sku or ""): amount} of every cost figure given."""
    rows = conn.execute(select(acquisition_costs))
    return {(r.kind, r.sku): float(r.amount) for r in rows}


def save_pilot(conn: Connection, pilot: Pilot) -> None:
    """Store or replace a pilot definition."""
    values = {
        "name": pilot.name,
        "starts_on": pilot.starts_on,
        "pilot_skus": json.dumps(list(pilot.pilot_skus)),
        "control_skus": json.dumps(list(pilot.control_skus)),
        "created_at": now(),
    }
    stmt = dialect_insert(conn, roi_pilots).values(**values)
    keep = {k: stmt.excluded[k] for k in ("starts_on", "pilot_skus", "control_skus")}
    conn.execute(stmt.on_conflict_do_update(index_elements=["name"], set_=keep))


def list_pilots(conn: Connection) -> list[Pilot]:
    """Every stored pilot, oldest first."""
    rows = conn.execute(select(roi_pilots).order_by(roi_pilots.c.created_at))
    return [
        Pilot(
            r.name,
            r.starts_on,
            tuple(json.loads(r.pilot_skus)),
            tuple(json.loads(r.control_skus)),
        )
        for r in rows
    ]


def served_handles(conn: Connection) -> set[str]:
    """Handles of customers who posted in a thread a staff or brand account answered."""
    answered = select(posts.c.thread_id).where(
        posts.c.role.in_(["staff", "brand"]), posts.c.thread_id.is_not(None)
    )
    query = (
        select(authors.c.handle)
        .select_from(posts.join(authors, authors.c.id == posts.c.author_id))
        .where(posts.c.role == "customer", posts.c.thread_id.in_(answered))
        .distinct()
    )
    return set(conn.execute(query).scalars())


def redemptions_per_code(conn: Connection) -> dict[str, int]:
    """{code: orders that redeemed it}."""
    query = (
        select(tracking_codes.c.code, func.count(redemptions.c.id))
        .select_from(tracking_codes.join(redemptions))
        .group_by(tracking_codes.c.code)
    )
    return {code: int(n) for code, n in conn.execute(query)}

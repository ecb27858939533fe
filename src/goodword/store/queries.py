"""Read queries shared by the CLI and the web app: plain functions over a Connection."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from goodword.store import schema as s


@dataclass(frozen=True)
class QuarantinedRecord:
    source: str
    format: str
    record_no: int
    reason: str
    raw: str


def quarantined(
    conn: Connection, source: str | None = None, limit: int = 100
) -> list[QuarantinedRecord]:
    q = s.quarantine
    stmt = select(q.c.source, q.c.format, q.c.record_no, q.c.reason, q.c.raw)
    if source:
        stmt = stmt.where(q.c.source.like(f"%{source}%"))
    rows = conn.execute(stmt.order_by(q.c.source, q.c.record_no).limit(limit))
    return [QuarantinedRecord(*r) for r in rows]


def counts(conn: Connection) -> dict[str, int]:
    """How many rows each main table holds."""
    tables = {
        "venues": s.venues,
        "authors": s.authors,
        "threads": s.threads,
        "posts": s.posts,
        "products": s.products,
        "product links": s.post_products,
        "quarantined": s.quarantine,
        "contributors": s.contributors,
    }
    return {
        name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
        for name, t in tables.items()
    }


def venue_summary(conn: Connection) -> list[tuple[str, str, int, int]]:
    """(venue, kind, threads, posts) per venue."""
    v, p = s.venues, s.posts
    stmt = (
        select(v.c.key, v.c.kind, func.count(func.distinct(p.c.thread_id)), func.count(p.c.id))
        .join(p, p.c.venue_id == v.c.id, isouter=True)
        .group_by(v.c.key, v.c.kind)
        .order_by(v.c.key)
    )
    return [tuple(r) for r in conn.execute(stmt)]  # type: ignore[misc]

"""The Contributor roster: people, their handles and sign-offs, who is active when.

Query functions take a SQLAlchemy ``Connection``. Conventions live in ``settings_kv`` under
``program.convention.<brand>`` (``program.convention.<brand>|<venue>`` for one venue).
Onboarding checks every handle against the convention and refuses one that breaks it,
with the handle to use instead. A handle given to a Contributor makes its author staff.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, delete, func, or_, select, update

from goodword.errors import ConfigError
from goodword.metrics.convention import Convention
from goodword.store.schema import (
    authors,
    contributor_handles,
    contributor_periods,
    contributor_signatures,
    contributors,
    posts,
    settings_kv,
    venues,
)

CONVENTION_KEY = "program.convention."
OUTCOMES_STAMP = "program.outcomes.signals_at"


@dataclass(frozen=True, slots=True)
class Period:
    starts_at: datetime
    ends_at: datetime | None

    def covers(self, t: datetime) -> bool:
        return self.starts_at <= t and (self.ends_at is None or t < self.ends_at)


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """A Contributor with handles (venue, handle), sign-offs (account, signature), periods."""

    id: int
    name: str
    team: str | None
    handles: tuple[tuple[str, str], ...]
    signatures: tuple[tuple[str, str], ...]
    periods: tuple[Period, ...]

    def active_at(self, t: datetime) -> bool:
        return any(p.covers(t) for p in self.periods)


@dataclass(frozen=True, slots=True)
class DetectReport:
    """What ``detect_staff`` found: handles following a convention, new Contributors."""

    handles: tuple[str, ...]
    posts_marked: int
    contributors_created: int


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def set_convention(
    conn: Connection, brand: str, template: str, venue: str | None = None
) -> Convention:
    """Declare ``brand``'s username convention, on one venue or all (checked by compiling)."""
    if not brand:
        raise ConfigError("a convention needs a brand: pass --brand or set GOODWORD_BRAND")
    convention = Convention(template, brand, venue)
    _ = convention.regex
    key = CONVENTION_KEY + brand + (f"|{venue}" if venue else "")
    conn.execute(delete(settings_kv).where(settings_kv.c.key == key))
    conn.execute(settings_kv.insert().values(key=key, value=template))
    return convention


def conventions(conn: Connection) -> list[Convention]:
    """Every declared convention."""
    query = select(settings_kv.c.key, settings_kv.c.value).where(
        settings_kv.c.key.like(CONVENTION_KEY + "%")
    )
    found = []
    for key, template in conn.execute(query):
        brand, _, venue = key[len(CONVENTION_KEY) :].partition("|")
        found.append(Convention(template, brand, venue or None))
    return found


def convention_for(
    conn: Connection, brand: str | None, venue: str | None = None
) -> Convention | None:
    """The convention of ``brand`` on ``venue`` (a venue's own first, then brand-wide).

    Without a brand, the only brand with conventions is meant.
    """
    found = conventions(conn)
    brands = {c.brand.lower() for c in found}
    if not brand and len(brands) == 1:
        brand = brands.pop()
    mine = [c for c in found if brand and c.brand.lower() == brand.lower()]
    exact = [c for c in mine if venue and c.venue == venue]
    return (exact or [c for c in mine if c.venue is None] or [None])[0]


def add_contributor(
    conn: Connection,
    name: str,
    *,
    team: str | None = None,
    handles: Sequence[tuple[str, str]] = (),
    signatures: Sequence[tuple[str, str]] = (),
    brand: str | None = None,
    starts_at: datetime | None = None,
) -> RosterEntry:
    """Onboard ``name`` with handles ``(venue, handle)``, checked against the convention."""
    for venue, handle in handles:
        convention = convention_for(conn, brand, venue)
        problem = convention.check(handle, name) if convention else None
        if problem:
            raise ConfigError(problem)
    cid = _contributor_id(conn, name, team)
    for venue, handle in handles:
        link_handle(conn, cid, venue, handle)
    for account, signature in signatures:
        _add_signature(conn, cid, account, signature)
    if starts_at is not None:
        rotate_in(conn, name, starts_at)
    return roster_entry(conn, cid)


def _contributor_id(conn: Connection, name: str, team: str | None) -> int:
    found = conn.execute(select(contributors.c.id).where(contributors.c.name == name)).scalar()
    if found is not None:
        if team:
            conn.execute(update(contributors).where(contributors.c.id == found).values(team=team))
        return found
    values = {"name": name, "team": team, "created_at": _now()}
    return conn.execute(contributors.insert().values(**values)).inserted_primary_key[0]


def link_handle(conn: Connection, cid: int, venue: str, handle: str) -> None:
    """Give Contributor ``cid`` the handle ``handle`` on ``venue`` (the venue is created)."""
    from goodword.store.writes import venue_id

    vid = venue_id(conn, venue, "social")
    handle = handle.lstrip("@")
    c = contributor_handles
    conn.execute(delete(c).where(c.c.contributor_id == cid, c.c.venue_id == vid))
    conn.execute(delete(c).where(c.c.venue_id == vid, c.c.handle == handle))
    conn.execute(c.insert().values(contributor_id=cid, venue_id=vid, handle=handle))
    author = select(authors.c.id).where(authors.c.venue_id == vid, _named(handle))
    ids = list(conn.execute(author).scalars())
    if ids:
        _mark_staff(conn, ids, {})
        conn.execute(delete(settings_kv).where(settings_kv.c.key == OUTCOMES_STAMP))


def _named(handle: str) -> Any:
    """An author whose handle or display name is ``handle`` (forums show names, not ids)."""
    name = handle.lower()
    return or_(func.lower(authors.c.handle) == name, func.lower(authors.c.display_name) == name)


def _add_signature(conn: Connection, cid: int, account: str, signature: str) -> None:
    s = contributor_signatures
    account = account.lstrip("@").lower()
    conn.execute(delete(s).where(s.c.account == account, s.c.signature == signature))
    conn.execute(s.insert().values(account=account, signature=signature, contributor_id=cid))


def contributor_id(conn: Connection, name: str) -> int:
    """The id of Contributor ``name``; ConfigError naming the roster when unknown."""
    found = conn.execute(select(contributors.c.id).where(contributors.c.name == name)).scalar()
    if found is None:
        raise ConfigError(
            f"no Contributor named {name!r}: see `goodword contributors list`, "
            "or add one with `goodword contributors add`"
        )
    return found


def rotate_in(
    conn: Connection, name: str, starts_at: datetime, ends_at: datetime | None = None
) -> None:
    """Schedule ``name`` active from ``starts_at`` (until ``ends_at``, open when None)."""
    if ends_at is not None and ends_at <= starts_at:
        raise ConfigError(f"the period of {name} ends ({ends_at}) before it starts ({starts_at})")
    values = {
        "contributor_id": contributor_id(conn, name),
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    conn.execute(contributor_periods.insert().values(**values))


def rotate_out(conn: Connection, name: str, at: datetime) -> int:
    """Close ``name``'s open periods at ``at``; the number closed."""
    p = contributor_periods
    cond = and_(
        p.c.contributor_id == contributor_id(conn, name), p.c.ends_at.is_(None), p.c.starts_at < at
    )
    return conn.execute(update(p).where(cond).values(ends_at=at)).rowcount


def roster(conn: Connection) -> list[RosterEntry]:
    """Every Contributor with handles, sign-offs and periods, by name."""
    ids = conn.execute(select(contributors.c.id).order_by(contributors.c.name)).scalars()
    return [roster_entry(conn, cid) for cid in list(ids)]


def roster_entry(conn: Connection, cid: int) -> RosterEntry:
    row = conn.execute(select(contributors).where(contributors.c.id == cid)).one()
    h, s, p = contributor_handles, contributor_signatures, contributor_periods
    handles = conn.execute(
        select(venues.c.key, h.c.handle)
        .join(venues, venues.c.id == h.c.venue_id)
        .where(h.c.contributor_id == cid)
        .order_by(venues.c.key)
    ).all()
    signatures = conn.execute(
        select(s.c.account, s.c.signature).where(s.c.contributor_id == cid)
    ).all()
    periods = conn.execute(
        select(p.c.starts_at, p.c.ends_at).where(p.c.contributor_id == cid).order_by(p.c.starts_at)
    ).all()
    return RosterEntry(
        cid,
        row.name,
        row.team,
        tuple(map(tuple, handles)),
        tuple(map(tuple, signatures)),
        tuple(Period(*x) for x in periods),
    )


def active_at(conn: Connection, t: datetime) -> list[str]:
    """Names of the Contributors scheduled at ``t``."""
    return [e.name for e in roster(conn) if e.active_at(t)]


def detect_staff(
    conn: Connection, brand: str | None = None, accounts: Sequence[tuple[str, str]] = ()
) -> DetectReport:
    """Mark authors whose handle (or forum name) follows a convention as staff, link them
    to Contributors; mark the shared brand ``accounts`` (venue, handle) as the brand."""
    found = [c for c in conventions(conn) if not brand or c.brand.lower() == brand.lower()]
    hits = [(a, c) for a in _authors(conn) for c in found if _conforms(a, c)]
    marked = _mark_staff(conn, [a.id for a, _ in hits], {a.id: c.brand for a, c in hits})
    created = sum(_link_detected(conn, a, c) for a, c in hits)
    marked += _mark_accounts(conn, accounts, brand)
    if hits or accounts:
        conn.execute(delete(settings_kv).where(settings_kv.c.key == OUTCOMES_STAMP))
    return DetectReport(tuple(a.handle for a, _ in hits), marked, created)


@dataclass(frozen=True, slots=True)
class _Author:
    id: int
    venue_id: int
    venue: str
    handle: str  # the handle, or the display name where that is what follows a convention
    names: tuple[str, ...]


def _authors(conn: Connection) -> list[_Author]:
    columns = (
        authors.c.id,
        authors.c.venue_id,
        venues.c.key,
        authors.c.handle,
        authors.c.display_name,
    )
    query = select(*columns).join(venues, venues.c.id == authors.c.venue_id)
    return [
        _Author(i, v, k, h, tuple(x for x in (h, d) if x)) for i, v, k, h, d in conn.execute(query)
    ]


def _conforms(author: _Author, convention: Convention) -> bool:
    if convention.venue not in (None, author.venue):
        return False
    name = next((n for n in author.names if convention.matches(n)), None)
    if name:
        object.__setattr__(author, "handle", name)
    return name is not None


def _mark_accounts(conn: Connection, accounts: Sequence[tuple[str, str]], brand: str | None) -> int:
    marked = 0
    for venue, handle in accounts:
        query = (
            select(authors.c.id)
            .join(venues, venues.c.id == authors.c.venue_id)
            .where(venues.c.key == venue, _named(handle))
        )
        for aid in conn.execute(query).scalars().all():
            values = {"role": "brand", **({"brand": brand} if brand else {})}
            conn.execute(update(authors).where(authors.c.id == aid).values(**values))
            stmt = update(posts).where(posts.c.author_id == aid).values(**values)
            marked += conn.execute(stmt).rowcount
    return marked


def _mark_staff(conn: Connection, ids: list[int], brands: dict[int, str]) -> int:
    marked = 0
    for aid in ids:
        values = {"role": "staff", **({"brand": brands[aid]} if brands.get(aid) else {})}
        conn.execute(update(authors).where(authors.c.id == aid).values(**values))
        stmt = update(posts).where(posts.c.author_id == aid, posts.c.role == "customer")
        marked += conn.execute(stmt.values(**values)).rowcount
    return marked


def _link_detected(conn: Connection, author: object, convention: Convention) -> int:
    """Link a detected handle to its Contributor (1 when a Contributor had to be created)."""
    h = contributor_handles
    linked = conn.execute(
        select(func.count())
        .select_from(h)
        .where(h.c.venue_id == author.venue_id, func.lower(h.c.handle) == author.handle.lower())
    ).scalar()
    if linked:
        return 0
    names = conn.execute(select(contributors.c.name)).scalars().all()
    handle = author.handle.lower()
    owner = next((n for n in names if convention.expected(n).lower() == handle), None)
    guess = convention.person_of(author.handle) or author.handle
    name = owner or (guess if guess not in names else author.handle)
    cid = _contributor_id(conn, name, None)
    venue = conn.execute(select(venues.c.key).where(venues.c.id == author.venue_id)).scalar_one()
    link_handle(conn, cid, venue, author.handle)
    return int(owner is None and name not in names)


def _name_taken(conn: Connection, name: str) -> bool:
    query = select(func.count()).select_from(contributors).where(contributors.c.name == name)
    return bool(conn.execute(query).scalar())


def import_roster(conn: Connection, path: Path, brand: str | None = None) -> int:
    """Load a roster CSV (name, team, venue, handle, starts, ends); the rows loaded."""
    with Path(path).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    missing = {"name", "venue", "handle"} - set(rows[0] if rows else {})
    if missing:
        raise ConfigError(
            f"{path} lacks columns {sorted(missing)}: expected name,team,venue,handle,starts,ends"
        )
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        add_contributor(
            conn,
            row["name"],
            team=row.get("team") or None,
            handles=[(row["venue"], row["handle"])],
            brand=brand,
        )
        period = (row["name"], row.get("starts") or "", row.get("ends") or "")
        if period[1] and period not in seen:
            seen.add(period)
            ends = datetime.fromisoformat(period[2]) if period[2] else None
            rotate_in(
                conn,
                row["name"],
                datetime.fromisoformat(period[1]),
                ends + timedelta(days=1) if ends and len(period[2]) == 10 else ends,
            )
    return len(rows)

"""The Contributor roster: people, their handles and sign-offs, who is active when.

Query functions take a SQLAlchemy ``Connection``. Conventions live in ``settings_kv`` under
``program.convention.<brand>``. Onboarding checks every handle against the brand's
convention and refuses one that breaks it, with the handle to use instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, and_, delete, func, select, update

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


def set_convention(conn: Connection, brand: str, template: str) -> Convention:
    """Declare ``brand``'s username convention (checked by compiling it)."""
    if not brand:
        raise ConfigError("a convention needs a brand: pass --brand or set GOODWORD_BRAND")
    convention = Convention(template, brand)
    _ = convention.regex
    key = CONVENTION_KEY + brand
    conn.execute(delete(settings_kv).where(settings_kv.c.key == key))
    conn.execute(settings_kv.insert().values(key=key, value=template))
    return convention


def conventions(conn: Connection) -> list[Convention]:
    """Every declared convention."""
    query = select(settings_kv.c.key, settings_kv.c.value).where(
        settings_kv.c.key.like(CONVENTION_KEY + "%")
    )
    return [Convention(v, k[len(CONVENTION_KEY) :]) for k, v in conn.execute(query)]


def convention_for(conn: Connection, brand: str | None) -> Convention | None:
    """The convention of ``brand``, or the only one declared when no brand is given."""
    found = conventions(conn)
    if brand:
        return next((c for c in found if c.brand.lower() == brand.lower()), None)
    return found[0] if len(found) == 1 else None


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
    convention = convention_for(conn, brand)
    for _venue, handle in handles:
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


def detect_staff(conn: Connection, brand: str | None = None) -> DetectReport:
    """Mark authors whose handle follows a convention as staff and link them to Contributors."""
    found = [c for c in conventions(conn) if not brand or c.brand.lower() == brand.lower()]
    rows = conn.execute(select(authors.c.id, authors.c.venue_id, authors.c.handle)).all()
    hits = [(r, c) for r in rows for c in found if c.matches(r.handle)]
    created = sum(_link_detected(conn, r, c) for r, c in hits)
    ids = [r.id for r, _ in hits]
    marked = _mark_staff(conn, ids, {r.id: c.brand for r, c in hits})
    if ids:
        conn.execute(delete(settings_kv).where(settings_kv.c.key == OUTCOMES_STAMP))
    return DetectReport(tuple(r.handle for r, _ in hits), marked, created)


def _mark_staff(conn: Connection, ids: list[int], brands: dict[int, str]) -> int:
    marked = 0
    for aid in ids:
        conn.execute(
            update(authors).where(authors.c.id == aid).values(role="staff", brand=brands[aid])
        )
        stmt = update(posts).where(posts.c.author_id == aid).values(role="staff", brand=brands[aid])
        marked += conn.execute(stmt).rowcount
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

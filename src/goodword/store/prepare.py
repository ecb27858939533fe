"""Turning a batch of read records into rows the database driver takes, away from the database.

:func:`prepare` is pure: it needs no connection, so it can run in a second process while the
first one writes (see :mod:`goodword.readahead`). What only the store can decide — post,
parent, author and thread ids — is left to :func:`goodword.store.writes.write_posts`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from goodword.model import PostKind, RawPost, Reject, Role
from goodword.store.batch_threads import Chains, Gain, chains

POST_COLUMNS = (
    "id",
    "parent_id",
    "thread_id",
    "venue_id",
    "external_id",
    "parent_external_id",
    "author_id",
    "role",
    "brand",
    "kind",
    "created_at",
    "title",
    "text",
    "url",
    "score",
    "rating",
    "accepted",
    "product_hint",
    "raw",
    "content_hash",
    "source",
)
TAIL = POST_COLUMNS.index("role")  # columns from here on are known before the store is asked
AUTHOR_COLUMNS = ("handle", "display_name", "followers", "role", "brand")  # an author's row


@dataclass(slots=True)
class VenueRows:
    """One venue's posts of a batch, the last version of each external id only."""

    kind: str
    external_ids: list[str] = field(default_factory=list)
    parents: list[str | None] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    # POST_COLUMNS[TAIL:], a tuple per column: cheaper to pickle than a tuple per row, and
    # the writer zips them with the ids it decides without building a row in Python
    columns: list[tuple[object, ...]] = field(default_factory=list)
    # handle -> its AUTHOR_COLUMNS; a staff role wins over customer
    authors: dict[str, tuple[object, ...]] = field(default_factory=dict)
    received: int = 0  # records read for this venue, repeats included
    chains: Chains | None = None  # the batch's reply chains, should every post be new


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """A batch as the writer takes it: rows per venue, the rejects, and where it ends."""

    last_record: int  # the record number the ingest cursor moves to once this is written
    size: int  # records read, rejects included
    venues: dict[str, VenueRows]
    rejects: list[Reject]


def prepare(batch: list[RawPost | Reject], source: str, dialect: str) -> PreparedBatch:
    """Driver-ready rows of ``batch``; ``dialect`` decides how times are bound."""
    latest: dict[str, dict[str, RawPost]] = {}  # venue -> external id -> post
    rejects: list[Reject] = []
    received: dict[str, int] = {}
    for r in batch:
        if type(r) is Reject:
            rejects.append(r)
            continue
        posts = latest.get(r.venue)
        if posts is None:
            posts = latest[r.venue] = {}
        posts[r.external_id] = r  # a repeated id: the last version wins
        received[r.venue] = received.get(r.venue, 0) + 1
    venues: dict[str, VenueRows] = {}
    for venue, posts in latest.items():
        rows = venues[venue] = VenueRows("", received=received[venue])
        tails: list[tuple[object, ...]] = []
        for p in posts.values():
            _add(rows, tails, p, source, dialect)
        rows.kind = str(p.venue_kind)
        rows.columns = list(zip(*tails, strict=True))
    for rows in venues.values():
        rows.chains = chains(rows.external_ids, rows.parents)
    return PreparedBatch(batch[-1].record_no, len(batch), venues, rejects)


_ROLE = AUTHOR_COLUMNS.index("role")
_WHEN, _BRAND, _TITLE = (POST_COLUMNS.index(c) - TAIL for c in ("created_at", "brand", "title"))


def chain_gains(c: Chains, columns: list[tuple[object, ...]]) -> dict[int, Gain]:
    """What the posts of each chain bring its thread, by the chain's top position
    (``columns``: POST_COLUMNS[TAIL:] of the posts, a tuple per column)."""
    gains: dict[int, Gain] = {}
    titles = columns[_TITLE]
    for top, when, brand in zip(c.top, columns[_WHEN], columns[_BRAND], strict=True):
        g = gains.get(top)
        if g is None:
            gains[top] = Gain(1, when, when, brand, titles[top])  # type: ignore[arg-type]
        else:
            g.add(1, when, when, brand)  # type: ignore[arg-type]
    return gains


def _add(
    rows: VenueRows, tails: list[tuple[object, ...]], p: RawPost, source: str, dialect: str
) -> None:
    iso = p.created_at.isoformat()
    digest = content_hash(p, iso)
    role = _NAMES.get(p.role, p.role)
    rows.external_ids.append(p.external_id)
    rows.parents.append(p.parent_id)
    rows.handles.append(p.author)
    rows.digests.append(digest)
    tails.append(
        _tail(p, role, _sqlite_time(p, iso) if dialect == "sqlite" else None, digest, source)
    )
    known = rows.authors.get(p.author)
    if known is None or known[_ROLE] == Role.CUSTOMER:
        rows.authors[p.author] = (p.author, p.author_name, p.followers, role, p.brand)


def _sqlite_time(p: RawPost, iso: str) -> str:
    """SQLite keeps DateTime as SQLAlchemy's text form: ``2017-10-31 22:10:47.000000``."""
    if len(iso) == 19:  # naive, whole seconds
        return f"{iso[:10]} {iso[11:]}.000000"
    return p.created_at.isoformat(sep=" ", timespec="microseconds")


def _tail(p: RawPost, role: str, when: str | None, digest: str, source: str) -> tuple[object, ...]:
    """The row's columns from ``role`` on, in POST_COLUMNS order (``when``: None on
    PostgreSQL, which takes the datetime and a bool; SQLite gets its text and an int, which
    its driver binds without looking for an adapter)."""
    return (
        role,
        p.brand,
        _NAMES.get(p.kind, p.kind),
        p.created_at if when is None else when,
        p.title,
        p.text,
        p.url,
        p.score,
        p.rating,
        p.accepted if when is None else int(p.accepted),
        p.product_hint,
        _raw(p.raw),
        digest,
        source,
    )


_NAMES = {member: member.value for member in (*Role, *PostKind)}  # one str object each


def _raw(raw: dict[str, object] | str) -> str:
    return raw if isinstance(raw, str) else json.dumps(raw, default=str, ensure_ascii=False)


def content_hash(p: RawPost, iso: str) -> str:
    """What makes two versions of a post different: its fields joined by ``\\x1f``, an absent
    one as the empty string, hashed (BLAKE2b, 16 bytes); ``iso`` is its time's isoformat."""
    # written out rather than through a helper per field: this runs once a record
    joined = "\x1f".join(
        (
            p.author,
            iso,
            p.text,
            "" if p.parent_id is None else str(p.parent_id),
            "" if p.title is None else str(p.title),
            "" if p.url is None else str(p.url),
            "" if p.score is None else str(p.score),
            "" if p.rating is None else str(p.rating),
            str(p.accepted),
            str(p.kind),
            str(p.role),
            "" if p.brand is None else str(p.brand),
            "" if p.product_hint is None else str(p.product_hint),
        )
    )
    return hashlib.blake2b(joined.encode(), digest_size=16).hexdigest()


def batches_of(records: Iterable[RawPost | Reject], size: int, skip_to: int) -> Iterable[list]:
    """Records after ``skip_to`` (the resume cursor) in lists of ``size``."""
    fresh = (r for r in records if r.record_no > skip_to)
    while batch := list(islice(fresh, size)):
        yield batch

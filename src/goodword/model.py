"""The domain: plain, typed, frozen data moving through the pipeline.

A *venue* is a place where customers talk in public (a Twitter support space, a forum, a
review site). *Authors* write *posts* in a venue; posts form *threads* through their parent
links. *Products* are what the company sells; posts are linked to the products they mention.
*Signals* are what analyzers read in a post or thread (sentiment, gratitude, solved …), each
stamped with the analyzer and its version. *Contributors* are staff people who serve in
public under a username convention. Tracking codes, orders and daily sales tie the
conversation to money.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """Who an author is to the company."""

    CUSTOMER = "customer"
    STAFF = "staff"  # a person serving for the company (a Contributor)
    BRAND = "brand"  # the company's own account, unsigned


class VenueKind(StrEnum):
    SOCIAL = "social"
    FORUM = "forum"
    REVIEWS = "reviews"
    HELPDESK = "helpdesk"


class PostKind(StrEnum):
    POST = "post"  # a social post or reply
    QUESTION = "question"
    ANSWER = "answer"
    COMMENT = "comment"
    REVIEW = "review"


@dataclass(slots=True)
class RawPost:
    """One input record, normalised by a source; what ingest stores as a post.

    ``record_no`` is the 1-based record number in the input, for quarantine and resume.
    ``parent_id`` is the external id of the post this one answers, if any.

    Treat it as read-only. It is not a frozen dataclass because sources build one per
    record, and a frozen one's ``__init__`` sets each of its 20 fields through
    ``object.__setattr__``, several times the cost of a plain one.
    """

    record_no: int
    venue: str
    external_id: str
    author: str
    created_at: datetime
    text: str
    venue_kind: VenueKind = VenueKind.SOCIAL
    parent_id: str | None = None
    role: Role = Role.CUSTOMER
    brand: str | None = None
    kind: PostKind = PostKind.POST
    title: str | None = None
    url: str | None = None
    score: int | None = None
    rating: int | None = None
    accepted: bool = False
    author_name: str | None = None
    followers: int | None = None
    product_hint: str | None = None
    raw: dict[str, Any] | str = field(default_factory=dict)  # the record as read: text or fields


@dataclass(frozen=True, slots=True)
class Reject:
    """An input record that cannot be stored: quarantined with an actionable reason."""

    record_no: int
    reason: str
    raw: str


@dataclass(frozen=True, slots=True)
class Venue:
    id: int
    key: str
    kind: VenueKind
    name: str


@dataclass(frozen=True, slots=True)
class Author:
    id: int
    venue_id: int
    handle: str
    role: Role
    display_name: str | None = None
    followers: int | None = None
    brand: str | None = None


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    venue_id: int
    external_id: str
    thread_id: int | None
    parent_id: int | None
    author_id: int
    created_at: datetime
    text: str
    kind: PostKind = PostKind.POST
    role: Role = Role.CUSTOMER
    title: str | None = None
    url: str | None = None
    score: int | None = None
    rating: int | None = None
    accepted: bool = False
    brand: str | None = None


@dataclass(frozen=True, slots=True)
class Thread:
    id: int
    venue_id: int
    root_post_id: int
    root_external_id: str
    orphan: bool  # the root answers a post that is not in the store
    started_at: datetime
    last_post_at: datetime
    post_count: int
    brand: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    name: str
    aliases: tuple[str, ...] = ()
    url: str | None = None
    category: str | None = None
    brand: str | None = None


@dataclass(frozen=True, slots=True)
class Signal:
    """One reading of a post or thread by an analyzer."""

    subject_id: int  # a post id or a thread id
    name: str  # e.g. "sentiment", "gratitude", "taxonomy"
    score: float | None  # a probability or score, when the signal has one
    label: str | None  # a class or path, when the signal has one
    analyzer: str
    version: str


@dataclass(frozen=True, slots=True)
class Contributor:
    id: int
    name: str
    team: str | None = None


@dataclass(frozen=True, slots=True)
class DailySales:
    product_sku: str
    day: date
    units: float
    revenue: float
    ad_spend: float = 0.0


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest did: the line printed at its end."""

    source: str
    format: str
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    threads: int = 0
    resumed_from: int = 0

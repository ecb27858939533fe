"""The rows the program's batch work reads and writes: plain frozen data, no storage.

A :class:`PostRow` is one post with what the outcome pass needs from its author and its
signals (``None`` where the post has not been enriched). A :class:`ThreadOutcome` is what
happened in one thread; a :class:`StaffReply` is one reply by the company, kept so that
rankings can attribute it to the Contributor who wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

STAFF_ROLES = frozenset({"staff", "brand"})


@dataclass(frozen=True, slots=True)
class PostSignals:
    """What the analyzers read in one post; every field is ``None`` when not enriched."""

    sentiment: str | None = None  # negative | neutral | positive
    polarity: float | None = None  # -1..1
    gratitude: bool | None = None
    question: bool | None = None
    solved: bool | None = None
    complaint: bool | None = None
    referral: bool | None = None
    uninvited_mention: bool | None = None
    shareability: float | None = None
    delight: str | None = None  # the occasion, "none" when there is none

    @property
    def enriched(self) -> bool:
        return self.sentiment is not None or self.polarity is not None

    @property
    def negative_comment(self) -> bool:
        """Read as negative and as a complaint, and not a question: see docs/program.md."""
        return self.sentiment == "negative" and bool(self.complaint) and not self.question


NO_SIGNALS = PostSignals()


@dataclass(frozen=True, slots=True)
class ThreadSignals:
    """The thread-level signals of the contract, ``None`` where absent."""

    resolved_by: str | None = None  # staff | peer | self | none
    gratitude: bool | None = None
    sentiment_start: float | None = None
    sentiment_end: float | None = None


@dataclass(frozen=True, slots=True)
class PostRow:
    """One post as the outcome pass sees it; ``text`` is only loaded for staff posts."""

    id: int
    thread_id: int
    venue_id: int
    author_id: int
    role: str
    kind: str
    created_at: datetime
    brand: str | None = None
    score: int | None = None
    accepted: bool = False
    followers: int | None = None
    text: str | None = None
    signals: PostSignals = NO_SIGNALS


@dataclass(frozen=True, slots=True)
class StaffReply:
    """A reply by the company's staff or brand account."""

    post_id: int
    thread_id: int
    venue_id: int
    author_id: int
    created_at: datetime
    response_s: float | None  # seconds since the customer post it answers
    first_in_thread: bool
    score: int | None
    accepted: bool
    signature: str | None  # e.g. "JK" from a reply ending "^JK"


@dataclass(frozen=True, slots=True)
class ThreadOutcome:
    """What happened in one thread; see docs/program.md for every field."""

    thread_id: int
    venue_id: int
    brand: str | None
    started_at: datetime
    last_post_at: datetime
    posts: int
    participants: int
    customer_posts: int
    staff_posts: int
    staff_answers: int
    peer_answers: int
    self_answers: int
    customer_started: bool
    question: bool
    first_staff_response_s: float | None
    first_peer_response_s: float | None
    first_response_s: float | None
    accepted_by: str | None
    resolved: bool | None
    resolved_by: str | None
    gratitude: bool | None
    enriched_posts: int
    negative_posts: int
    gratitude_posts: int
    referral_posts: int
    uninvited_posts: int
    sentiment_start: float | None
    sentiment_end: float | None
    reach: int | None
    shareability: float | None
    delight: str | None
    open: bool
    unanswered: bool
    waiting_since: datetime | None
    product_id: int | None = None

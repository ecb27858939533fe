"""Thread outcomes: a pure function over batches of posts, ready to run anywhere.

``thread_outcomes(posts, thread_signals)`` takes posts ordered by thread (any order inside
a thread) and returns one :class:`ThreadOutcome` per thread, plus the company's replies.
Who is who inside a thread:

* the *opener* is the author of the first customer post;
* *staff* are posts by a ``staff`` or ``brand`` author;
* *peers* are customers other than the opener; the opener's own later posts are *self*.

Nothing here guesses a signal: where posts are not enriched the fields that need signals
are ``None``. Hard facts (an accepted answer, a reply) never need signals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from goodword.metrics.records import (
    STAFF_ROLES,
    PostRow,
    StaffReply,
    ThreadOutcome,
    ThreadSignals,
)

NO_THREAD_SIGNALS = ThreadSignals()
_TRAILING_URLS = re.compile(r"(?:\s+https?://\S+)+\s*$")
_SIGNATURE = re.compile(r"(?:^|\s)(?:\^|\*|~|-|–|—)\s?([A-Z][A-Za-z]{1,15})\s*$")


def thread_outcomes(
    posts: Iterable[PostRow], thread_signals: Mapping[int, ThreadSignals] | None = None
) -> tuple[list[ThreadOutcome], list[StaffReply]]:
    """Outcomes and staff replies of every thread in ``posts`` (ordered by thread)."""
    signals = thread_signals or {}
    outcomes: list[ThreadOutcome] = []
    replies: list[StaffReply] = []
    for thread_id, group in groupby(posts, key=lambda p: p.thread_id):
        thread = sorted(group, key=lambda p: (p.created_at, p.id))
        outcome, staff = outcome_of(thread, signals.get(thread_id, NO_THREAD_SIGNALS))
        outcomes.append(outcome)
        replies.extend(staff)
    return outcomes, replies


def signature_of(text: str | None) -> str | None:
    """The sign-off at the end of a shared-account reply (``^JK``, ``-KC``, ``~Rose``)."""
    if not text:
        return None
    match = _SIGNATURE.search(_TRAILING_URLS.sub("", text))
    return match.group(1) if match else None


@dataclass(frozen=True, slots=True)
class _Cast:
    """Each post's class in its thread: staff, self (the opener) or peer."""

    classes: tuple[str, ...]
    first_customer: int | None  # index of the opening customer post

    @classmethod
    def of(cls, thread: Sequence[PostRow]) -> _Cast:
        first = next((i for i, p in enumerate(thread) if p.role not in STAFF_ROLES), None)
        opener = thread[first].author_id if first is not None else None
        return cls(tuple(_class_of(p, opener) for p in thread), first)


def _class_of(post: PostRow, opener: int | None) -> str:
    if post.role in STAFF_ROLES:
        return "staff"
    return "self" if post.author_id == opener else "peer"


def outcome_of(
    thread: Sequence[PostRow], signals: ThreadSignals = NO_THREAD_SIGNALS
) -> tuple[ThreadOutcome, list[StaffReply]]:
    """The outcome of one thread whose posts are sorted by time."""
    cast = _Cast.of(thread)
    answers = _answers(thread, cast)
    customers = [p for p, c in zip(thread, cast.classes, strict=True) if c != "staff"]
    enriched = [p for p in customers if p.signals.enriched]
    resolved, resolved_by = _resolution(thread, cast, signals, bool(enriched))
    first_staff = _first_after(thread, cast, "staff")
    first_peer = _first_after(thread, cast, "peer")
    outcome = ThreadOutcome(
        thread_id=thread[0].thread_id,
        venue_id=thread[0].venue_id,
        brand=_brand(thread),
        started_at=thread[0].created_at,
        last_post_at=thread[-1].created_at,
        posts=len(thread),
        participants=len({p.author_id for p in thread}),
        customer_posts=len(customers),
        staff_posts=cast.classes.count("staff"),
        staff_answers=answers.count("staff"),
        peer_answers=answers.count("peer"),
        self_answers=answers.count("self"),
        customer_started=cast.first_customer == 0,
        question=_is_question(thread, cast),
        first_staff_response_s=first_staff,
        first_peer_response_s=first_peer,
        first_response_s=_min_known(first_staff, first_peer),
        accepted_by=_accepted_by(thread, cast),
        resolved=resolved,
        resolved_by=resolved_by,
        gratitude=_gratitude(customers, signals, bool(enriched)),
        enriched_posts=len(enriched),
        negative_posts=sum(p.signals.negative_comment for p in enriched),
        gratitude_posts=sum(bool(p.signals.gratitude) for p in customers[1:]),
        referral_posts=sum(bool(p.signals.referral) for p in customers),
        uninvited_posts=sum(bool(p.signals.uninvited_mention) for p in customers),
        sentiment_start=_sentiment(signals.sentiment_start, enriched, 0),
        sentiment_end=_sentiment(signals.sentiment_end, enriched, -1),
        reach=_reach(customers),
        shareability=_max_known(p.signals.shareability for p in customers),
        delight=_delight(customers),
        **_waiting(thread, cast, resolved, answers),
    )
    return outcome, _staff_replies(thread, cast)


def _brand(thread: Sequence[PostRow]) -> str | None:
    staff_brand = next((p.brand for p in thread if p.role in STAFF_ROLES and p.brand), None)
    return staff_brand or next((p.brand for p in thread if p.brand), None)


def _answers(thread: Sequence[PostRow], cast: _Cast) -> list[str]:
    """The class of every post that answers the opener (an answer, or a reply by another)."""
    start = cast.first_customer
    if start is None:
        return []
    found = []
    for post, cls in zip(thread[start + 1 :], cast.classes[start + 1 :], strict=True):
        if post.kind == "answer" or (post.kind in ("post", "comment") and cls != "self"):
            found.append(cls)
    return found


def _first_after(thread: Sequence[PostRow], cast: _Cast, cls: str) -> float | None:
    """Seconds from the opening customer post to the first post of class ``cls``."""
    start = cast.first_customer
    if start is None:
        return None
    for post, c in zip(thread[start + 1 :], cast.classes[start + 1 :], strict=True):
        if c == cls:
            return _seconds(thread[start].created_at, post.created_at)
    return None


def _seconds(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds())


def _min_known(a: float | None, b: float | None) -> float | None:
    known = [x for x in (a, b) if x is not None]
    return min(known) if known else None


def _max_known(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def _is_question(thread: Sequence[PostRow], cast: _Cast) -> bool:
    if cast.first_customer is None:
        return False
    opening = thread[cast.first_customer]
    return opening.kind == "question" or bool(opening.signals.question)


def _accepted_by(thread: Sequence[PostRow], cast: _Cast) -> str | None:
    return next((c for p, c in zip(thread, cast.classes, strict=True) if p.accepted), None)


def _resolution(
    thread: Sequence[PostRow], cast: _Cast, signals: ThreadSignals, enriched: bool
) -> tuple[bool | None, str | None]:
    """(resolved, by whom): an accepted answer (a fact), the thread signal, a 'solved' post."""
    accepted = _accepted_by(thread, cast)
    if accepted:
        return True, accepted
    if signals.resolved_by is not None:
        done = signals.resolved_by != "none"
        return done, signals.resolved_by if done else None
    solver = _solved_by_post(thread, cast)
    if solver:
        return True, solver
    if enriched or _is_qa(thread, cast):
        return False, None
    return None, None


def _is_qa(thread: Sequence[PostRow], cast: _Cast) -> bool:
    return cast.first_customer is not None and thread[cast.first_customer].kind == "question"


def _solved_by_post(thread: Sequence[PostRow], cast: _Cast) -> str | None:
    """Who answered last before the opener said it is solved ('self' if nobody did)."""
    helper = "self"
    for post, cls in zip(thread, cast.classes, strict=True):
        if cls == "self" and post.signals.solved:
            return helper
        if cls != "self":
            helper = cls
    return None


def _gratitude(customers: Sequence[PostRow], signals: ThreadSignals, enriched: bool) -> bool | None:
    if signals.gratitude is not None:
        return signals.gratitude
    if not enriched:
        return None
    return any(p.signals.gratitude for p in customers[1:])


def _sentiment(given: float | None, enriched: Sequence[PostRow], at: int) -> float | None:
    if given is not None:
        return given
    known = [p.signals.polarity for p in enriched if p.signals.polarity is not None]
    return known[at] if known else None


def _reach(customers: Sequence[PostRow]) -> int | None:
    followers = {p.author_id: p.followers for p in customers if p.followers is not None}
    return sum(followers.values()) if followers else None


def _delight(customers: Sequence[PostRow]) -> str | None:
    occasions = (p.signals.delight for p in customers)
    return next((d for d in occasions if d and d != "none"), None)


def _waiting(
    thread: Sequence[PostRow], cast: _Cast, resolved: bool | None, answers: list[str]
) -> dict[str, object]:
    """open: the opener spoke last and nothing is solved; waiting since their first word."""
    run = 0
    while run < len(thread) and cast.classes[-1 - run] == "self":
        run += 1
    is_open = run > 0 and resolved is not True
    since = thread[-run].created_at if is_open else None
    return {"open": is_open, "unanswered": not answers, "waiting_since": since}


def _staff_replies(thread: Sequence[PostRow], cast: _Cast) -> list[StaffReply]:
    replies: list[StaffReply] = []
    last_customer: datetime | None = None
    for post, cls in zip(thread, cast.classes, strict=True):
        if cls != "staff":
            last_customer = post.created_at
            continue
        replies.append(_reply(post, last_customer, first=not replies))
    return replies


def _reply(post: PostRow, answered_at: datetime | None, *, first: bool) -> StaffReply:
    return StaffReply(
        post_id=post.id,
        thread_id=post.thread_id,
        venue_id=post.venue_id,
        author_id=post.author_id,
        created_at=post.created_at,
        response_s=_seconds(answered_at, post.created_at) if answered_at else None,
        first_in_thread=first and answered_at is not None,
        score=post.score,
        accepted=post.accepted,
        signature=signature_of(post.text),
    )

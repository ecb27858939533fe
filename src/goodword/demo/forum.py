"""The forum venue: a Stack Exchange-style community where customers ask and peers answer.

Each question may get peer answers first; in the planted peer cells peers solve most of
them (self-healing). Staff answer what peers leave open, where a server is on duty. The
asker accepts the answer that solved it and often thanks its author by handle.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from goodword.demo import company, phrases
from goodword.demo.social import pick_product, pick_scenario
from goodword.demo.text import ACTION_SCENARIOS, Phrasebook, forum_nick
from goodword.demo.world import (
    FORUM,
    DemoPost,
    ThreadFact,
    Venue,
    days,
    later,
    mentioned,
    opening_time,
    peer_help,
    poisson,
    quality,
    server,
)

QUESTIONS_PER_DAY = 1.8
BRAND_FORUM_NAME = "Brewbird Team"  # the unsigned account that answers before the program
PEER_THANKS = 0.5


@dataclass
class ForumUsers:
    """Forum accounts: display name -> numeric id, staff first."""

    ids: dict[str, int] = field(default_factory=dict)

    @classmethod
    def with_staff(cls) -> ForumUsers:
        users = cls()
        users.ids[BRAND_FORUM_NAME] = 1
        for c in company.CONTRIBUTORS:
            users.ids[c.forum_handle] = len(users.ids) + 1
        return users

    def customer(self, rng: random.Random) -> str:
        name = forum_nick(rng)
        if name not in self.ids:
            self.ids[name] = 100 + len(self.ids)
        return name


@dataclass
class Question:
    """One forum question and its answers as they are written."""

    day: date
    sku: str
    scenario: str
    asker: str
    post: DemoPost
    answers: list[DemoPost] = field(default_factory=list)
    accepted: DemoPost | None = None
    served_by: str | None = None
    solved_by: str = "none"


def generate(rng: random.Random, book: Phrasebook, scale: float) -> tuple[Venue, ForumUsers]:
    """Every forum thread of the demo period, and the forum's users."""
    venue, users = Venue(FORUM, [], []), ForumUsers.with_staff()
    venue.next_id = 1001
    for day in days():
        for _ in range(poisson(rng, QUESTIONS_PER_DAY * scale)):
            _thread(rng, book, venue, users, day)
    return venue, users


def _thread(
    rng: random.Random, book: Phrasebook, venue: Venue, users: ForumUsers, day: date
) -> None:
    sku = pick_product(rng)
    scenario = pick_scenario(rng, sku)
    q = _ask(rng, book, venue, users, day, sku, scenario)
    if not _peers(rng, book, venue, users, q):
        _staff(rng, book, venue, q)
    _close(rng, book, venue, q)


def _ask(
    rng: random.Random,
    book: Phrasebook,
    venue: Venue,
    users: ForumUsers,
    day: date,
    sku: str,
    scenario: str,
) -> Question:
    asker = users.customer(rng)
    negative = venue.negative(rng, "complaint", 0.2, day)
    templates = phrases.FORUM_COMPLAINT if negative else phrases.FORUM_QUESTION
    body = book.write(templates, sku=sku, scenario=scenario)
    title = book.title(sku, scenario)
    post_id = venue.new_id()
    post = DemoPost(
        FORUM, post_id, post_id, None, asker, "customer", opening_time(rng, day), body,
        "question", intents=("question", "complaint") if negative else ("question",),
        sentiment="negative" if negative else "neutral", skus=mentioned(f"{title} {body}"),
        scenario=scenario, title=title, tags=_tags(sku, scenario), score=rng.randrange(0, 12),
    )  # fmt: skip
    return Question(day, sku, scenario, asker, post)


def _tags(sku: str, scenario: str) -> tuple[str, ...]:
    alias = company.product(sku).aliases[0].lower().replace(" ", "-")
    return (alias, company.SCENARIO_TAGS[scenario])


def _answer(
    venue: Venue, q: Question, author: str, role: str, at: datetime, text: str, **labels: object
) -> DemoPost:
    post = DemoPost(
        FORUM, venue.new_id(), q.post.post_id, q.post.post_id, author, role, at, text, "answer",
        skus=mentioned(text), scenario=q.scenario, **labels,  # type: ignore[arg-type]
    )  # fmt: skip
    q.answers.append(post)
    return post


def _peers(
    rng: random.Random, book: Phrasebook, venue: Venue, users: ForumUsers, q: Question
) -> bool:
    """Peers answer; True when one of them solved it."""
    p_answer, p_solve = peer_help((q.sku, q.scenario))
    if q.scenario in ACTION_SCENARIOS or rng.random() >= p_answer:
        return False
    for n in range(1 + (rng.random() < 0.3)):
        referral = rng.random() < 0.2
        templates = phrases.FORUM_PEER_REFERRAL if referral else phrases.FORUM_PEER
        other = pick_product(rng)
        text = book.write(templates, sku=q.sku, scenario=q.scenario, p2=other)
        labels = {"intents": ("answer", "referral") if referral else ("answer",)}
        if referral:
            labels["sentiment"] = "positive"
        peer = users.customer(rng)
        post = _answer(venue, q, peer, "customer", later(rng, q.post.created_at, 240), text,
                       **labels)  # fmt: skip
        if n == 0 and rng.random() < p_solve:
            q.accepted, q.solved_by = post, "peer"
    return q.accepted is not None


def _staff(rng: random.Random, book: Phrasebook, venue: Venue, q: Question) -> None:
    q.served_by = server(rng, q.day, q.sku)
    if q.served_by is None:
        return
    brand = q.served_by == "brand"
    handle = BRAND_FORUM_NAME if brand else company.contributor(q.served_by).forum_handle
    name = company.BRAND if brand else company.contributor(q.served_by).first
    apologise = "complaint" in q.post.intents and rng.random() < 0.5
    templates = phrases.FORUM_STAFF_APOLOGY if apologise else phrases.FORUM_STAFF
    text = book.write(templates, sku=q.sku, scenario=q.scenario, name=name)
    intents = ("answer", "apology") if apologise else ("answer",)
    wait = 1500 if (q.sku, q.scenario) == company.BAD_CELL else 240 if brand else 90
    post = _answer(venue, q, handle, "brand" if brand else "staff",
                   later(rng, q.post.created_at, wait), text, intents=intents)  # fmt: skip
    if rng.random() < quality(q.served_by, (q.sku, q.scenario))[0]:
        q.accepted, q.solved_by = post, "staff"


def _close(rng: random.Random, book: Phrasebook, venue: Venue, q: Question) -> None:
    """The asker's last word, then the thread is stored with its accepted answer."""
    last = max([q.post.created_at, *(a.created_at for a in q.answers)])
    if q.accepted is not None and rng.random() < _thanks_chance(q):
        text = book.write(phrases.FORUM_THANKS, sku=q.sku, at="@" + q.accepted.author)
        _answer(venue, q, q.asker, "customer", later(rng, last, 120), text,
                intents=("solved", "gratitude"), sentiment="positive",
                target=q.accepted.post_id)  # fmt: skip
    elif q.accepted is None and venue.negative(rng, "still-broken", 0.4, q.day):
        text = book.write(phrases.FORUM_STILL)
        _answer(venue, q, q.asker, "customer", later(rng, last, 600), text,
                intents=("complaint",), sentiment="negative")  # fmt: skip
    _store(rng, venue, q)


def _thanks_chance(q: Question) -> float:
    if q.solved_by == "peer" or q.served_by is None:
        return PEER_THANKS
    return quality(q.served_by, (q.sku, q.scenario))[1]


def _store(rng: random.Random, venue: Venue, q: Question) -> None:
    accepted_id = q.accepted.post_id if q.accepted else None
    answers = [
        replace(a, accepted=a.post_id == accepted_id, score=_score(rng, a.post_id == accepted_id))
        for a in q.answers
    ]
    venue.posts.extend([q.post, *answers])
    venue.facts.append(
        ThreadFact(
            FORUM,
            q.post.post_id,
            q.day,
            q.sku,
            q.scenario,
            "complaint" if "complaint" in q.post.intents else "question",
            q.served_by,
            q.solved_by,
            q.asker,
        )  # fmt: skip
    )


def _score(rng: random.Random, accepted: bool) -> int:
    return rng.randrange(3, 20) if accepted else rng.randrange(0, 6)

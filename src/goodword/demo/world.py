"""The generator's working data: posts with their planted labels, threads with their facts.

A :class:`DemoPost` is one post as the generator meant it (who wrote it, what it is, which
products it names); a :class:`ThreadFact` records how a thread went (who served it, who
solved it). Writers turn posts into the venues' real file formats; the planted truths are
computed from these records.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from goodword.demo import company

T = TypeVar("T")

SOCIAL, FORUM, REVIEWS = "social", "forum", "reviews"
NEGATIVE_DROP = 0.26  # planted relative drop of negative customer posts after PROGRAM_START


@dataclass(frozen=True, slots=True)
class DemoPost:
    """One generated post and the labels planted in it."""

    venue: str
    post_id: str
    thread_id: str
    parent_id: str | None
    author: str
    role: str  # customer | staff | brand
    created_at: datetime
    text: str
    kind: str  # post | question | answer | review
    intents: tuple[str, ...] = ()
    sentiment: str = "neutral"
    skus: tuple[str, ...] = ()
    scenario: str | None = None
    occasion: str | None = None
    target: str | None = None  # the post a thank-you or a "that fixed it" answers
    title: str | None = None
    tags: tuple[str, ...] = ()
    score: int = 0
    accepted: bool = False
    rating: int | None = None


@dataclass(frozen=True, slots=True)
class ThreadFact:
    """How one thread went, as planted."""

    venue: str
    thread_id: str
    day: date
    sku: str
    scenario: str | None
    kind: str  # question | complaint | delight | mention | praise | recommend | review
    served_by: str | None  # a Contributor's name, "brand", or None
    solved_by: str  # staff | peer | none
    customer: str
    code: str | None = None  # a tracking code the Contributor handed out in the thread
    code_at: datetime | None = None


class Quota:
    """Low-variance yes/no draws: the share of yeses tracks the asked chance closely.

    Error diffusion from a random start: each draw adds its chance to a running debt and
    says yes when the debt passes one. Planted rates then hold in every period instead of
    wandering with sampling noise.
    """

    def __init__(self, rng: random.Random) -> None:
        self.debt = rng.random()

    def draw(self, chance: float) -> bool:
        self.debt += chance
        if self.debt >= 1.0:
            self.debt -= 1.0
            return True
        return False


@dataclass
class Venue:
    """Posts and facts of one venue as they are generated, with an id counter."""

    name: str
    posts: list[DemoPost]
    facts: list[ThreadFact]
    next_id: int = 1
    quotas: dict[str, Quota] = field(default_factory=dict)

    def new_id(self) -> str:
        value = self.next_id
        self.next_id += 1
        return str(value)

    def negative(self, rng: random.Random, decision: str, chance: float, day: date) -> bool:
        """Whether a post turns negative: ``chance`` before the program, less after it."""
        if decision not in self.quotas:
            self.quotas[decision] = Quota(rng)
        return self.quotas[decision].draw(chance * negative_factor(day))


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth's method; ``lam`` is small here)."""
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[rng.randrange(len(items))]


def weighted(rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    return rng.choices(items, weights=weights, k=1)[0]


def days() -> list[date]:
    """Every day of the demo period."""
    return [company.START + timedelta(days=i) for i in range(company.DAYS)]


def opening_time(rng: random.Random, day: date) -> datetime:
    """When a customer starts a thread on ``day``: mostly waking hours."""
    hour = min(23, max(6, int(rng.gauss(14, 4))))
    return datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))


def later(rng: random.Random, at: datetime, mean_minutes: float) -> datetime:
    """A moment after ``at``, an exponential wait of ``mean_minutes`` on average."""
    minutes = 2 + rng.expovariate(1 / mean_minutes)
    return at + timedelta(seconds=int(minutes * 60))


def negative_factor(day: date) -> float:
    """How much of the baseline negativity is left on ``day`` (the planted trend)."""
    return 1.0 if day < company.PROGRAM_START else 1.0 - NEGATIVE_DROP


def server(rng: random.Random, day: date, sku: str) -> str | None:
    """Who serves a thread about ``sku`` opened on ``day``: a Contributor, "brand" or None."""
    if sku in company.CONTROL_SKUS:
        return None
    if sku in company.PILOT_SKUS and day < company.PILOT_START:
        return None
    if rng.random() < 0.08:
        return None
    if day < company.PROGRAM_START:
        return "brand"
    on_duty = [c for c in company.CONTRIBUTORS if c.on_duty(day)]
    return weighted(rng, [c.name for c in on_duty], [c.weight for c in on_duty])


def quality(served_by: str, cell: tuple[str, str | None]) -> tuple[float, float]:
    """(chance of solving, chance of being thanked) for whoever serves a thread."""
    if served_by == "brand":
        p_solve, p_thanks = 0.55, 0.35
    else:
        c = company.contributor(served_by)
        p_solve, p_thanks = c.p_solve, c.p_thanks
    if cell == company.BAD_CELL:
        p_solve *= 0.25
    return p_solve, p_thanks


def peer_help(cell: tuple[str, str | None]) -> tuple[float, float]:
    """(chance a peer answers, chance that answer solves it) in a product x scenario cell."""
    if cell in company.PEER_CELLS:
        return 0.85, 0.8
    if cell == company.BAD_CELL:
        return 0.15, 0.1
    return 0.3, 0.45


_MENTION_CACHE: list[tuple[str, re.Pattern[str]]] = []


def mentioned(text: str) -> tuple[str, ...]:
    """The SKUs whose name or an alias appears in ``text`` as whole words, in catalog order."""
    if not _MENTION_CACHE:
        for p in company.PRODUCTS:
            names = sorted((p.name, *p.aliases), key=len, reverse=True)
            alternation = "|".join(re.escape(n) for n in names)
            _MENTION_CACHE.append((p.sku, re.compile(rf"\b(?:{alternation})\b", re.I)))
    return tuple(sku for sku, rx in _MENTION_CACHE if rx.search(text))

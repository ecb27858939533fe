"""The social venue: support conversations on a Twitter-like network.

Customers write to the brand account (``@BrewbirdSupport``), to each other, or about the
brand without addressing it (uninvited mentions). Before the Contributor program starts the
unsigned brand account answers; afterwards named Contributors do, each with the quality
planted in :mod:`goodword.demo.company`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from goodword.attribution.codes import new_code
from goodword.demo import company, phrases
from goodword.demo.text import ACTION_SCENARIOS, Phrasebook
from goodword.demo.world import (
    SOCIAL,
    DemoPost,
    ThreadFact,
    Venue,
    days,
    later,
    mentioned,
    opening_time,
    peer_help,
    pick,
    poisson,
    quality,
    server,
    weighted,
)

THREADS_PER_DAY = 7.0
CODE_CHANCE = 0.35  # a Contributor who solved a thread offers a tracking code
PILOT_BUZZ_PER_DAY = 0.8  # extra positive mentions of each pilot product once the pilot runs
KINDS = ("question", "complaint", "delight", "mention", "praise", "recommend")


@dataclass
class Conversation:
    """One thread being written: its venue, subject and customer."""

    venue: Venue
    day: date
    sku: str
    scenario: str | None
    customer: str
    pool: int
    root: DemoPost | None = None
    served_by: str | None = None
    solved_by: str = "none"
    code: DemoPost | None = None
    posts: list[DemoPost] = field(default_factory=list)

    def add(self, author: str, role: str, at: datetime, text: str, **labels: object) -> DemoPost:
        """Append a post replying to ``labels['parent']`` (default: the root)."""
        parent = labels.pop("parent", self.root)
        post = DemoPost(
            venue=SOCIAL,
            post_id=self.venue.new_id(),
            thread_id=self.root.post_id if self.root else "",
            parent_id=parent.post_id if isinstance(parent, DemoPost) else None,
            author=author,
            role=role,
            created_at=at,
            text=text,
            kind="post",
            skus=mentioned(text),
            scenario=self.scenario,
            **labels,  # type: ignore[arg-type]
        )
        if self.root is None:
            post = _as_root(post)
            self.root = post
        self.posts.append(post)
        return post

    def close(self, kind: str) -> None:
        self.venue.posts.extend(self.posts)
        code = self.code.text.rsplit(" ", 1)[-1] if self.code else None
        fact = ThreadFact(
            SOCIAL, self.root.post_id if self.root else "", self.day, self.sku, self.scenario,
            kind, self.served_by, self.solved_by, self.customer, code,
            self.code.created_at if self.code else None,
        )  # fmt: skip
        self.venue.facts.append(fact)


def _as_root(post: DemoPost) -> DemoPost:
    return replace(post, thread_id=post.post_id, parent_id=None)


def generate(rng: random.Random, book: Phrasebook, scale: float) -> Venue:
    """Every social thread of the demo period."""
    venue = Venue(SOCIAL, [], [])
    pool = max(50, int(1500 * scale))
    for day in days():
        for _ in range(poisson(rng, THREADS_PER_DAY * scale)):
            _thread(rng, book, venue, day, pool)
        if day >= company.PILOT_START:
            for sku in company.PILOT_SKUS:
                for _ in range(poisson(rng, PILOT_BUZZ_PER_DAY * scale)):
                    conv = Conversation(venue, day, sku, None, _customer(rng, pool), pool)
                    _praise_or_mention(rng, book, conv, pick(rng, ("praise", "mention")))
    return venue


def _customer(rng: random.Random, pool: int) -> str:
    return str(300000 + rng.randrange(pool))


def pick_product(rng: random.Random) -> str:
    products = company.PRODUCTS
    return weighted(rng, [p.sku for p in products], [p.popularity for p in products])


def pick_scenario(rng: random.Random, sku: str) -> str:
    """A scenario of ``sku``; the planted peer and bad cells come up more often."""
    scenarios = company.product(sku).scenarios
    weights = [_cell_weight((sku, s)) for s in scenarios]
    return weighted(rng, scenarios, weights)


def _cell_weight(cell: tuple[str, str]) -> float:
    if cell == company.BAD_CELL:
        return 2.5
    return 2.0 if cell in company.PEER_CELLS else 1.0


def _kind(rng: random.Random, venue: Venue, day: date) -> str:
    """What a thread is about; a steady share of support threads open as complaints."""
    kind = weighted(rng, ("support", *KINDS[2:]), (0.60, 0.08, 0.17, 0.06, 0.09))
    if kind != "support":
        return kind
    return "complaint" if venue.negative(rng, "complaint", 1 / 3, day) else "question"


def _thread(rng: random.Random, book: Phrasebook, venue: Venue, day: date, pool: int) -> None:
    kind = _kind(rng, venue, day)
    sku = pick_product(rng)
    scenario = pick_scenario(rng, sku) if kind in ("question", "complaint") else None
    conv = Conversation(venue, day, sku, scenario, _customer(rng, pool), pool)
    if kind in ("question", "complaint"):
        _support(rng, book, conv, kind)
    elif kind == "delight":
        _delight(rng, book, conv)
    elif kind == "recommend":
        _recommend(rng, book, conv)
    else:
        _praise_or_mention(rng, book, conv, kind)


def _support(rng: random.Random, book: Phrasebook, conv: Conversation, kind: str) -> None:
    """A question or complaint: peers may solve it, else whoever serves tries."""
    at = "@" + company.BRAND_ACCOUNT
    start = opening_time(rng, conv.day)
    assert conv.scenario is not None
    if kind == "question":
        text = book.write(phrases.QUESTION, sku=conv.sku, scenario=conv.scenario, at=at)
        conv.add(conv.customer, "customer", start, text, intents=("question",))
    else:
        text = book.write(phrases.COMPLAINT, sku=conv.sku, scenario=conv.scenario, at=at)
        conv.add(
            conv.customer, "customer", start, text, intents=("complaint",), sentiment="negative"
        )
    if not _peers(rng, book, conv, start):
        _staff(rng, book, conv, kind)
    conv.close(kind)


def _peers(rng: random.Random, book: Phrasebook, conv: Conversation, start: datetime) -> bool:
    """A peer answers; True when the answer solved it and the customer said so."""
    p_answer, p_solve = peer_help((conv.sku, conv.scenario))
    if conv.scenario in ACTION_SCENARIOS or rng.random() >= p_answer:
        return False
    peer = _customer(rng, conv.pool)
    text = book.write(
        phrases.PEER_ANSWER, sku=conv.sku, scenario=conv.scenario, at="@" + conv.customer
    )
    answer = conv.add(peer, "customer", later(rng, start, 60), text, intents=("answer",))
    if rng.random() >= p_solve:
        return False
    text = book.write(phrases.PEER_THANKS, at="@" + peer)
    labels = {"intents": ("solved", "gratitude"), "sentiment": "positive"}
    conv.add(conv.customer, "customer", later(rng, answer.created_at, 45), text, parent=answer,
             target=answer.post_id, **labels)  # fmt: skip
    conv.solved_by = "peer"
    return True


def _staff(rng: random.Random, book: Phrasebook, conv: Conversation, kind: str) -> None:
    conv.served_by = server(rng, conv.day, conv.sku)
    if conv.served_by is None:
        return
    reply = _staff_reply(rng, book, conv, kind)
    p_solve, p_thanks = quality(conv.served_by, (conv.sku, conv.scenario))
    if rng.random() < p_solve:
        _confirm(rng, book, conv, reply, p_thanks)
    else:
        _not_solved(rng, book, conv, reply, p_thanks)


def staff_handle(served_by: str) -> str:
    if served_by == "brand":
        return company.BRAND_ACCOUNT
    return company.contributor(served_by).social_handle


def _role(served_by: str) -> str:
    return "brand" if served_by == "brand" else "staff"


def _staff_reply(rng: random.Random, book: Phrasebook, conv: Conversation, kind: str) -> DemoPost:
    assert conv.root is not None and conv.served_by is not None and conv.scenario is not None
    at = "@" + conv.customer
    bad = (conv.sku, conv.scenario) == company.BAD_CELL
    wait = 900 if bad else 180 if conv.served_by == "brand" else 45
    when = later(rng, conv.root.created_at, wait)
    intents: tuple[str, ...] = ("answer",)
    if bad:
        text = book.write(phrases.STAFF_SLOW, at=at)
    elif kind == "complaint" and rng.random() < 0.5:
        text = book.write(phrases.STAFF_APOLOGY, sku=conv.sku, scenario=conv.scenario, at=at)
        intents = ("answer", "apology")
    else:
        text = book.staff_reply(conv.sku, conv.scenario, at)
    return conv.add(
        staff_handle(conv.served_by), _role(conv.served_by), when, text, intents=intents
    )


def _confirm(
    rng: random.Random, book: Phrasebook, conv: Conversation, reply: DemoPost, p_thanks: float
) -> None:
    """The customer confirms the fix, thanking the Contributor with chance ``p_thanks``."""
    at = "@" + reply.author
    name = company.contributor(conv.served_by).first if conv.served_by != "brand" else "team"  # type: ignore[arg-type]
    when = later(rng, reply.created_at, 90)
    if rng.random() < p_thanks:
        text = book.write(phrases.SOLVED_THANKS, sku=conv.sku, at=at, name=name)
        labels = {"intents": ("solved", "gratitude"), "sentiment": "positive"}
    else:
        text = book.write(phrases.SOLVED_PLAIN, at=at)
        labels = {"intents": ("solved",), "sentiment": "neutral"}
    confirmation = conv.add(
        conv.customer, "customer", when, text, parent=reply, target=reply.post_id, **labels
    )
    conv.solved_by = "staff"
    if conv.served_by != "brand" and rng.random() < CODE_CHANCE:
        text = phrases.CODE_OFFER[rng.randrange(len(phrases.CODE_OFFER))].format(
            at="@" + conv.customer, code=new_code(rng)
        )
        conv.code = conv.add(reply.author, reply.role, later(rng, when, 20), text,
                             parent=confirmation, intents=("answer",))  # fmt: skip


def _not_solved(
    rng: random.Random, book: Phrasebook, conv: Conversation, reply: DemoPost, p_thanks: float
) -> None:
    at = "@" + reply.author
    when = later(rng, reply.created_at, 120)
    roll = rng.random()
    if conv.venue.negative(rng, "still-broken", 0.55, conv.day):
        text = book.write(phrases.STILL_BROKEN, sku=conv.sku, at=at)
        post = conv.add(conv.customer, "customer", when, text, parent=reply,
                        intents=("complaint",), sentiment="negative")  # fmt: skip
        if rng.random() < 0.5:
            again = book.write(phrases.STAFF_SLOW, at="@" + conv.customer)
            conv.add(reply.author, reply.role, later(rng, when, 240), again, parent=post,
                     intents=("answer",))  # fmt: skip
    elif roll < 0.3 * p_thanks:
        text = book.write(phrases.THANKS_ONLY, at=at)
        conv.add(conv.customer, "customer", when, text, parent=reply, target=reply.post_id,
                 intents=("gratitude",), sentiment="positive")  # fmt: skip
    elif roll < 0.5:
        conv.add(conv.customer, "customer", when, book.write(phrases.STILL_WAITING, at=at),
                 parent=reply)  # fmt: skip


def _delight(rng: random.Random, book: Phrasebook, conv: Conversation) -> None:
    """A special occasion shared with the brand, celebrated back."""
    occasion = pick(rng, tuple(phrases.DELIGHT))
    at = "@" + company.BRAND_ACCOUNT
    text = book.write(phrases.DELIGHT[occasion], sku=conv.sku, at=at)
    start = opening_time(rng, conv.day)
    root = conv.add(conv.customer, "customer", start, text, intents=("delight",),
                    sentiment="positive", occasion=occasion)  # fmt: skip
    conv.served_by = server(rng, conv.day, conv.sku)
    if conv.served_by is not None:
        text = book.write(phrases.STAFF_DELIGHT[occasion], at="@" + conv.customer)
        wait = 180 if conv.served_by == "brand" else 45
        reply = conv.add(staff_handle(conv.served_by), _role(conv.served_by),
                         later(rng, root.created_at, wait), text, intents=("answer",))  # fmt: skip
        if rng.random() < quality(conv.served_by, (conv.sku, None))[1]:
            text = book.write(phrases.PEER_THANKS[2:], at="@" + reply.author)
            conv.add(conv.customer, "customer", later(rng, reply.created_at, 60), text,
                     parent=reply, target=reply.post_id, intents=("gratitude",),
                     sentiment="positive")  # fmt: skip
    conv.close("delight")


def _recommend(rng: random.Random, book: Phrasebook, conv: Conversation) -> None:
    """A customer asks around; a peer refers them to a product."""
    start = opening_time(rng, conv.day)
    text = book.write(phrases.RECOMMEND_ASK, sku=conv.sku)
    conv.add(conv.customer, "customer", start, text, intents=("question", "uninvited_mention"))
    peer = _customer(rng, conv.pool)
    text = book.write(phrases.PEER_REFERRAL, at="@" + conv.customer, p2=conv.sku)
    answer = conv.add(peer, "customer", later(rng, start, 90), text, intents=("referral",),
                      sentiment="positive")  # fmt: skip
    if rng.random() < 0.4:
        text = book.write(phrases.ORDERED, at="@" + peer)
        conv.add(conv.customer, "customer", later(rng, answer.created_at, 120), text,
                 parent=answer, target=answer.post_id, intents=("gratitude",),
                 sentiment="positive")  # fmt: skip
    conv.close("recommend")


def _praise_or_mention(
    rng: random.Random, book: Phrasebook, conv: Conversation, kind: str = "mention"
) -> None:
    """Unprompted words about a product: to the brand (praise) or about it (mention)."""
    start = opening_time(rng, conv.day)
    if kind == "praise":
        text = book.write(phrases.PRAISE, sku=conv.sku, at="@" + company.BRAND_ACCOUNT)
        labels = {"intents": ("gratitude",), "sentiment": "positive"}
    elif conv.venue.negative(rng, "mention", 0.3, conv.day):
        text = book.write(phrases.MENTION_NEGATIVE, sku=conv.sku)
        labels = {"intents": ("uninvited_mention", "complaint"), "sentiment": "negative"}
    elif rng.random() < 0.2:
        text = book.write(phrases.MENTION_REFERRAL, sku=conv.sku)
        labels = {"intents": ("uninvited_mention", "referral"), "sentiment": "positive"}
    else:
        text = book.write(phrases.MENTION_POSITIVE, sku=conv.sku)
        labels = {"intents": ("uninvited_mention",), "sentiment": "positive"}
    conv.add(conv.customer, "customer", start, text, **labels)
    conv.close(kind)

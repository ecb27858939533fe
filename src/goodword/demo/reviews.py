"""The reviews venue: star ratings with a text, one per customer and product."""

from __future__ import annotations

import random
from datetime import date, datetime, time

from goodword.demo import phrases
from goodword.demo.company import product
from goodword.demo.social import pick_product
from goodword.demo.text import Phrasebook, customer_name
from goodword.demo.world import (
    REVIEWS,
    DemoPost,
    ThreadFact,
    Venue,
    days,
    pick,
    poisson,
)

REVIEWS_PER_DAY = 3.0


def generate(rng: random.Random, book: Phrasebook, scale: float) -> Venue:
    """Every review of the demo period."""
    venue = Venue(REVIEWS, [], [])
    for day in days():
        for _ in range(poisson(rng, REVIEWS_PER_DAY * scale)):
            _review(rng, book, venue, day)
    return venue


def _review(rng: random.Random, book: Phrasebook, venue: Venue, day: date) -> None:
    sku = pick_product(rng)
    if venue.negative(rng, "rating", 0.16, day):
        labels = _negative(rng, book, sku)
    elif rng.random() < 0.1:
        labels = {"text": book.write(phrases.REVIEW_NEUTRAL, sku=sku), "rating": 3}
    else:
        labels = _positive(rng, book, sku)
    review_id = f"R{venue.new_id().zfill(5)}"
    text = str(labels.pop("text"))
    post = DemoPost(
        REVIEWS, review_id, review_id, None, customer_name(rng), "customer",
        datetime.combine(day, time()), text, "review", skus=(sku,),
        **labels,  # type: ignore[arg-type]
    )  # fmt: skip
    venue.posts.append(post)
    venue.facts.append(
        ThreadFact(REVIEWS, review_id, day, sku, None, "review", None, "none", post.author)
    )


def _negative(rng: random.Random, book: Phrasebook, sku: str) -> dict[str, object]:
    scenario = pick(rng, product(sku).scenarios)
    text = book.write(phrases.REVIEW_NEGATIVE, sku=sku, scenario=scenario)
    return {"text": text, "rating": rng.choice((1, 2)), "intents": ("complaint",),
            "sentiment": "negative", "scenario": scenario}  # fmt: skip


def _positive(rng: random.Random, book: Phrasebook, sku: str) -> dict[str, object]:
    roll, rating = rng.random(), rng.choice((4, 5, 5, 5))
    if roll < 0.12:
        occasion = pick(rng, tuple(phrases.REVIEW_DELIGHT))
        text = book.write(phrases.REVIEW_DELIGHT[occasion], sku=sku)
        return {"text": text, "rating": rating, "intents": ("delight",),
                "sentiment": "positive", "occasion": occasion}  # fmt: skip
    if roll < 0.24:
        text = book.write(phrases.REVIEW_REFERRAL, sku=sku)
        return {"text": text, "rating": rating, "intents": ("referral",), "sentiment": "positive"}
    text = book.write(phrases.REVIEW_POSITIVE, sku=sku)
    return {"text": text, "rating": rating, "sentiment": "positive"}

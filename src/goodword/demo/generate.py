"""Generate the demo: posts in three venues, sales and orders, and the planted truths.

``generate(out_dir, seed)`` is deterministic: the same seed and scale give byte-identical
files. Each part draws from its own random stream, so the venues do not shift each other.
"""

from __future__ import annotations

import random
from pathlib import Path

from goodword.demo import company, files, forum, reviews, sales, social, truth
from goodword.demo.text import Phrasebook
from goodword.demo.truth import DemoTruth, VenueFile
from goodword.demo.world import FORUM, NEGATIVE_DROP, REVIEWS, SOCIAL, DemoPost, ThreadFact

VENUES = (
    VenueFile("brewbird-twitter", SOCIAL, "twitter/twcs.csv", "twcs"),
    VenueFile("brewbird-forum", FORUM, "forum/Posts.xml", "stackexchange"),
    VenueFile("brewbird-reviews", REVIEWS, "reviews/reviews.tsv", "reviews"),
)
FILES = (
    "catalog.csv", "daily.csv", "orders.csv", "codes.csv", "roster.csv", "labels.csv",
    "truth.json",
)  # fmt: skip


def _stream(seed: int, part: str) -> random.Random:
    return random.Random(f"goodword-demo:{seed}:{part}")


def generate(out_dir: Path, seed: int = 7, *, scale: float = 1.0) -> DemoTruth:
    """Write the demo files under ``out_dir`` and return what they plant."""
    out_dir = Path(out_dir)
    posts, facts, users = _conversations(seed, scale)
    buzz = sales.buzz(posts)
    rows = sales.daily(_stream(seed, "daily"), buzz)
    orders = sales.orders(_stream(seed, "orders"), facts, scale)
    _write(out_dir, posts, facts, users, rows, orders)
    planted = build_truth(seed, scale, posts, facts, rows, buzz, orders)
    (out_dir / "truth.json").write_text(planted.to_json(), encoding="utf-8")
    return planted


def _conversations(
    seed: int, scale: float
) -> tuple[list[DemoPost], list[ThreadFact], dict[str, int]]:
    rng = _stream(seed, "social")
    tweets = social.generate(rng, Phrasebook(rng), scale)
    rng = _stream(seed, "forum")
    threads, users = forum.generate(rng, Phrasebook(rng), scale)
    rng = _stream(seed, "reviews")
    ratings = reviews.generate(rng, Phrasebook(rng), scale)
    posts = [*tweets.posts, *threads.posts, *ratings.posts]
    return posts, [*tweets.facts, *threads.facts, *ratings.facts], users.ids


def _write(
    out: Path,
    posts: list[DemoPost],
    facts: list[ThreadFact],
    users: dict[str, int],
    rows: list[sales.DayRow],
    orders: list[sales.Order],
) -> None:
    by_venue = {v: [p for p in posts if p.venue == v] for v in (SOCIAL, FORUM, REVIEWS)}
    files.write_twcs(out / VENUES[0].path, by_venue[SOCIAL])
    files.write_forum((out / VENUES[1].path).parent, by_venue[FORUM], users)
    files.write_reviews(out / VENUES[2].path, by_venue[REVIEWS])
    files.write_catalog(out / "catalog.csv")
    files.write_daily(out / "daily.csv", rows)
    files.write_orders(out / "orders.csv", orders)
    keys = {v.kind: v.key for v in VENUES}
    files.write_codes(out / "codes.csv", facts, keys)
    files.write_roster(out / "roster.csv", keys)
    files.write_labels(out / "labels.csv", posts)


def build_truth(
    seed: int,
    scale: float,
    posts: list[DemoPost],
    facts: list[ThreadFact],
    rows: list[sales.DayRow],
    buzz: dict[str, list[int]],
    orders: list[sales.Order],
) -> DemoTruth:
    """Measure the planted truths on what was generated."""
    redeemed = [o for o in orders if o.code]
    people = truth.contributor_truths(posts)
    ratio, peer, staff = truth.self_healing(posts)
    before, after = truth.negative_rates(posts)
    lift, relative, expected = truth.did(rows, buzz)
    return DemoTruth(
        seed=seed, scale=scale, brand=company.BRAND, start=company.START, end=company.END,
        program_start=company.PROGRAM_START, pilot_start=company.PILOT_START, venues=VENUES,
        convention=truth.convention(), min_replies=company.MIN_REPLIES, contributors=people,
        best_contributor=truth.best(people, company.MIN_REPLIES),
        busiest_contributor=truth.busiest(people), self_healing_ratio=ratio,
        forum_solved_by_peer=peer, forum_solved_by_staff=staff,
        negative_rate_before=before, negative_rate_after=after,
        negative_drop=truth.negative_drop(before, after),
        negative_drop_planted=NEGATIVE_DROP, products=truth.products(),
        pilot_skus=company.PILOT_SKUS, control_skus=company.CONTROL_SKUS,
        no_effect_skus=company.NO_EFFECT_SKUS, peer_cells=company.PEER_CELLS,
        bad_cell=company.BAD_CELL, cells=truth.cells(posts, facts),
        buzz_measure=sales.BUZZ_MEASURE, weekday_effect=sales.WEEKDAY,
        trend_per_day=sales.TREND, noise_sd=sales.NOISE, did_lift_units=lift,
        did_lift_relative=relative, did_lift_expected=expected,
        posts=_count(p.venue for p in posts), threads=_count(f.venue for f in facts),
        codes_issued=sum(f.code is not None for f in facts), codes_redeemed=len(redeemed),
        code_revenue=round(sum(o.amount for o in redeemed), 2), orders=len(orders),
    )  # fmt: skip


def _count(venues: object) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in venues:  # type: ignore[attr-defined]
        counts[v] = counts.get(v, 0) + 1
    return counts

"""Daily sales with ad spend and a planted word-of-mouth effect, and web-store orders.

For product *p* on day *t* (``t`` = 0 on the first day)::

    units_t = base_p * weekday[t] + TREND * t + BETA_AD * ad_t
              + beta1_p * buzz_{t-1} + beta2_p * buzz_{t-2} + noise_t,   noise ~ N(0, NOISE)

rounded to whole units (never below zero); ``buzz_t`` is the number of positive customer
posts that mention *p* on day *t*, in any venue (reviews count for their product). Buzz
before the first day is taken as zero.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from goodword.demo import company
from goodword.demo.world import DemoPost, ThreadFact, days, later, poisson

WEEKDAY = (0.92, 0.9, 0.95, 1.0, 1.08, 1.2, 1.1)  # Monday .. Sunday
TREND = 0.02  # units per day, every product
BETA_AD = 0.05  # units per unit of ad spend the same day
NOISE = 2.5  # standard deviation of the daily noise, in units
CODE_REDEEMED = 0.6  # chance a customer given a code orders with it
BUZZ_MEASURE = (
    "buzz[sku][day] = number of posts with role customer and sentiment positive whose text "
    "names the product (name or alias; a review counts for its variation) on that day, "
    "all venues together"
)


@dataclass(frozen=True, slots=True)
class DayRow:
    sku: str
    day: date
    units: float
    revenue: float
    ad_spend: float


@dataclass(frozen=True, slots=True)
class Order:
    order_id: str
    time: datetime
    sku: str
    amount: float
    customer: str
    code: str = ""


def buzz(posts: Iterable[DemoPost]) -> dict[str, list[int]]:
    """Positive customer posts per product per day of the period (the buzz measure)."""
    counts = {p.sku: [0] * company.DAYS for p in company.PRODUCTS}
    for post in posts:
        index = (post.created_at.date() - company.START).days
        if post.role != "customer" or post.sentiment != "positive" or index >= company.DAYS:
            continue
        for sku in post.skus:
            counts[sku][index] += 1
    return counts


def ad_spend(rng: random.Random) -> dict[str, list[float]]:
    """Daily ad spend per product: a low background of its own and brand-wide campaigns.

    Every product runs the same campaign calendar at about the same level, so the ads
    cancel out of a pilot-versus-control comparison; the background keeps them varied.
    """
    campaigns = [_campaign(rng) for _ in range(5)]
    spend: dict[str, list[float]] = {}
    for p in company.PRODUCTS:
        series = [round(rng.uniform(0, 40), 2) if rng.random() < 0.4 else 0.0 for _ in days()]
        for start, length, level in campaigns:
            for t in range(start, start + length):
                series[t] = round(level * rng.uniform(0.8, 1.2), 2)
        spend[p.sku] = series
    return spend


def _campaign(rng: random.Random) -> tuple[int, int, float]:
    """(first day index, length in days, daily spend level) of one campaign."""
    return rng.randrange(company.DAYS - 14), rng.randrange(5, 13), rng.uniform(120, 260)


def daily(rng: random.Random, counts: dict[str, list[int]]) -> list[DayRow]:
    """Daily units and revenue of every product (see the module docstring for the model)."""
    spend = ad_spend(rng)
    rows = []
    for p in company.PRODUCTS:
        b, ads = counts[p.sku], spend[p.sku]
        for t, day in enumerate(days()):
            lagged = p.beta_buzz1 * _at(b, t - 1) + p.beta_buzz2 * _at(b, t - 2)
            mean = p.base_units * WEEKDAY[day.weekday()] + TREND * t + BETA_AD * ads[t] + lagged
            units = float(max(0, round(mean + rng.gauss(0, NOISE))))
            rows.append(DayRow(p.sku, day, units, round(units * p.price, 2), ads[t]))
    return rows


def _at(series: list[int], index: int) -> int:
    return series[index] if index >= 0 else 0


def orders(rng: random.Random, facts: Iterable[ThreadFact], scale: float) -> list[Order]:
    """Web-store orders: customers served in public who bought later, and everyone else."""
    drafts = [o for f in facts if (o := _served_order(rng, f)) is not None]
    for day in days():
        for _ in range(poisson(rng, 6.0 * scale)):
            drafts.append(_web_order(rng, day))
    drafts.sort(key=lambda o: (o.time, o.customer, o.sku))
    return [
        Order(f"O{n:06d}", o.time, o.sku, o.amount, o.customer, o.code)
        for n, o in enumerate(drafts, start=1)
    ]


def _served_order(rng: random.Random, fact: ThreadFact) -> Order | None:
    """A later order of a customer served in public; with the code they were given, if any."""
    if fact.code and fact.code_at and rng.random() < CODE_REDEEMED:
        return _order_after(rng, fact, fact.code_at, fact.code)
    if fact.solved_by == "staff" and rng.random() < 0.2:
        return _order_after(rng, fact, datetime.combine(fact.day, time(12)), "")
    return None


def _order_after(rng: random.Random, fact: ThreadFact, at: datetime, code: str) -> Order:
    when = later(rng, at, 60 * 24 * 4)
    sku = fact.sku if rng.random() < 0.5 else rng.choice(company.PRODUCTS).sku
    price = company.product(sku).price
    amount = round(price * 0.9, 2) if code else price
    return Order("", when, sku, amount, fact.customer, code)


def _web_order(rng: random.Random, day: date) -> Order:
    p = rng.choice(company.PRODUCTS)
    when = datetime.combine(day, time(rng.randrange(24), rng.randrange(60)))
    quantity = 1 if rng.random() < 0.9 else 2
    customer = f"web-{rng.randrange(10000, 99999)}"
    return Order(
        "", when + timedelta(seconds=rng.randrange(60)), p.sku, p.price * quantity, customer
    )

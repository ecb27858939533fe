"""The demo's planted truths, computed from what was generated, to check metrics against.

Definitions (the same ones ``docs/demo.md`` documents):

* A Contributor's **replies** are the posts written under their handles (both venues);
  their **threads** the threads holding one of those posts; their **problem threads** those
  whose first post is a question or a complaint.
* **Solved rate** = problem threads solved by the Contributor (the forum's accepted answer is
  theirs, or on the social venue a customer's "that fixed it" answers their post) / problem
  threads. **Gratitude rate** = threads where a customer thanks one of their posts / threads.
* The **best Contributor** has the highest solved rate among those with at least
  ``min_replies`` replies; it is also the one with the highest gratitude rate.
* **Self-healing ratio** = forum questions whose accepted answer was written by a customer
  (a peer) / forum questions with an accepted answer.
* **Negative rate** = negative customer posts / customer posts, all venues, before and from
  the program start; the drop is ``1 - after / before``.
* **DiD lift** = (pilot mean daily units after - before the pilot start) - (the same for the
  control products), per product-day.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date

from goodword.demo import company, sales
from goodword.demo.sales import DayRow
from goodword.demo.world import FORUM, DemoPost, ThreadFact


@dataclass(frozen=True, slots=True)
class Convention:
    """How staff usernames are built: goodword convention templates per venue kind, the
    brand they fill ``{Brand}`` with, one regular expression matching both, and the brand's
    unsigned accounts (which are not Contributors)."""

    social: str
    forum: str
    brand: str
    regex: str
    brand_accounts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VenueFile:
    key: str  # the venue key the demo ingests the file under
    kind: str  # social | forum | reviews
    path: str  # relative to the demo folder
    format: str  # the ingest format name


@dataclass(frozen=True, slots=True)
class ContributorTruth:
    name: str
    team: str
    social_handle: str
    forum_handle: str
    starts: date
    ends: date | None
    replies: int
    threads: int
    problem_threads: int
    solved: int
    thanked: int
    solved_rate: float
    gratitude_rate: float


@dataclass(frozen=True, slots=True)
class ProductTruth:
    sku: str
    name: str
    group: str  # pilot | control | other
    base_units: float
    beta_ad: float
    beta_buzz1: float
    beta_buzz2: float
    no_effect: bool


@dataclass(frozen=True, slots=True)
class CellTruth:
    """One product x scenario cell of the support threads (social and forum)."""

    sku: str
    scenario: str
    threads: int
    solved_rate: float
    peer_solved_rate: float
    negative_rate: float  # negative customer posts / customer posts in these threads
    median_response_minutes: float | None  # first staff reply after the opening post


@dataclass(frozen=True, slots=True)
class DemoTruth:
    """Everything the demo planted, to check goodword's metrics against."""

    seed: int
    scale: float
    brand: str
    start: date
    end: date
    program_start: date
    pilot_start: date
    venues: tuple[VenueFile, ...]
    convention: Convention
    min_replies: int
    contributors: tuple[ContributorTruth, ...]
    best_contributor: str
    busiest_contributor: str
    self_healing_ratio: float
    forum_solved_by_peer: int
    forum_solved_by_staff: int
    negative_rate_before: float
    negative_rate_after: float
    negative_drop: float
    negative_drop_planted: float
    products: tuple[ProductTruth, ...]
    pilot_skus: tuple[str, ...]
    control_skus: tuple[str, ...]
    no_effect_skus: tuple[str, ...]
    peer_cells: tuple[tuple[str, str], ...]
    bad_cell: tuple[str, str]
    cells: tuple[CellTruth, ...]
    buzz_measure: str
    weekday_effect: tuple[float, ...]
    trend_per_day: float
    noise_sd: float
    did_lift_units: float
    did_lift_relative: float
    did_lift_expected: float
    posts: dict[str, int]
    threads: dict[str, int]
    codes_issued: int
    codes_redeemed: int  # orders in orders.csv carrying a code (each code is used once)
    code_revenue: float
    orders: int

    def to_json(self) -> str:
        """The truth as JSON (dates as ISO strings), as written to ``truth.json``."""
        return json.dumps(asdict(self), indent=2, default=str) + "\n"


def convention() -> Convention:
    from goodword.demo.forum import BRAND_FORUM_NAME

    return Convention(
        company.SOCIAL_TEMPLATE,
        company.FORUM_TEMPLATE,
        company.BRAND,
        company.CONVENTION_REGEX,
        (company.BRAND_ACCOUNT, BRAND_FORUM_NAME),
    )


def contributor_truths(posts: Sequence[DemoPost]) -> tuple[ContributorTruth, ...]:
    """Replies, threads, solved and thanked per Contributor, measured on the posts."""
    handles = company.staff_handles()
    by_id = {(p.venue, p.post_id): p for p in posts}
    stats: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
    replies: dict[str, int] = defaultdict(int)
    for p in posts:
        key = (p.venue, p.thread_id)
        if p.author in handles:
            name = handles[p.author]
            replies[name] += 1
            stats[name]["threads"].add(key)
            if p.accepted:
                stats[name]["solved"].add(key)
        target = by_id.get((p.venue, p.target)) if p.target else None
        if target is not None and target.author in handles and p.role == "customer":
            name = handles[target.author]
            if "solved" in p.intents:
                stats[name]["solved"].add(key)
            if "gratitude" in p.intents:
                stats[name]["thanked"].add(key)
    problems = {(p.venue, p.thread_id) for p in posts if p.post_id == p.thread_id and _problem(p)}
    return tuple(
        _contributor(c, replies[c.name], stats[c.name], problems) for c in company.CONTRIBUTORS
    )


def _problem(root: DemoPost) -> bool:
    return root.kind != "review" and bool({"question", "complaint"} & set(root.intents))


def _contributor(
    c: company.DemoContributor,
    replies: int,
    stats: dict[str, set[tuple[str, str]]],
    problems: set[tuple[str, str]],
) -> ContributorTruth:
    threads = stats["threads"]
    problem_threads = threads & problems
    solved = stats["solved"] & problem_threads
    thanked = stats["thanked"] & threads
    return ContributorTruth(
        c.name, c.team, c.social_handle, c.forum_handle, c.starts, c.ends, replies,
        len(threads), len(problem_threads), len(solved), len(thanked),
        _ratio(len(solved), len(problem_threads)), _ratio(len(thanked), len(threads)),
    )  # fmt: skip


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def best(contributors: Iterable[ContributorTruth], min_replies: int) -> str:
    """The Contributor with the highest solved rate among those with enough replies."""
    ranked = [c for c in contributors if c.replies >= min_replies]
    return max(ranked, key=lambda c: (c.solved_rate, c.gratitude_rate)).name


def busiest(contributors: Iterable[ContributorTruth]) -> str:
    return max(contributors, key=lambda c: c.replies).name


def self_healing(posts: Sequence[DemoPost]) -> tuple[float, int, int]:
    """(peer share, solved by peers, solved by staff) of forum questions with an accepted answer."""
    accepted = [p for p in posts if p.venue == FORUM and p.accepted]
    peer = sum(p.role == "customer" for p in accepted)
    staff = len(accepted) - peer
    return _ratio(peer, peer + staff), peer, staff


def negative_rates(posts: Sequence[DemoPost]) -> tuple[float, float]:
    """Negative share of customer posts before and from the program start."""
    counts = {True: [0, 0], False: [0, 0]}
    for p in posts:
        if p.role == "customer" and p.created_at.date() <= company.END:
            bucket = counts[p.created_at.date() < company.PROGRAM_START]
            bucket[0] += p.sentiment == "negative"
            bucket[1] += 1
    return _ratio(*counts[True]), _ratio(*counts[False])


def cells(posts: Sequence[DemoPost], facts: Sequence[ThreadFact]) -> tuple[CellTruth, ...]:
    """Support threads (social and forum questions and complaints) per product x scenario."""
    by_thread: dict[tuple[str, str], list[DemoPost]] = defaultdict(list)
    for p in posts:
        by_thread[(p.venue, p.thread_id)].append(p)
    groups: dict[tuple[str, str], list[ThreadFact]] = defaultdict(list)
    for f in facts:
        if f.kind in ("question", "complaint") and f.scenario:
            groups[(f.sku, f.scenario)].append(f)
    out = [_cell(cell, group, by_thread) for cell, group in sorted(groups.items())]
    return tuple(out)


def _cell(
    cell: tuple[str, str],
    group: list[ThreadFact],
    by_thread: dict[tuple[str, str], list[DemoPost]],
) -> CellTruth:
    thread_posts = [by_thread[(f.venue, f.thread_id)] for f in group]
    customer = [p for ps in thread_posts for p in ps if p.role == "customer"]
    waits = [w for ps in thread_posts if (w := _first_response(ps)) is not None]
    return CellTruth(
        cell[0], cell[1], len(group),
        _ratio(sum(f.solved_by != "none" for f in group), len(group)),
        _ratio(sum(f.solved_by == "peer" for f in group), len(group)),
        _ratio(sum(p.sentiment == "negative" for p in customer), len(customer)),
        round(statistics.median(waits), 1) if waits else None,
    )  # fmt: skip


def _first_response(thread: list[DemoPost]) -> float | None:
    root = min(thread, key=lambda p: p.created_at)
    staff = [p.created_at for p in thread if p.role in ("staff", "brand")]
    return (min(staff) - root.created_at).total_seconds() / 60 if staff else None


def did(rows: Sequence[DayRow], buzz: dict[str, list[int]]) -> tuple[float, float, float]:
    """(DiD lift in units, relative to the pilot's baseline, expected from the buzz lift)."""
    pilot_pre, pilot_post = _means(rows, company.PILOT_SKUS)
    control_pre, control_post = _means(rows, company.CONTROL_SKUS)
    lift = (pilot_post - pilot_pre) - (control_post - control_pre)
    betas = {company.product(s).beta_buzz1 + company.product(s).beta_buzz2
             for s in (*company.PILOT_SKUS, *company.CONTROL_SKUS)}  # fmt: skip
    assert len(betas) == 1, "pilot and control products must share their buzz effect"
    buzz_lift = _buzz_did(buzz)
    return round(lift, 4), _ratio(lift, pilot_pre), round(betas.pop() * buzz_lift, 4)


def _means(rows: Sequence[DayRow], skus: Sequence[str]) -> tuple[float, float]:
    pre = [r.units for r in rows if r.sku in skus and r.day < company.PILOT_START]
    post = [r.units for r in rows if r.sku in skus and r.day >= company.PILOT_START]
    return statistics.fmean(pre), statistics.fmean(post)


def _buzz_did(buzz: dict[str, list[int]]) -> float:
    cut = (company.PILOT_START - company.START).days

    def change(skus: Sequence[str]) -> float:
        pre = statistics.fmean(v for s in skus for v in buzz[s][:cut])
        post = statistics.fmean(v for s in skus for v in buzz[s][cut:])
        return post - pre

    return change(company.PILOT_SKUS) - change(company.CONTROL_SKUS)


def products() -> tuple[ProductTruth, ...]:
    def group(sku: str) -> str:
        if sku in company.PILOT_SKUS:
            return "pilot"
        return "control" if sku in company.CONTROL_SKUS else "other"

    return tuple(
        ProductTruth(
            p.sku,
            p.name,
            group(p.sku),
            p.base_units,
            sales.BETA_AD,
            p.beta_buzz1,
            p.beta_buzz2,
            p.sku in company.NO_EFFECT_SKUS,
        )  # fmt: skip
        for p in company.PRODUCTS
    )


def negative_drop(before: float, after: float) -> float:
    return round(1 - after / before, 4) if before else 0.0

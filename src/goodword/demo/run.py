"""Run the demo: generate Brewbird's files, then load them through goodword's own importers.

The conversations go through :func:`goodword.ingest.ingest_path` exactly as a user's files
would; the catalog, roster, program start, pilot, daily sales, issued codes and orders go
through the importers of their areas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from goodword.demo import company, load
from goodword.demo.generate import VENUES, generate
from goodword.demo.truth import DemoTruth
from goodword.model import IngestReport
from goodword.store import Store

Step = Callable[[str], None]  # told the name of each step as it starts


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What ``goodword demo`` built: the files, what was loaded, and the planted truths."""

    out_dir: Path
    truth: DemoTruth
    ingested: tuple[IngestReport, ...]
    products: int
    product_links: int
    contributors: int
    daily_rows: int
    orders: int
    codes: int
    redeemed: int
    skipped: tuple[str, ...] = field(default=())

    @property
    def posts(self) -> int:
        return sum(r.stored + r.updated + r.unchanged for r in self.ingested)

    @property
    def threads(self) -> int:
        return sum(r.threads for r in self.ingested)


def run_demo(
    store: Store, out_dir: Path, seed: int = 7, *, scale: float = 1.0, step: Step | None = None
) -> DemoSummary:
    """Generate the demo under ``out_dir`` and load every file of it into ``store``."""
    say = step or (lambda _name: None)
    say("generating Brewbird")
    truth = generate(Path(out_dir), seed, scale=scale)
    from goodword.ingest import ingest_path
    from goodword.products import import_catalog, link_products

    say("importing the catalog")
    products = import_catalog(store, out_dir / "catalog.csv")
    reports = []
    for venue in VENUES:
        say(f"ingesting {venue.path}")
        reports.append(ingest_path(store, out_dir / venue.path, venue.format, venue=venue.key))
    link_products(store)
    with store.connect() as conn:
        links = load.product_links(conn)
    loaded = _load_program(store, out_dir, truth, say)
    return DemoSummary(Path(out_dir), truth, tuple(reports), products, links, **loaded)


def _load_program(store: Store, out: Path, truth: DemoTruth, say: Step) -> dict[str, object]:
    """Roster, program start, pilot, daily sales, codes and orders; what could not be loaded."""
    skipped: list[str] = []
    say("loading the roster")
    contributors = _guarded(skipped, "roster", lambda: load_roster(store, out / "roster.csv"))
    _guarded(skipped, "program start and pilot", lambda: _declare_program(store, truth))
    say("importing daily sales")
    daily = _guarded(skipped, "daily sales", lambda: _import_daily(store, out / "daily.csv"))
    say("issuing codes and importing orders")
    codes = _guarded(skipped, "tracking codes", lambda: load_codes(store, out / "codes.csv"))
    orders = _guarded(skipped, "orders", lambda: _import_orders(store, out / "orders.csv"))
    new_orders, redeemed = orders or (0, 0)
    return {"contributors": contributors or 0, "daily_rows": daily or 0, "orders": new_orders,
            "codes": codes or 0, "redeemed": redeemed, "skipped": tuple(skipped)}  # fmt: skip


def _guarded(skipped: list[str], what: str, action: Callable[[], object]):  # type: ignore[no-untyped-def]
    """Run ``action``; when its module is not installed, note ``what`` as skipped."""
    try:
        return action()
    except ImportError:
        skipped.append(what)
        return None


def load_roster(store: Store, path: Path) -> int:
    """Onboard the roster, link each handle to the author it names, mark those authors staff.

    Forum dumps key authors by user id while the roster names the display name, so each
    handle is resolved to the stored author first. The conventions (one per venue) are
    declared last.
    """
    from goodword.metrics import roster

    rows = load.read_rows(path)
    with store.begin() as conn:
        if hasattr(roster, "import_roster"):
            roster.import_roster(conn, path)
        else:
            _onboard(conn, rows)
        for r in rows:
            handle = load.author_handle(conn, r["venue"], r["handle"]) or r["handle"]
            if handle != r["handle"]:
                roster.link_handle(conn, roster.contributor_id(conn, r["name"]), r["venue"], handle)
            load.mark_accounts(conn, r["venue"], handle, "staff", company.BRAND)
        _mark_brand_accounts(conn, truth_accounts())
        roster.set_convention(conn, company.BRAND, company.SOCIAL_TEMPLATE, "brewbird-twitter")
        roster.set_convention(conn, company.BRAND, company.FORUM_TEMPLATE, "brewbird-forum")
    return len(dict.fromkeys(r["name"] for r in rows))


def _onboard(conn, rows: list[dict[str, str]]) -> None:  # type: ignore[no-untyped-def]
    """Contributors, handles and periods, for a goodword without ``import_roster``."""
    from goodword.metrics import roster

    for r in rows:
        entry = roster.add_contributor(conn, r["name"], team=r["team"])
        roster.link_handle(conn, entry.id, r["venue"], r["handle"])
    for name, starts, ends in dict.fromkeys((r["name"], r["starts"], r["ends"]) for r in rows):
        roster.rotate_in(conn, name, load.day_start(starts), load.day_end(ends))  # type: ignore[arg-type]


def truth_accounts() -> dict[str, str]:
    """The brand's unsigned accounts per venue key."""
    from goodword.demo.forum import BRAND_FORUM_NAME

    return {VENUES[0].key: company.BRAND_ACCOUNT, VENUES[1].key: BRAND_FORUM_NAME}


def _mark_brand_accounts(conn, accounts: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for venue, name in accounts.items():
        handle = load.author_handle(conn, venue, name)
        if handle:
            load.mark_accounts(conn, venue, handle, "brand", company.BRAND)


def _declare_program(store: Store, truth: DemoTruth) -> None:
    from goodword.attribution.queries import Pilot, save_pilot
    from goodword.metrics.program import set_program_start

    set_program_start(store, datetime.combine(truth.program_start, datetime.min.time()))
    pilot = Pilot("Brewbird staff pilot", truth.pilot_start, truth.pilot_skus, truth.control_skus)
    with store.begin() as conn:
        save_pilot(conn, pilot)


def _import_daily(store: Store, path: Path) -> int:
    from goodword.attribution.sales import import_daily

    return import_daily(store, path)


def load_codes(store: Store, path: Path) -> int:
    """Store the tracking codes Contributors handed out, tied to their threads."""
    from goodword.attribution.queries import TrackingCode, save_code

    rows = load.read_rows(path)
    with store.begin() as conn:
        for r in rows:
            code = TrackingCode(
                r["code"], venue=r["venue"], contributor=r["contributor"],
                thread_id=load.thread_id(conn, r["venue"], r["thread"]), sku=r["sku"],
                created_at=datetime.fromisoformat(r["issued_at"]),
            )  # fmt: skip
            save_code(conn, code)
    return len(rows)


def _import_orders(store: Store, path: Path) -> tuple[int, int]:
    """(new orders, redemptions stored): counted in the store, whatever the import reports."""
    from goodword.attribution.queries import redemption_count
    from goodword.attribution.sales import import_orders

    done = import_orders(store, path)
    with store.connect() as conn:
        return done.new_orders, redemption_count(conn)

"""The money area's calls that take a :class:`~goodword.store.Store`: what commands use."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from goodword.attribution import buzz as bz
from goodword.attribution import queries as q
from goodword.attribution.codes import tracked_url
from goodword.attribution.sales import _read_csv, _rename, resolve_code
from goodword.errors import ConfigError, SourceError
from goodword.store import Store
from goodword.store.schema import tracking_codes

COST_KINDS = ("acquire", "serve")


def create_codes(
    store: Store, template: q.TrackingCode, count: int = 1, rng: random.Random | None = None
) -> list[q.TrackingCode]:
    """Issue ``count`` codes (or tracked links when ``template.url`` is set)."""
    if count < 1:
        raise ConfigError("count must be at least 1")
    made = []
    with store.begin() as conn:
        for _ in range(count):
            code = q.issue_code(conn, template, rng)
            if template.url:
                link = tracked_url(template.url, code.code, venue=template.venue)
                conn.execute(
                    tracking_codes.update()
                    .where(tracking_codes.c.code == code.code)
                    .values(url=link, kind="link")
                )
                code = replace(code, url=link, kind="link")
            made.append(code)
    return made


@dataclass(frozen=True, slots=True)
class CodeListing:
    code: q.TrackingCode
    redemptions: int


def find_codes(store: Store, **where: object) -> list[CodeListing]:
    """Issued codes with how many orders redeemed each."""
    with store.connect() as conn:
        counts = q.redemptions_per_code(conn)
        return [CodeListing(c, counts.get(c.code, 0)) for c in q.list_codes(conn, **where)]


@dataclass(frozen=True, slots=True)
class CodeCheck:
    typed: str
    code: str | None  # the canonical issued code, when valid and issued
    problem: str | None
    suggestion: str | None
    redemptions: int = 0


def check_code(store: Store, typed: str) -> CodeCheck:
    """Whether ``typed`` is an issued code; the nearest issued one when it is a typo."""
    with store.connect() as conn:
        code, problem = resolve_code(typed, set(q.issued_codes(conn)))
        used = q.redemption_count(conn, code) if code else 0
    if problem:
        return CodeCheck(typed, None, problem.reason, problem.suggestion)
    return CodeCheck(typed, code, None, None, used)


def import_buzz(store: Store, path: Path, sku: str | None = None) -> int:
    """Import a daily buzz series counted elsewhere (sku, day, volume, positive, …)."""
    aliases = {"sku": ("sku", "product"), "day": ("day", "date")}
    aliases |= {c: (c, f"buzz_{c}") for c in bz.BUZZ_COLUMNS}
    frame = _rename(_read_csv(Path(path)), aliases)
    if "sku" not in frame.columns and sku:
        frame["sku"] = sku
    if not {"sku", "day"} <= set(frame.columns) or "volume" not in frame.columns:
        raise SourceError(f"{path} needs sku (or --product), day and volume columns")
    frame["day"] = pd.to_datetime(frame["day"], errors="coerce").dt.date
    with store.begin() as conn:
        return bz.store_external(conn, frame.dropna(subset=["day"]))


def set_cost(store: Store, kind: str, amount: float, sku: str | None = None) -> None:
    """Record the cost to acquire a customer or to serve one in public."""
    if kind not in COST_KINDS:
        raise ConfigError(f"cost kind must be one of {', '.join(COST_KINDS)}")
    if amount < 0:
        raise ConfigError("a cost cannot be negative")
    with store.begin() as conn:
        q.set_cost(conn, kind, amount, sku)


def define_pilot(store: Store, pilot: q.Pilot) -> None:
    """Store a pilot (pilot and control products, start date) for ``goodword roi``."""
    with store.begin() as conn:
        q.save_pilot(conn, pilot)

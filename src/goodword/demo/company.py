"""Brewbird, the fictional coffee-gear company of the demo: its catalog, staff and calendar.

Everything here is fixed data: the generator draws conversations and sales around it, and
the planted truths refer to it (which products are in the pilot, who the best Contributor
is meant to be, where peers already help each other).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

BRAND = "Brewbird"
BRAND_ACCOUNT = "BrewbirdSupport"  # the unsigned brand account on the social venue
START = date(2025, 1, 1)
DAYS = 180
END = START + timedelta(days=DAYS - 1)
PROGRAM_START = date(2025, 3, 1)  # named Contributors begin serving in public
PILOT_START = date(2025, 4, 15)  # pilot products begin to get staff service

# Staff username convention, as goodword convention templates (see goodword.metrics.convention)
SOCIAL_TEMPLATE = "{First}At{Brand}"  # MayaAtBrewbird
FORUM_TEMPLATE = "{first}_{brand}"  # maya_brewbird
CONVENTION_REGEX = r"^(?:(?P<first>[A-Z][a-z]+)AtBrewbird|(?P<first_lower>[a-z]+)_brewbird)$"


@dataclass(frozen=True, slots=True)
class DemoProduct:
    """One catalog entry and how its sales respond to ads and word of mouth."""

    sku: str
    name: str
    aliases: tuple[str, ...]
    category: str
    price: float
    popularity: float  # relative share of conversations about it
    base_units: float  # daily units before weekday, trend, ads and buzz
    beta_buzz1: float  # units per positive customer post the day before
    beta_buzz2: float  # units per positive customer post two days before
    scenarios: tuple[str, ...]  # what customers talk about for this product

    @property
    def url(self) -> str:
        return f"https://brewbird.example/shop/{self.sku.lower()}"


@dataclass(frozen=True, slots=True)
class DemoContributor:
    """A staff member serving in public, with the quality the generator gives them."""

    name: str
    team: str
    weight: float  # share of the threads they pick up while on duty
    p_solve: float  # chance their reply solves the problem
    p_thanks: float  # chance a customer thanks them for it
    starts: date
    ends: date | None = None

    @property
    def first(self) -> str:
        return self.name.split()[0]

    @property
    def social_handle(self) -> str:
        return SOCIAL_TEMPLATE.format(First=self.first, Brand=BRAND)

    @property
    def forum_handle(self) -> str:
        return FORUM_TEMPLATE.format(first=self.first.lower(), brand=BRAND.lower())

    def on_duty(self, day: date) -> bool:
        return self.starts <= day and (self.ends is None or day <= self.ends)


def _product(sku, name, aliases, category, price, popularity, base, b1, b2, scenarios):  # type: ignore[no-untyped-def]
    return DemoProduct(sku, name, aliases, category, price, popularity, base, b1, b2, scenarios)


PRODUCTS: tuple[DemoProduct, ...] = (
    _product(
        "BB-KT01",
        "Swan Kettle",
        ("Swan", "Swan gooseneck"),
        "kettles",
        89.0,
        1.2,
        34.0,
        3.0,
        1.5,
        ("maintenance/descaling", "setup/app-pairing", "orders/shipping"),
    ),
    _product(
        "BB-GR02",
        "Milla Grinder",
        ("Milla", "Milla burr grinder"),
        "grinders",
        149.0,
        1.3,
        26.0,
        3.0,
        1.5,
        ("brewing/grind-size", "repair/warranty", "orders/shipping"),
    ),
    _product(
        "BB-ES03",
        "Corvo Espresso",
        ("Corvo", "Corvo machine"),
        "espresso",
        499.0,
        1.4,
        12.0,
        2.0,
        1.0,
        ("repair/warranty", "maintenance/descaling", "brewing/grind-size"),
    ),
    _product(
        "BB-DR04",
        "Finch Dripper",
        ("Finch", "Finch pour-over"),
        "brewers",
        39.0,
        1.1,
        40.0,
        3.0,
        1.5,
        ("brewing/recipe", "brewing/grind-size", "orders/shipping"),
    ),
    _product(
        "BB-SC05",
        "Wren Scale",
        ("Wren", "Wren smart scale"),
        "scales",
        59.0,
        1.0,
        30.0,
        3.0,
        1.5,
        ("setup/app-pairing", "billing/refund", "orders/shipping"),
    ),
    _product(
        "BB-FR06",
        "Lark Frother",
        ("Lark", "Lark milk frother"),
        "milk",
        69.0,
        1.0,
        28.0,
        3.0,
        1.5,
        ("brewing/recipe", "maintenance/descaling", "billing/refund"),
    ),
    _product(
        "BB-CB07",
        "Heron Cold Brew",
        ("Heron", "Heron tower"),
        "brewers",
        79.0,
        0.9,
        22.0,
        0.0,
        0.0,
        ("brewing/recipe", "orders/shipping", "billing/refund"),
    ),
    _product(
        "BB-HB08",
        "Perch Hub",
        ("Perch", "Perch smart hub"),
        "smart-home",
        129.0,
        0.8,
        18.0,
        2.0,
        1.0,
        ("setup/app-pairing", "billing/refund", "repair/warranty"),
    ),
)

PILOT_SKUS: tuple[str, ...] = ("BB-GR02", "BB-DR04")
CONTROL_SKUS: tuple[str, ...] = ("BB-SC05", "BB-FR06")
NO_EFFECT_SKUS: tuple[str, ...] = ("BB-CB07",)
PEER_CELLS: tuple[tuple[str, str], ...] = (
    ("BB-GR02", "brewing/grind-size"),
    ("BB-DR04", "brewing/recipe"),
)
BAD_CELL: tuple[str, str] = ("BB-ES03", "repair/warranty")

CONTRIBUTORS: tuple[DemoContributor, ...] = (
    DemoContributor("Maya Okafor", "Community", 1.0, 0.92, 0.8, PROGRAM_START),
    DemoContributor("Tom Reyes", "Support", 2.8, 0.42, 0.25, PROGRAM_START),
    DemoContributor("Priya Nair", "Support", 1.0, 0.55, 0.4, date(2025, 4, 1)),
    DemoContributor("Jonas Berg", "Support", 1.1, 0.5, 0.35, PROGRAM_START, date(2025, 4, 30)),
    DemoContributor("Lena Fischer", "Product", 1.0, 0.58, 0.42, PILOT_START),
    DemoContributor("Sam Cole", "Engineering", 0.06, 0.97, 0.9, PROGRAM_START),
)
BEST_CONTRIBUTOR = "Maya Okafor"
BUSIEST_CONTRIBUTOR = "Tom Reyes"
MIN_REPLIES = 30  # a Contributor needs this many replies to be ranked

SCENARIO_TAGS: dict[str, str] = {
    "brewing/grind-size": "grind-size",
    "brewing/recipe": "recipe",
    "maintenance/descaling": "descaling",
    "setup/app-pairing": "app-pairing",
    "orders/shipping": "shipping",
    "repair/warranty": "warranty",
    "billing/refund": "refund",
}


def product(sku: str) -> DemoProduct:
    """The product with ``sku``."""
    return next(p for p in PRODUCTS if p.sku == sku)


def contributor(name: str) -> DemoContributor:
    """The Contributor called ``name``."""
    return next(c for c in CONTRIBUTORS if c.name == name)


def staff_handles() -> dict[str, str]:
    """Every staff handle (both venues) mapped to the Contributor's name."""
    out: dict[str, str] = {}
    for c in CONTRIBUTORS:
        out[c.social_handle] = c.name
        out[c.forum_handle] = c.name
    return out

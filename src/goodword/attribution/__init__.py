"""Prove the money: tracking codes, redemptions, attribution and buzz → sales models.

Public entry points (each takes a :class:`~goodword.store.Store` unless noted):

* :func:`new_code` (no store) — a fresh tracking code; a seeded ``random.Random`` makes
  it reproducible, e.g. for demo data;
* :func:`create_codes`, :func:`find_codes`, :func:`check_code` — issue, list, check;
* :func:`import_orders`, :func:`import_daily`, :func:`import_buzz` — the sales imports;
* :func:`set_cost`, :func:`define_pilot` — inputs of retention economics and pilots;
* :func:`roi_evidence` — everything as a JSON-ready dict (schema in docs/roi.md);
* :func:`roi_report_html` — the report's money section (Plotly JS not included);
* :func:`export_mmm` — the PyMC-Marketing MMM table.
"""

from goodword.attribution.codes import canonical, is_valid, new_code
from goodword.attribution.mmm import export_mmm
from goodword.attribution.queries import Pilot, TrackingCode
from goodword.attribution.report import roi_report_html
from goodword.attribution.roi import RoiOptions
from goodword.attribution.roi import roi as roi_evidence
from goodword.attribution.sales import import_daily, import_orders
from goodword.attribution.service import (
    check_code,
    create_codes,
    define_pilot,
    find_codes,
    import_buzz,
    set_cost,
)

__all__ = [
    "Pilot",
    "RoiOptions",
    "TrackingCode",
    "canonical",
    "check_code",
    "create_codes",
    "define_pilot",
    "export_mmm",
    "find_codes",
    "import_buzz",
    "import_daily",
    "import_orders",
    "is_valid",
    "new_code",
    "roi_evidence",
    "roi_report_html",
    "set_cost",
]

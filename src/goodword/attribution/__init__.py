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

import importlib
from typing import Any

# Loaded on first use: the models pull in statsmodels, which every command should not pay for.
_EXPORTS = {
    "canonical": ("codes", "canonical"),
    "is_valid": ("codes", "is_valid"),
    "new_code": ("codes", "new_code"),
    "export_mmm": ("mmm", "export_mmm"),
    "Pilot": ("queries", "Pilot"),
    "TrackingCode": ("queries", "TrackingCode"),
    "roi_report_html": ("report", "roi_report_html"),
    "RoiOptions": ("roi", "RoiOptions"),
    "roi_evidence": ("roi", "roi"),
    "import_daily": ("sales", "import_daily"),
    "import_orders": ("sales", "import_orders"),
    "check_code": ("service", "check_code"),
    "create_codes": ("service", "create_codes"),
    "define_pilot": ("service", "define_pilot"),
    "find_codes": ("service", "find_codes"),
    "import_buzz": ("service", "import_buzz"),
    "set_cost": ("service", "set_cost"),
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'goodword.attribution' has no attribute {name!r}")
    module, attr = _EXPORTS[name]
    return getattr(importlib.import_module(f"goodword.attribution.{module}"), attr)


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

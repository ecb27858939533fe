"""The program report: one self-contained HTML page a marketing lead can forward.

Charts are Plotly figures drawn by Plotly's bundled JavaScript, embedded once in the page,
so it works offline and fetches nothing. Other areas add sections through ``extra_sections``;
the ROI section of ``goodword.attribution.roi_report_html(store)`` is included when present.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from plotly.offline import get_plotlyjs

from goodword.metrics.aggregate import grouped
from goodword.metrics.frames import outcomes_frame
from goodword.metrics.inbox import inbox
from goodword.metrics.outcome_store import refresh_outcomes
from goodword.metrics.program import pilots, program_metrics, rankings
from goodword.store import Store

_TEMPLATES = Path(__file__).with_name("templates")
_CHARTS = (
    ("Threads per month", ("threads",), ""),
    ("Service per month", ("response_rate", "resolution_rate", "self_healing_ratio"), ".0%"),
    ("Sentiment per month", ("negative_rate", "gratitude_rate"), ".0%"),
    ("Median first staff response (minutes)", ("first_response_minutes",), ""),
)


def build_report(store: Store, *, extra_sections: Sequence[str] = ()) -> str:
    """The report's HTML, with the metrics brought up to date first."""
    refresh_outcomes(store)
    brands = program_metrics(store, by="brand", refresh=False)
    people = rankings(store, by="contributor", refresh=False)
    venues = rankings(store, by="venue", refresh=False)
    cells = pilots(store, refresh=False)
    with store.connect() as conn:
        frame = outcomes_frame(conn)
        top = inbox(conn, limit=20)
    overall = grouped(frame, None, None)
    context = {
        "title": "goodword: the service program",
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "threads": len(frame),
        "notes": brands["notes"],
        "kpis": _kpis(overall[0] if overall else {}),
        "trend": _trend(brands["trend"]),
        "charts": _charts(frame),
        "brand_table": _table(brands["groups"], _BRAND_COLUMNS),
        "rule": people["rule"],
        "contributor_table": _table(people["groups"], _PEOPLE_COLUMNS),
        "venue_table": _table(venues["groups"], _PEOPLE_COLUMNS),
        "inbox": top,
        "pilot_rule": cells["rule"],
        "pilot_table": _table(cells["cells"], _PILOT_COLUMNS),
        "extra_sections": [*extra_sections, *_roi_section(store)],
        "plotly_js": get_plotlyjs(),
    }
    return _environment().get_template("report.html").render(**context)


def write_report(store: Store, out: Path | str) -> Path:
    """Write the report to ``out``; its path."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_report(store), encoding="utf-8")
    return path


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape())


def _roi_section(store: Store) -> list[str]:
    """The ROI engineer's section, when ``goodword.attribution`` provides one."""
    try:
        module = importlib.import_module("goodword.attribution")
    except ImportError:
        return []
    render = getattr(module, "roi_report_html", None)
    return [render(store)] if callable(render) else []


def _kpis(m: dict[str, Any]) -> list[dict[str, str]]:
    shown = [
        ("Threads", "threads", "n"),
        ("Response rate", "response_rate", "%"),
        ("Median first response", "first_response_median_s", "s"),
        ("Resolution rate", "resolution_rate", "%"),
        ("Self-healing ratio", "self_healing_ratio", "%"),
        ("Gratitude rate", "gratitude_rate", "%"),
        ("Negative rate", "negative_rate", "%"),
    ]
    return [{"label": label, "value": _fmt(m.get(key), kind)} for label, key, kind in shown]


def _fmt(value: Any, kind: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "not enriched" if kind == "%" else "–"
    if kind == "%":
        return f"{value:.1%}"
    if kind == "s":
        return f"{value / 60:.1f} min"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def _trend(trend: dict[str, Any] | None) -> dict[str, str] | None:
    if not trend or trend["relative_change"] is None:
        return None
    lo, hi = trend["relative_change_ci95"]
    sentence = (
        f"went from {trend['before']['negative_rate']:.1%} before {trend['split'][:10]} "
        f"to {trend['after']['negative_rate']:.1%} after: {trend['relative_change']:+.1%} "
        f"(95% CI {lo:+.1%} to {hi:+.1%})."
    )
    return {"sentence": sentence}


def _charts(frame: pd.DataFrame) -> list[str]:
    if frame.empty:
        return []
    months = pd.DataFrame(grouped(frame, None, "month"))
    months["first_response_minutes"] = months["first_response_median_s"].astype(float) / 60
    return [_chart(months, title, series, fmt) for title, series, fmt in _CHARTS]


def _chart(months: pd.DataFrame, title: str, series: Sequence[str], fmt: str) -> str:
    figure = go.Figure()
    for name in series:
        figure.add_trace(
            go.Scatter(
                x=months["period"],
                y=months[name].astype(float),
                mode="lines+markers",
                name=name.replace("_", " "),
            )
        )
    figure.update_layout(
        title=title,
        height=320,
        margin={"l": 50, "r": 20, "t": 50, "b": 40},
        yaxis={"tickformat": fmt},
        template="plotly_white",
    )
    return figure.to_html(
        full_html=False, include_plotlyjs=False, config={"displaylogo": False, "responsive": True}
    )


_BRAND_COLUMNS = (
    ("key", "Brand"),
    ("threads", "Threads"),
    ("response_rate", "Response %"),
    ("first_response_median_s", "Median 1st response"),
    ("resolution_rate", "Resolved %"),
    ("gratitude_rate", "Gratitude %"),
    ("self_healing_ratio", "Self-healing %"),
    ("negative_rate", "Negative %"),
)
_PEOPLE_COLUMNS = (
    ("rank", "#"),
    ("name", "Name"),
    ("threads", "Threads"),
    ("replies", "Replies"),
    ("problems_solved", "Solved"),
    ("gratitude_received", "Thanked"),
    ("score_received", "Score"),
    ("first_response_median_s", "Median 1st response"),
    ("sentiment_lift", "Sentiment lift"),
    ("solved_or_thanked_rate", "Solved/thanked %"),
    ("rank_score", "Rank score"),
)
_PILOT_COLUMNS = (
    ("product", "Product"),
    ("scenario", "Scenario"),
    ("threads", "Threads"),
    ("involvement", "Involvement %"),
    ("self_healing_ratio", "Self-healing %"),
    ("answered_rate", "Answered %"),
    ("resolution_rate", "Resolved %"),
    ("negative_rate", "Negative %"),
    ("pilot_score", "Score"),
    ("status", "Status"),
)


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> Markup:
    head = "".join(f"<th>{escape(label)}</th>" for _, label in columns)
    body = "".join(
        "<tr>" + "".join(_cell(row.get(key), key) for key, _ in columns) + "</tr>" for row in rows
    )
    empty = f"<tr><td colspan='{len(columns)}'>Nothing to show yet.</td></tr>"
    return Markup(f"<table><thead><tr>{head}</tr></thead><tbody>{body or empty}</tbody></table>")


def _cell(value: Any, key: str) -> str:
    if key.endswith("_rate") or key in ("involvement", "self_healing_ratio"):
        text = _fmt(value, "%")
    elif key.endswith("_s"):
        text = _fmt(value, "s")
    elif isinstance(value, float):
        text = f"{value:.3f}"
    else:
        text = "–" if value is None else str(value)
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    return f"<td class='num'>{escape(text)}</td>" if numeric else f"<td>{escape(text)}</td>"

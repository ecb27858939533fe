"""The report's money section: Plotly charts and the plain-sentence findings, as HTML.

``roi_report_html(store)`` returns an HTML fragment without Plotly's JavaScript (the
report embeds it once): buzz and sales over time, lag coefficients with their intervals,
and pilot against control products.
"""

from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from goodword.attribution import buzz as bz
from goodword.attribution.pilot import SyntheticControl, wide
from goodword.attribution.roi import Inputs, RoiOptions, evaluate, load
from goodword.store import Store

MAX_PRODUCTS = 6


def buzz_sales_figure(inputs: Inputs, sku: str, outcome: str, buzz: str) -> go.Figure:
    """Daily sales (line) and buzz (bars) of one product."""
    days = bz.product_days(inputs.daily, inputs.buzz, sku)
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(x=days.index, y=days[buzz], name=f"buzz ({buzz})", opacity=0.4), secondary_y=True
    )
    fig.add_trace(go.Scatter(x=days.index, y=days[outcome], name=outcome, mode="lines"))
    fig.update_layout(title=f"{sku}: buzz and {outcome} over time", height=340)
    return fig


def lag_figure(section: dict) -> go.Figure:  # type: ignore[type-arg]
    """Lag coefficients with 95% intervals."""
    coefs = [c for c in section.get("coefficients", []) if c.get("estimate") is not None]
    lags = [c["lag"] for c in coefs]
    est = [c["estimate"] for c in coefs]
    fig = go.Figure(
        go.Scatter(
            x=lags, y=est, mode="markers", name="effect",
            error_y={"type": "data", "symmetric": False,
                     "array": [c["ci_high"] - c["estimate"] for c in coefs],
                     "arrayminus": [c["estimate"] - c["ci_low"] for c in coefs]},
        )
    )  # fmt: skip
    fig.add_hline(y=0, line_dash="dot")
    fig.update_layout(
        title=f"{section['sku']}: extra {section['outcome']} per buzz unit, by days later",
        xaxis_title="lag (days)", yaxis_title="effect (95% interval)", height=320,
    )  # fmt: skip
    return fig


def pilot_figure(inputs: Inputs, section: dict) -> go.Figure:  # type: ignore[type-arg]
    """Pilot mean, control mean and the synthetic counterfactual around the start."""
    table = wide(inputs.daily, section["outcome"])
    pilots, controls = section["pilot_skus"], section["control_skus"]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=table.index, y=table[pilots].mean(axis=1), name="pilot"))
    fig.add_trace(go.Scatter(x=table.index, y=table[controls].mean(axis=1), name="control"))
    sc = SyntheticControl().fit(table, pilots, controls, section["starts_on"])
    if sc.effect_ is not None:
        index = table[pilots + controls].dropna().index
        fig.add_trace(go.Scatter(x=index, y=sc.counterfactual_, name="synthetic control",
                                 line={"dash": "dash"}))  # fmt: skip
    fig.add_vline(x=pd.Timestamp(section["starts_on"]).timestamp() * 1000, line_dash="dot")
    fig.update_layout(title=f"Pilot {section['name']}: pilot vs control", height=340)
    return fig


def _html(fig: go.Figure) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False)


def roi_report_html(store: Store, options: RoiOptions | None = None) -> str:
    """The money section of the report as an HTML fragment (Plotly JS not included)."""
    options = options or RoiOptions()
    inputs = load(store)
    result = evaluate(inputs, options)
    parts = ['<section class="goodword-roi">', "<h2>Return on serving in public</h2>", "<ul>"]
    parts += [f"<li>{escape(line)}</li>" for line in result["summary"]]  # type: ignore[attr-defined]
    parts.append("</ul>")
    for section in result["buzz"][:MAX_PRODUCTS]:  # type: ignore[index]
        if section.get("coefficients"):
            parts.append(
                _html(buzz_sales_figure(inputs, section["sku"], options.outcome, options.buzz))
            )
            parts.append(_html(lag_figure(section)))
    for section in result["pilots"]:  # type: ignore[attr-defined]
        if section.get("did") is not None:
            parts.append(_html(pilot_figure(inputs, section)))
    parts.append("</section>")
    return "\n".join(parts)

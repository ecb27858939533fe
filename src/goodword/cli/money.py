"""CLI commands: money — tracking codes, sales imports, ROI and the MMM export."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer
from rich.table import Table

from goodword.cli.context import lazy_module, state

mmm = lazy_module("goodword.attribution.mmm")
service = lazy_module("goodword.attribution.service")
roi_mod = lazy_module("goodword.attribution.roi")
sales_mod = lazy_module("goodword.attribution.sales")

codes_app = typer.Typer(help="Hand out tracking codes and tracked links; check typed codes.")
sales_app = typer.Typer(help="Import orders, daily sales, ad spend and buzz; set costs, pilots.")
export_app = typer.Typer(help="Export goodword data for other tools.")


@codes_app.command("new")
def codes_new(
    ctx: typer.Context,
    venue: str = typer.Option(None, "--venue", help="Venue key where the code is handed out."),
    contributor: str = typer.Option(None, "--contributor", help="Contributor handing it out."),
    thread: int = typer.Option(None, "--thread", help="Thread id the code belongs to."),
    product: str = typer.Option(None, "--product", help="Product SKU the conversation is about."),
    link: str = typer.Option(
        None, "--link", help="Landing URL: make a tracked link (UTM parameters) instead."
    ),
    count: int = typer.Option(1, "--count", "-n", help="How many codes to issue."),
) -> None:
    """Issue tracking codes like maple-otter-7kq4py, tied to venue, Contributor, thread, product."""
    from goodword.attribution.queries import TrackingCode

    template = TrackingCode("", "code", venue, contributor, thread, product, link)
    for code in service.create_codes(state(ctx).store, template, count):
        typer.echo(code.url if code.url else code.code)


@codes_app.command("list")
def codes_list(
    ctx: typer.Context,
    venue: str = typer.Option(None, "--venue", help="Only codes of this venue."),
    contributor: str = typer.Option(None, "--contributor", help="Only this Contributor's codes."),
    product: str = typer.Option(None, "--product", help="Only codes for this product SKU."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List issued codes and links with how many orders redeemed each."""
    found = service.find_codes(state(ctx).store, venue=venue, contributor=contributor, sku=product)
    if as_json:
        rows = [asdict(f.code) | {"redemptions": f.redemptions} for f in found]
        typer.echo(json.dumps(rows, default=str, indent=2))
        return
    table = Table()
    table.add_column("code", no_wrap=True, min_width=18)
    for name in ("venue", "contributor", "thread", "product", "redeemed"):
        table.add_column(name)
    table.add_column("link", overflow="fold")
    for f in found:
        c = f.code
        table.add_row(
            c.code, c.venue, c.contributor, _s(c.thread_id), c.sku, str(f.redemptions), c.url
        )
    state(ctx).console.print(table)


def _s(value: object) -> str | None:
    return None if value is None else str(value)


@codes_app.command("check")
def codes_check(
    ctx: typer.Context, code: str = typer.Argument(..., help="The code as typed.")
) -> None:
    """Say whether a typed code is valid and issued, or which code was probably meant."""
    result = service.check_code(state(ctx).store, code)
    if result.code:
        typer.echo(f"{result.code}: valid, redeemed by {result.redemptions} order(s)")
        return
    hint = f" — did you mean {result.suggestion}?" if result.suggestion else ""
    typer.echo(f"{result.problem}{hint}")
    raise typer.Exit(1)


@sales_app.command("import")
def sales_import(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="CSV: order_id, time, sku, amount[, customer, code]."),
) -> None:
    """Import orders and redeem their codes; re-importing counts every order once."""
    st = state(ctx)
    if st.quiet:
        report = sales_mod.import_orders(st.store, path)
    else:
        with st.console.status(f"importing {path} and redeeming codes…"):
            report = sales_mod.import_orders(st.store, path)
    st.say(
        f"{report.rows} rows: {report.new_orders} new orders, {report.duplicate_orders} already "
        f"imported; {report.redeemed} codes redeemed, {report.already_redeemed} already redeemed"
    )
    for p in report.problems:
        hint = f" — did you mean {p.suggestion}?" if p.suggestion else ""
        st.err.print(f"row {p.row} (order {p.order_id}): {p.reason}{hint}")
    for line in report.skipped:
        st.err.print(f"skipped {line}")


@sales_app.command("import-daily")
def sales_import_daily(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="CSV with sku, day, units, revenue, ad_spend."),
    product: str = typer.Option(None, "--product", help="SKU for a file without a sku column."),
) -> None:
    """Import daily sales and ad spend per product (a day imported again is replaced)."""
    st = state(ctx)
    st.say(f"{sales_mod.import_daily(st.store, path, product)} product-days imported")


@sales_app.command("import-buzz")
def sales_import_buzz(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="CSV: sku, day, volume[, positive, negative, …]."),
    product: str = typer.Option(None, "--product", help="SKU for a file without a sku column."),
) -> None:
    """Import a daily buzz series counted by another tool; it replaces the store's count."""
    st = state(ctx)
    st.say(f"{service.import_buzz(st.store, path, product)} product-days of buzz imported")


@sales_app.command("cost")
def sales_cost(
    ctx: typer.Context,
    kind: str = typer.Argument(..., help="acquire (per new customer) or serve (per served one)."),
    amount: float = typer.Argument(..., help="The cost in your currency."),
    product: str = typer.Option(None, "--product", help="Only for this product SKU."),
) -> None:
    """Set the cost to acquire a customer or to serve one in public, for retention economics."""
    service.set_cost(state(ctx).store, kind, amount, product)
    state(ctx).say(f"cost to {kind} set to {amount:g}")


@sales_app.command("pilot")
def sales_pilot(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="A name for the pilot."),
    start: str = typer.Option(..., "--start", help="First day of the pilot (YYYY-MM-DD)."),
    pilot: str = typer.Option(..., "--pilot", help="Comma-separated SKUs served in the pilot."),
    control: str = typer.Option(..., "--control", help="Comma-separated comparable SKUs."),
) -> None:
    """Define a pilot: products served in public from a date, and control products."""
    service.define_pilot(state(ctx).store, roi_mod.parse_pilot(name, start, pilot, control))
    state(ctx).say(f"pilot {name} saved")


def roi(
    ctx: typer.Context,
    product: str = typer.Option(None, "--product", help="Only this product SKU."),
    as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
    lags: int = typer.Option(7, "--lags", help="Days of buzz lags in the lag model (0..k)."),
    outcome: str = typer.Option("units", "--outcome", help="units or revenue."),
    buzz: str = typer.Option(
        "volume", "--buzz", help="Buzz measure: volume, positive, negative, reach, gratitude."
    ),
    horizon: int = typer.Option(90, "--horizon", help="Days of spend compared for code redeemers."),
    pilot: str = typer.Option(None, "--pilot", help="Pilot SKUs (comma-separated), ad hoc."),
    control: str = typer.Option(None, "--control", help="Control SKUs for --pilot."),
    start: str = typer.Option(None, "--pilot-start", help="Pilot start date for --pilot."),
) -> None:
    """Prove the money: buzz → sales, code attribution, pilot vs control, retention."""
    adhoc = (roi_mod.parse_pilot("ad hoc", start or "", pilot, control or ""),) if pilot else ()
    options = roi_mod.RoiOptions(product, lags, outcome, buzz, horizon, adhoc)
    result = roi_mod.roi(state(ctx).store, options)
    if as_json:
        typer.echo(json.dumps(result, indent=2, default=str))
        return
    for line in result["summary"]:  # type: ignore[attr-defined]
        typer.echo(f"- {line}")


@export_app.command("mmm")
def export_mmm(
    ctx: typer.Context,
    out: Path = typer.Argument(..., help="CSV file to write."),
    product: str = typer.Option(None, "--product", help="Only this SKU (default: all summed)."),
    outcome: str = typer.Option("units", "--outcome", help="units or revenue as the sales column."),
) -> None:
    """Write daily sales, ad spend and buzz as organic media for PyMC-Marketing's MMM."""
    st = state(ctx)
    st.say(f"{mmm.export_mmm(st.store, out, outcome, product)} days written to {out}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(codes_app, name="codes")
    app.add_typer(sales_app, name="sales")
    app.add_typer(export_app, name="export")
    app.command("roi")(roi)

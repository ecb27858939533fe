"""CLI commands: ingest, quarantine, products, status."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from goodword.cli.context import AppState, progress_bar, state
from goodword.ingest import ingest_path
from goodword.model import IngestReport
from goodword.products import import_catalog, link_products
from goodword.store import queries

quarantine_app = typer.Typer(
    help="Records that could not be stored, with the reason.", no_args_is_help=True
)
products_app = typer.Typer(help="The product catalog and product mentions.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(status)
    app.add_typer(quarantine_app, name="quarantine")
    app.add_typer(products_app, name="products")


def ingest(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Files or dump folders to ingest."),
    fmt: str = typer.Option(
        None,
        "--format",
        "-f",
        help="Input format (detected when omitted): "
        "twcs, ibm-care, stackexchange, reviews, jsonl, csv.",
    ),
    venue: str = typer.Option(None, "--venue", help="Venue key to file the posts under."),
    mapping: list[str] = typer.Option(
        None, "--map", help="CSV column mapping FIELD=COLUMN (format csv)."
    ),
) -> None:
    """Ingest conversations; prints what was stored, updated and quarantined."""
    app = state(ctx)
    for path in paths:
        report = _ingest_one(app, path, fmt, venue, mapping)
        _print_report(app, report)


def _ingest_one(
    app: AppState, path: Path, fmt: str | None, venue: str | None, mapping: list[str] | None
) -> IngestReport:
    if mapping:
        from goodword.sources import canonical

        fmt = canonical.register_mapping(dict(m.split("=", 1) for m in mapping))
    if app.quiet:
        return ingest_path(app.store, path, fmt, venue=venue, batch_size=app.settings.batch_size)
    with progress_bar(app) as bar:
        task = bar.add_task(f"ingest {path.name}", total=None)
        return ingest_path(
            app.store,
            path,
            fmt,
            venue=venue,
            batch_size=app.settings.batch_size,
            progress=lambda n: bar.advance(task, n),
        )


def _print_report(app: AppState, r: IngestReport) -> None:
    resumed = f" (resumed after record {r.resumed_from})" if r.resumed_from else ""
    app.console.print(
        f"{Path(r.source).name} ({r.format}){resumed}: stored {r.stored}, updated {r.updated}, "
        f"unchanged {r.unchanged}, quarantined {r.quarantined}; {r.threads} threads",
        soft_wrap=True,
    )
    if r.quarantined:
        app.say("  see them with: goodword quarantine list")


def status(ctx: typer.Context) -> None:
    """What the store holds: rows per table and threads/posts per venue."""
    app = state(ctx)
    with app.store.connect() as conn:
        totals, venues = queries.counts(conn), queries.venue_summary(conn)
    table = Table("venue", "kind", "threads", "posts")
    for row in venues:
        table.add_row(*(str(x) for x in row))
    app.console.print(table)
    app.console.print(", ".join(f"{k}: {v}" for k, v in totals.items()))


@quarantine_app.command("list")
def quarantine_list(
    ctx: typer.Context,
    source: str = typer.Option(None, "--source", help="Only records from files matching this."),
    limit: int = typer.Option(100, "--limit", help="At most this many records."),
) -> None:
    """List quarantined records: file, record number, reason and the raw text."""
    app = state(ctx)
    with app.store.connect() as conn:
        rows = queries.quarantined(conn, source, limit)
    if not rows:
        app.console.print("nothing is quarantined")
        return
    table = Table("file", "record", "reason", "raw", show_lines=True)
    for r in rows:
        table.add_row(Path(r.source).name, str(r.record_no), r.reason, r.raw[:200])
    app.console.print(table)


@products_app.command("import")
def products_import(
    ctx: typer.Context,
    catalog: Path = typer.Argument(..., help="CSV with sku, name, aliases (|-separated), url."),
) -> None:
    """Import a product catalog and link existing posts to the products they mention."""
    app = state(ctx)
    n = import_catalog(app.store, catalog)
    linked = link_products(app.store)
    app.console.print(f"{n} products imported; {linked} new product mentions linked")


@products_app.command("list")
def products_list(ctx: typer.Context) -> None:
    """List the catalog with how many posts mention each product."""
    app = state(ctx)
    from goodword.products import mention_counts

    with app.store.connect() as conn:
        rows = mention_counts(conn)
    table = Table("sku", "name", "aliases", "mentions")
    for sku, name, aliases, n in rows:
        table.add_row(sku, name, ", ".join(aliases), str(n))
    app.console.print(table)

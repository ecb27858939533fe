"""CLI commands: demo."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.table import Table

from goodword.cli.context import AppState, state

NEXT_STEPS = (
    ("goodword enrich", "read sentiment, gratitude, solved … in every post"),
    ("goodword inbox", "the triage inbox: what to answer first"),
    ("goodword metrics --by contributor", "gratitude, solved, response times, self-healing"),
    ("goodword report", "the program report, negative trend included"),
    ("goodword roi", "buzz → sales, the pilot's lift, redeemed codes"),
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command()(demo)


def demo(
    ctx: typer.Context,
    seed: int = typer.Option(7, "--seed", help="Seed of the generator; same seed, same files."),
    out: Path = typer.Option(
        Path("goodword-demo"), "--out", help="Folder for the generated files and truth.json."
    ),
    scale: float = typer.Option(
        1.0, "--scale", min=0.05, max=20.0, help="Conversation volume (1.0: about 4,000 posts)."
    ),
) -> None:
    """Build a FRESH database from Brewbird, a fictional coffee-gear company with planted truths.

    Replaces the database given by --db (default goodword.db) after checking it is a goodword
    database, writes the demo files in the real formats under --out, ingests them and prints
    what was planted, so later metrics can be checked against truth.json.
    """
    from goodword.demo import load
    from goodword.demo.run import run_demo
    from goodword.store import Store

    app = state(ctx)
    path = load.sqlite_path(app.settings.database_url)
    replaced = load.make_fresh(path)
    store = Store.open(app.settings.database_url)
    try:
        with _steps(app) as step:
            summary = run_demo(store, out, seed, scale=scale, step=step)
    finally:
        store.close()
    _render(app, summary, path, replaced)


@contextmanager
def _steps(app: AppState) -> Iterator[Callable[[str], None] | None]:
    if app.quiet:
        yield None
        return
    with app.console.status("building the demo …") as status:
        yield lambda name: status.update(f"{name} …")


def _render(app: AppState, summary, path: Path, replaced: bool) -> None:  # type: ignore[no-untyped-def]
    truth = summary.truth
    verb = "replaced" if replaced else "created"
    app.console.print(f"[bold]Brewbird demo[/] (seed {truth.seed}): {verb} {path}")
    app.console.print(_loaded(summary))
    app.console.print(_truths(truth))
    if summary.skipped:
        app.console.print(f"[yellow]not loaded (module missing):[/] {', '.join(summary.skipped)}")
    app.console.print(f"files and truth.json in {summary.out_dir}; planted truths: docs/demo.md")
    steps = Table(title="next", title_justify="left", show_header=False, box=None)
    for command, what in NEXT_STEPS:
        steps.add_row(f"[cyan]{command}[/]", what)
    app.console.print(steps)


def _loaded(summary) -> Table:  # type: ignore[no-untyped-def]
    table = Table(show_header=False, box=None, pad_edge=False)
    venues = ", ".join(v.key for v in summary.truth.venues)
    table.add_row("venues", f"{len(summary.truth.venues)} ({venues})")
    table.add_row("threads", f"{summary.threads:,}")
    table.add_row("posts", f"{summary.posts:,} ({summary.product_links:,} product mentions)")
    table.add_row("products", str(summary.products))
    table.add_row("contributors", str(summary.contributors))
    table.add_row("sales", f"{summary.daily_rows:,} product-days, {summary.orders:,} orders, "
                  f"{summary.redeemed} of {summary.codes} codes redeemed")  # fmt: skip
    return table


def _truths(truth) -> Table:  # type: ignore[no-untyped-def]
    table = Table(title="planted truths", title_justify="left", show_header=False, box=None)
    best = next(c for c in truth.contributors if c.name == truth.best_contributor)
    table.add_row(
        "best Contributor",
        f"{best.name}: {best.solved_rate:.0%} solved, "
        f"{best.gratitude_rate:.0%} thanked (busiest: {truth.busiest_contributor})",
    )
    table.add_row(
        "self-healing", f"{truth.self_healing_ratio:.0%} of solved forum questions solved by peers"
    )
    table.add_row(
        "negative trend",
        f"{truth.negative_rate_before:.1%} → "
        f"{truth.negative_rate_after:.1%} of customer posts after "
        f"{truth.program_start} (−{truth.negative_drop:.0%})",
    )
    table.add_row(
        "pilot",
        f"{', '.join(truth.pilot_skus)} vs {', '.join(truth.control_skus)} "
        f"from {truth.pilot_start}: +{truth.did_lift_units:.1f} units/day "
        f"(+{truth.did_lift_relative:.0%})",
    )
    effect = next(p for p in truth.products if not p.no_effect)
    table.add_row(
        "word of mouth",
        f"+{effect.beta_buzz1:g} units per positive post a day "
        f"later; none for {', '.join(truth.no_effect_skus)}",
    )
    table.add_row("cells", f"peers help: {_cells(truth.peer_cells)}; "
                  f"bad service: {_cells([truth.bad_cell])}")  # fmt: skip
    return table


def _cells(cells) -> str:  # type: ignore[no-untyped-def]
    return ", ".join(f"{sku} × {scenario}" for sku, scenario in cells)

"""The ``goodword`` command: a thin shell over the library.

Each command module defines ``register(app)`` and its commands parse input, make one call
into the core and render the result. Global options live on the callback here.
"""

from __future__ import annotations

import importlib

import typer

from goodword.cli.context import AppState

COMMAND_MODULES = ("core", "demo", "signals", "program", "money")

app = typer.Typer(
    name="goodword",
    help="Turn customer service in public into marketing you can measure.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: str = typer.Option(
        None, "--db", help="SQLite file to use (default goodword.db, or GOODWORD_DATABASE_URL)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only results; no progress."),
) -> None:
    """goodword: listen, understand, serve in public, measure, republish, prove the money."""
    ctx.obj = AppState.build(db=db, quiet=quiet)


for _name in COMMAND_MODULES:
    importlib.import_module(f"goodword.cli.{_name}").register(app)


def main() -> None:
    """Console entry point."""
    from goodword.cli.context import run_app

    run_app(app)

"""What every command shares: settings, the store (opened lazily), the console."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from types import ModuleType

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from goodword.errors import GoodwordError
from goodword.settings import Settings, sqlite_url
from goodword.store import Store


@dataclass
class AppState:
    settings: Settings
    quiet: bool = False
    console: Console = field(default_factory=Console)
    err: Console = field(default_factory=lambda: Console(stderr=True))
    _store: Store | None = None

    @classmethod
    def build(cls, *, db: str | None, quiet: bool) -> AppState:
        url = sqlite_url(db) if db else None
        return cls(settings=Settings.from_env(database_url=url), quiet=quiet)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.open(self.settings.database_url)
        return self._store

    def say(self, *args: object) -> None:
        """Print unless --quiet."""
        if not self.quiet:
            self.console.print(*args)


def state(ctx: typer.Context) -> AppState:
    """The AppState of the running command."""
    obj = ctx.find_root().obj
    assert isinstance(obj, AppState)
    return obj


def run_app(app: typer.Typer) -> None:
    """Run the app, turning goodword errors into one clear line and exit code 1."""
    try:
        app()
    except GoodwordError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {exc}")
        sys.exit(1)


def lazy_module(name: str) -> ModuleType:
    """``name`` imported on first attribute access, so ``--help`` stays fast."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, name
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def progress_bar(app: AppState) -> Progress:
    """The progress bar long commands show on stderr (callers skip it when quiet)."""
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    return Progress(*columns, console=app.err, transient=True)

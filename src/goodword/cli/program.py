"""CLI commands of the service program: contributors, outcomes, metrics, rankings, inbox,
scenarios, pilots and the report."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from goodword.cli.context import AppState, lazy_module, progress_bar, state
from goodword.errors import ConfigError
from goodword.metrics import roster

program = lazy_module("goodword.metrics.program")
_inbox = lazy_module("goodword.metrics.inbox")
_outcomes = lazy_module("goodword.metrics.outcome_store")

contributors_app = typer.Typer(
    help="The Contributor roster: people, handles, sign-offs, rotation, convention.",
    no_args_is_help=True,
)
convention_app = typer.Typer(help="The username convention of a brand.", no_args_is_help=True)
program_app = typer.Typer(help="Program settings (its start date).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    contributors_app.add_typer(convention_app, name="convention")
    app.add_typer(contributors_app, name="contributors")
    app.add_typer(program_app, name="program")
    for command in (outcomes, metrics, rankings, inbox, scenarios, pilots, report):
        app.command()(command)


def _when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"{option} {value!r} is not a date: use YYYY-MM-DD[THH:MM]") from exc


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, default=str))


@contextmanager
def _progress(app: AppState, label: str) -> Iterator[Callable[[int, int], None] | None]:
    if app.quiet:
        yield None
        return
    with progress_bar(app) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _pairs(values: list[str] | None, option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values or []:
        if ":" not in value:
            raise ConfigError(f"{option} {value!r} must be VENUE:HANDLE (e.g. twitter:AnnAtAcme)")
        left, right = value.split(":", 1)
        pairs.append((left, right))
    return pairs


@contributors_app.command("add")
def contributors_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The person's name, e.g. 'Ann Lee'."),
    handle: list[str] = typer.Option(None, "--handle", help="VENUE:HANDLE, repeatable."),
    signature: list[str] = typer.Option(
        None, "--signature", help="ACCOUNT:SIGN-OFF on a shared account, e.g. AcmeHelp:AL."
    ),
    team: str = typer.Option(None, "--team", help="The team the person belongs to."),
    brand: str = typer.Option(None, "--brand", help="Brand whose convention applies."),
    active_from: str = typer.Option(None, "--active-from", help="Active from this date."),
) -> None:
    """Onboard a Contributor; handles are checked against the username convention."""
    app = state(ctx)
    with app.store.begin() as conn:
        entry = roster.add_contributor(
            conn,
            name,
            team=team,
            handles=_pairs(handle, "--handle"),
            signatures=_pairs(signature, "--signature"),
            brand=brand or app.settings.brand,
            starts_at=_when(active_from, "--active-from"),
        )
    app.console.print(f"added {entry.name}: " + _describe(entry))


def _describe(entry: roster.RosterEntry) -> str:
    handles = ", ".join(f"{v}:{h}" for v, h in entry.handles) or "no handle"
    signs = ", ".join(f"{a}:{s}" for a, s in entry.signatures)
    periods = "; ".join(f"{p.starts_at:%Y-%m-%d}→{p.ends_at or 'open'}" for p in entry.periods)
    return " | ".join(x for x in (handles, signs, periods) if x)


@contributors_app.command("list")
def contributors_list(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """The roster: each Contributor's team, handles, sign-offs and active periods."""
    app = state(ctx)
    with app.store.connect() as conn:
        entries = roster.roster(conn)
    if as_json:
        return _echo_json([asdict(e) for e in entries])
    table = Table("name", "team", "handles / sign-offs / periods")
    for e in entries:
        table.add_row(e.name, e.team or "", _describe(e))
    app.console.print(table)


@contributors_app.command("rotate")
def contributors_rotate(
    ctx: typer.Context,
    name: str = typer.Argument(None, help="The Contributor to rotate in or out."),
    start: str = typer.Option(None, "--in", help="Rotate in from this date."),
    until: str = typer.Option(None, "--until", help="With --in: the period's end."),
    out: str = typer.Option(None, "--out", help="Rotate out at this date."),
    schedule: Path = typer.Option(
        None, "--schedule", help="CSV with columns name,starts_at,ends_at to load at once."
    ),
) -> None:
    """Schedule who is active when; replies on shared accounts are credited accordingly."""
    app = state(ctx)
    with app.store.begin() as conn:
        if schedule:
            rows = list(csv.DictReader(schedule.open(encoding="utf-8")))
            for row in rows:
                roster.rotate_in(
                    conn,
                    row["name"],
                    _when(row["starts_at"], "starts_at"),
                    _when(row.get("ends_at") or None, "ends_at"),
                )
            return app.console.print(f"scheduled {len(rows)} periods from {schedule}")
        if not name or not (start or out):
            raise ConfigError("give NAME and --in DATE [--until DATE] or --out DATE")
        if start:
            roster.rotate_in(conn, name, _when(start, "--in"), _when(until, "--until"))
        if out:
            roster.rotate_out(conn, name, _when(out, "--out"))
    app.console.print(f"rotation of {name} updated")


@contributors_app.command("import")
def contributors_import(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="CSV with name,team,venue,handle,starts,ends."),
    brand: str = typer.Option(None, "--brand", help="Brand whose convention applies."),
) -> None:
    """Load a roster file: Contributors, their handles and active periods."""
    app = state(ctx)
    with app.store.begin() as conn:
        rows = roster.import_roster(conn, path, brand or app.settings.brand)
    app.console.print(f"loaded {rows} roster rows from {path}")


@contributors_app.command("detect")
def contributors_detect(
    ctx: typer.Context,
    brand: str = typer.Option(None, "--brand", help="Only this brand's convention."),
    account: list[str] = typer.Option(
        None, "--account", help="VENUE:HANDLE of a shared brand account to mark, repeatable."
    ),
) -> None:
    """Find handles in the store that follow a convention: mark them staff, link them."""
    app = state(ctx)
    with app.store.begin() as conn:
        found = roster.detect_staff(conn, brand, _pairs(account, "--account"))
    app.console.print(
        f"{len(found.handles)} handles follow the convention; {found.posts_marked} posts marked "
        f"staff; {found.contributors_created} Contributors created"
    )
    for handle in found.handles[:20]:
        app.say(f"  {handle}")


@convention_app.command("set")
def convention_set(
    ctx: typer.Context,
    template: str = typer.Argument(..., help="e.g. '{First}At{Brand}' or '{name}_{Brand}'."),
    brand: str = typer.Option(None, "--brand", help="The brand (default GOODWORD_BRAND)."),
    venue: str = typer.Option(None, "--venue", help="Only on this venue (default: all)."),
) -> None:
    """Declare a brand's username convention (one per venue if they differ)."""
    app = state(ctx)
    with app.store.begin() as conn:
        convention = roster.set_convention(conn, brand or app.settings.brand, template, venue)
    app.console.print(
        f"{convention.brand}: {template} (e.g. {convention.expected('Ann Lee')!r} for Ann Lee)"
    )


@convention_app.command("show")
def convention_show(ctx: typer.Context) -> None:
    """Every declared convention."""
    app = state(ctx)
    with app.store.connect() as conn:
        found = roster.conventions(conn)
    for c in found:
        app.console.print(f"{c.brand}: {c.template}  regex {c.regex.pattern}")
    if not found:
        app.say("no convention yet: goodword contributors convention set TEMPLATE --brand B")


@convention_app.command("check")
def convention_check(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The handle to check."),
    name: str = typer.Option(None, "--name", help="The person the handle is for."),
    brand: str = typer.Option(None, "--brand", help="The brand whose convention applies."),
) -> None:
    """Check a handle against the convention; exit code 1 when it breaks it."""
    app = state(ctx)
    with app.store.connect() as conn:
        convention = roster.convention_for(conn, brand or app.settings.brand)
    if convention is None:
        raise ConfigError("no convention declared for that brand: use `convention set`")
    problem = convention.check(handle, name)
    if problem:
        raise ConfigError(problem)
    app.console.print(f"{handle} follows {convention.template}")


@program_app.command("start")
def program_start(
    ctx: typer.Context, date: str = typer.Argument(..., help="When the program started.")
) -> None:
    """Declare the program start: the default before/after split of the negative trend."""
    app = state(ctx)
    program.set_program_start(app.store, _when(date, "DATE"))
    app.console.print(f"program start set to {date}")


def outcomes(
    ctx: typer.Context,
    full: bool = typer.Option(False, "--full", help="Recompute every thread, not only changed."),
) -> None:
    """Recompute thread outcomes (response times, resolution, gratitude, reach …)."""
    app = state(ctx)
    with _progress(app, "thread outcomes") as progress:
        done = _outcomes.refresh_outcomes(app.store, full=full, progress=progress)
    kind = "all" if done.full else "changed"
    app.console.print(f"{done.threads} threads recomputed ({kind}); {done.staff_replies} replies")


def metrics(
    ctx: typer.Context,
    by: str = typer.Option("brand", "--by", help="brand, product, venue, scenario or contributor."),
    period: str = typer.Option(None, "--period", help="Also split by day, week, month, …"),
    split: str = typer.Option(
        None, "--split", help="Date for the negative trend (default: the program start)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the documented JSON."),
) -> None:
    """Program metrics per group: response, resolution, gratitude, self-healing, negativity."""
    app = state(ctx)
    result = program.program_metrics(app.store, by=by, period=period, split=_when(split, "--split"))
    if as_json:
        return _echo_json(result)
    if by == "contributor":
        return _print_rankings(app, result)
    _print_groups(app, result)


_SHOWN = (
    ("threads", "threads", "n"),
    ("response", "response_rate", "%"),
    ("1st resp", "first_response_median_s", "s"),
    ("resolved", "resolution_rate", "%"),
    ("grateful", "gratitude_rate", "%"),
    ("self-heal", "self_healing_ratio", "%"),
    ("negative", "negative_rate", "%"),
)


def _fmt(value: Any, kind: str) -> str:
    if value is None:
        return "not enriched" if kind == "%" else "–"
    if kind == "%":
        return f"{value:.1%}"
    if kind == "s":
        return f"{value / 60:.1f} min"
    return f"{value:,}"


def _print_groups(app: AppState, result: dict[str, Any]) -> None:
    keys = [result["by"]] + (["period"] if result["period"] else [])
    table = Table(*keys, *(label for label, _, _ in _SHOWN))
    for row in result["groups"]:
        cells = [str(row.get(k, row["key"])) for k in keys]
        table.add_row(*cells, *(_fmt(row[key], kind) for _, key, kind in _SHOWN))
    app.console.print(table)
    trend = result.get("trend")
    if trend and trend["relative_change"] is not None:
        lo, hi = trend["relative_change_ci95"]
        app.console.print(
            f"negative rate {trend['before']['negative_rate']:.1%} before {trend['split'][:10]}"
            f" → {trend['after']['negative_rate']:.1%} after: {trend['relative_change']:+.1%}"
            f" (95% CI {lo:+.1%} to {hi:+.1%})"
        )
    for note in result.get("notes", []):
        app.say(f"[yellow]note:[/] {note}")


def rankings(
    ctx: typer.Context,
    by: str = typer.Option("contributor", "--by", help="contributor or venue."),
    min_threads: int = typer.Option(20, "--min-threads", help="Minimum sample to be ranked."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The leaderboard: rate-based with a minimum sample, so volume alone cannot top it."""
    app = state(ctx)
    result = program.rankings(app.store, by=by, min_threads=min_threads)
    if as_json:
        return _echo_json(result)
    _print_rankings(app, result)


def _print_rankings(app: AppState, result: dict[str, Any]) -> None:
    table = Table(
        "#",
        "name",
        "threads",
        "replies",
        "solved",
        "thanked",
        "score",
        "1st resp",
        "lift",
        "solved/thanked",
        "rank score",
    )
    for r in result["groups"]:
        table.add_row(
            str(r["rank"] or "–"),
            r["name"],
            str(r["threads"]),
            str(r["replies"]),
            str(r["problems_solved"]),
            str(r["gratitude_received"]),
            _fmt(r["score_received"], "n"),
            _fmt(r["first_response_median_s"], "s"),
            "–" if r["sentiment_lift"] is None else f"{r['sentiment_lift']:+.2f}",
            _fmt(r["solved_or_thanked_rate"], "%"),
            _fmt(r["rank_score"], "n"),
        )
    app.console.print(table)
    app.console.print(f"[dim]{result['rule']}[/]")
    if result.get("uncredited_replies"):
        app.say(f"{result['uncredited_replies']} staff replies credited to nobody on the roster")


def inbox(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", "-n", help="How many threads to list."),
    now: str = typer.Option(None, "--now", help="The clock (default: the newest post)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    refresh: bool = typer.Option(
        True, "--refresh/--no-refresh", help="Recompute changed threads first."
    ),
) -> None:
    """Open threads that most need a public answer now, each with why it ranks there."""
    app = state(ctx)
    if refresh:
        _outcomes.refresh_outcomes(app.store)
    with app.store.connect() as conn:
        items = _inbox.inbox(conn, limit=limit, now=_when(now, "--now"))
    if as_json:
        return _echo_json([asdict(i) for i in items])
    for n, item in enumerate(items, start=1):
        flag = f" [green]opportunity: {item.opportunity}[/]" if item.opportunity else ""
        app.console.print(
            f"{n:>2}. [bold]{item.priority:6.2f}[/] thread {item.thread_id} "
            f"({item.venue}{' / ' + item.brand if item.brand else ''}){flag}"
        )
        app.console.print(f"    {item.excerpt}", markup=False)
        app.console.print(f"    [dim]why: {' · '.join(item.reasons)}[/]")
    if not items:
        app.console.print("no open thread is waiting for an answer")


def scenarios(
    ctx: typer.Context,
    n: int = typer.Option(8, "--n", help="How many scenarios to discover."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Discover scenarios from the conversations (TF-IDF + NMF) and list them."""
    from goodword.metrics.scenarios import discover_scenarios

    app = state(ctx)
    with _progress(app, "scenarios") as progress:
        found = discover_scenarios(app.store, n_scenarios=n, progress=progress)
    if as_json:
        return _echo_json([asdict(s) for s in found])
    table = Table("id", "scenario", "threads", "top terms", "example threads")
    for s in found:
        table.add_row(
            str(s.id), s.name, str(s.size), ", ".join(s.terms), ", ".join(map(str, s.examples))
        )
    app.console.print(table)


def pilots(
    ctx: typer.Context,
    min_threads: int = typer.Option(20, "--min-threads", help="Smallest cell to recommend."),
    top: int = typer.Option(3, "--top", help="How many pilots to recommend."),
    as_json: bool = typer.Option(False, "--json", help="Print the documented JSON."),
) -> None:
    """Rank product × scenario cells for a pilot; excludes cells where service is weak."""
    app = state(ctx)
    result = program.pilots(app.store, min_threads=min_threads, top=top)
    if as_json:
        return _echo_json(result)
    table = Table(
        "product",
        "scenario",
        "threads",
        "involvement",
        "self-heal",
        "answered",
        "resolved",
        "negative",
        "score",
        "status",
    )
    for c in result["cells"]:
        table.add_row(
            c["product"],
            c["scenario"],
            str(c["threads"]),
            _fmt(c["involvement"], "%"),
            _fmt(c["self_healing_ratio"], "%"),
            _fmt(c["answered_rate"], "%"),
            _fmt(c["resolution_rate"], "%"),
            _fmt(c["negative_rate"], "%"),
            f"{c['pilot_score']:.3f}",
            c["status"],
        )
    app.console.print(table)
    app.console.print(f"[dim]{result['rule']}[/]")


def report(
    ctx: typer.Context,
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="The HTML file to write."),
) -> None:
    """Write the program report: one self-contained HTML page that works offline."""
    from goodword.metrics.report import write_report

    app = state(ctx)
    path = write_report(app.store, out)
    app.console.print(f"wrote {path}")

"""The CLI reference, generated from the commands themselves (docs/cli.md)."""

from __future__ import annotations

import click
import typer


def walk(group: click.Command, prefix: str = "goodword") -> list[tuple[str, click.Command]]:
    """Every command path with its click command, depth first, sorted."""
    found = [(prefix, group)]
    if isinstance(group, click.Group):
        for name in sorted(group.commands):
            found += walk(group.commands[name], f"{prefix} {name}")
    return found


def render(app: typer.Typer) -> str:
    """Markdown for every command: its help and its options."""
    root = typer.main.get_command(app)
    lines = [
        "# Command reference",
        "",
        "Generated from the commands' own help (`python scripts/cli_docs.py`).",
        "",
    ]
    for path, cmd in walk(root):
        lines += [f"## `{path}`", "", (cmd.help or "").strip(), ""]
        lines += [_param(p) for p in cmd.params if p.name != "help"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _param(p: click.Parameter) -> str:
    if isinstance(p, click.Option):
        names = ", ".join(f"`{o}`" for o in p.opts)
        return f"- {names}: {p.help or ''}".rstrip()
    return f"- `{(p.name or '').upper()}` (argument)"

"""The CLI reference, generated from the commands themselves (docs/cli.md)."""

from __future__ import annotations

from typing import Any

import typer


def walk(group: Any, prefix: str = "goodword") -> list[tuple[str, Any]]:
    """Every command path with its command object, depth first, sorted."""
    found = [(prefix, group)]
    for name in sorted(getattr(group, "commands", {}) or {}):
        found += walk(group.commands[name], f"{prefix} {name}")
    return found


def commands(app: typer.Typer) -> list[tuple[str, Any]]:
    return walk(typer.main.get_command(app))


def is_option(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "option"


def render(app: typer.Typer) -> str:
    """Markdown for every command: its help and its options."""
    lines = [
        "# Command reference",
        "",
        "Generated from the commands' own help (`python scripts/cli_docs.py`).",
        "",
    ]
    for path, cmd in commands(app):
        lines += [f"## `{path}`", "", (cmd.help or "").strip(), ""]
        lines += [_param(p) for p in cmd.params if p.name != "help"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _param(p: Any) -> str:
    if is_option(p):
        names = ", ".join(f"`{o}`" for o in p.opts)
        return f"- {names}: {p.help or ''}".rstrip()
    return f"- `{(p.name or '').upper()}` (argument)"

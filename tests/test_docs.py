"""Docs are tested: every command has help and is in docs/cli.md; every setting is in the README."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from goodword.cli import app
from goodword.cli.docs import commands, is_option, render
from goodword.settings import describe

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = commands(app)


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_and_option_has_help(path: str, cmd: Any) -> None:
    assert (cmd.help or "").strip(), f"{path} has no help text"
    for param in cmd.params:
        if is_option(param) and param.name != "help":
            assert (param.help or "").strip(), f"{path} {param.opts} has no help text"


def test_cli_reference_is_current() -> None:
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == render(app), "docs/cli.md is stale: run python scripts/cli_docs.py"


@pytest.mark.parametrize(("env", "default", "help_text"), describe())
def test_every_setting_is_in_the_readme(env: str, default: str, help_text: str) -> None:
    assert env in (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in readme and "python -m pytest" in ci

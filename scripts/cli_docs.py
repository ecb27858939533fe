"""Regenerate docs/cli.md from the goodword commands."""

from pathlib import Path

from goodword.cli import app
from goodword.cli.docs import render

out = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
out.write_text(render(app), encoding="utf-8")
print(f"wrote {out}")

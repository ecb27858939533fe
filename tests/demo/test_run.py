"""``goodword demo``: the generated files loaded through the ordinary importers."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from goodword.cli import app
from goodword.demo.run import run_demo
from goodword.errors import ConfigError
from goodword.store import Store
from goodword.store.schema import contributors, posts, tracking_codes, venues


def test_run_demo_loads_every_file(store: Store, tmp_path: Path) -> None:
    summary = run_demo(store, tmp_path / "files", seed=5, scale=0.3)
    truth = summary.truth
    assert summary.skipped == ()
    assert summary.posts == sum(truth.posts.values())
    assert summary.threads == sum(truth.threads.values())
    assert summary.products == 8 and summary.product_links > summary.posts / 2
    assert summary.contributors == 6 and summary.daily_rows == 8 * 180
    assert summary.codes == truth.codes_issued
    assert summary.redeemed == truth.codes_redeemed
    with store.connect() as conn:
        roles = dict(conn.execute(select(posts.c.role, func.count()).group_by(posts.c.role)).all())
        keys = set(conn.execute(select(venues.c.key)).scalars())
        people = conn.execute(select(func.count()).select_from(contributors)).scalar_one()
        tied = conn.execute(select(func.count(tracking_codes.c.thread_id))).scalar_one()
    staff_replies = sum(c.replies for c in truth.contributors)
    assert roles["staff"] == staff_replies and roles["brand"] > 0
    assert {v.key for v in truth.venues} <= keys
    assert people == 6 and tied == truth.codes_issued


def test_cli_builds_a_fresh_database_and_says_what_next(tmp_path: Path) -> None:
    db, out = tmp_path / "demo.db", tmp_path / "files"
    args = ["--db", str(db), "demo", "--seed", "3", "--scale", "0.3", "--out", str(out)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "created" in first.output and "planted truths" in first.output
    for command in ("goodword enrich", "goodword inbox", "goodword report", "goodword roi"):
        assert command in first.output
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and "replaced" in again.output
    with Store.open(f"sqlite:///{db}").connect() as conn:
        stored = conn.execute(select(func.count()).select_from(posts)).scalar_one()
    assert stored == sum(first_truth_posts(out).values())


def first_truth_posts(out: Path) -> dict[str, int]:
    import json

    return json.loads((out / "truth.json").read_text())["posts"]


def test_cli_refuses_to_replace_a_file_that_is_not_goodword(tmp_path: Path) -> None:
    precious = tmp_path / "notes.db"
    precious.write_text("not a database")
    result = CliRunner().invoke(app, ["--db", str(precious), "demo", "--scale", "0.1"])
    assert isinstance(result.exception, ConfigError)
    assert precious.read_text() == "not a database"


def test_cli_demo_has_help() -> None:
    result = CliRunner().invoke(app, ["demo", "--help"])
    assert result.exit_code == 0
    for option in ("--seed", "--out", "--scale"):
        assert option in result.output


@pytest.mark.parametrize("url", ["postgresql+psycopg://x@y/z", "sqlite:///:memory:"])
def test_demo_needs_a_sqlite_file(url: str) -> None:
    from goodword.demo.load import sqlite_path

    with pytest.raises(ConfigError, match="--db"):
        sqlite_path(url)

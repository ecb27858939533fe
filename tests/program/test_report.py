"""The report opens in a real headless Chromium: charts and tables, offline, no errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from program_helpers import negative, positive

from goodword.metrics.report import build_report, write_report
from goodword.store import Store

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]  # fmt: skip


def _threads(b) -> None:
    b.venue()
    for day in range(60):
        mood = negative() if day % 3 == 0 else positive(gratitude="yes")
        b.thread(
            [
                (f"c{day}", "customer", day * 1440, f"my grinder broke {day}", {"signals": mood}),
                ("AcmeHelp", "brand", day * 1440 + 40, "sorry, fixed ^JK"),
            ]
        )


@pytest.fixture
def store(sqlite_url: str):
    """The report reads through the same gateway on both databases; SQLite is enough here."""
    s = Store.open(sqlite_url)
    yield s
    s.close()


@pytest.fixture
def report_file(store, build, tmp_path: Path) -> Path:
    build(_threads)
    return write_report(store, tmp_path / "report.html")


def test_report_is_one_self_contained_file(report_file: Path) -> None:
    html = report_file.read_text(encoding="utf-8")
    assert "<script src=" not in html and "cdn." not in html.split("</head>")[1]
    for section in ("over-time", "leaderboard", "inbox", "pilots"):
        assert f'id="{section}"' in html


def test_report_accepts_extra_sections(store, build) -> None:
    build(_threads)
    html = build_report(store, extra_sections=["<h2 id='roi'>Return on investment</h2>"])
    assert "<h2 id='roi'>Return on investment</h2>" in html


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="chromium is not installed")
def test_report_renders_in_chromium_offline(report_file: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    errors, requests = [], []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report_file.as_uri())
        page.wait_for_selector(".plotly-graph-div svg", timeout=15000)
        charts = page.locator(".plotly-graph-div").count()
        svgs = page.locator(".plotly-graph-div svg.main-svg").count()
        rows = page.locator("#inbox tbody tr").count()
        browser.close()
    assert errors == []
    assert [u for u in requests if not u.startswith("file://")] == []
    assert charts == 4 and svgs >= 4 and rows >= 1

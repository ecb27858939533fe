"""On the demo, the program recovers the truths the generator planted."""

from __future__ import annotations

import importlib.util

import pytest

from goodword.demo.run import run_demo
from goodword.metrics.program import pilots, program_metrics, rankings
from goodword.store import Store


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("demo")
    store = Store.open(f"sqlite:///{folder / 'demo.db'}")
    summary = run_demo(store, folder / "files", seed=7)
    yield store, summary.truth
    store.close()


def test_self_healing_ratio_of_the_forum(demo) -> None:
    store, truth = demo
    venues = {g["key"]: g for g in program_metrics(store, by="venue")["groups"]}
    forum = venues["brewbird-forum"]
    assert forum["self_healing_ratio"] == pytest.approx(truth.self_healing_ratio, abs=0.001)


def test_every_contributor_reply_is_credited(demo) -> None:
    store, truth = demo
    board = {r["name"]: r for r in rankings(store, min_threads=truth.min_replies)["groups"]}
    for planted in truth.contributors:
        assert board[planted.name]["replies"] == planted.replies, planted.name
        assert board[planted.name]["threads"] == planted.threads, planted.name


def test_pilots_recommend_the_planted_peer_cells_not_the_bad_one(demo) -> None:
    store, truth = demo
    result = pilots(store)
    assert all(s["terms"] and s["examples"] for s in result["scenarios"])
    recommended = result["recommended"]
    top = recommended[0]
    peer_skus = {sku for sku, _ in truth.peer_cells}
    assert top["product"] == truth.peer_cells[0][0] and "grind" in top["scenario"]
    assert peer_skus <= {c["product"] for c in recommended}
    assert truth.bad_cell[0] not in {c["product"] for c in recommended}


_ENRICH = importlib.util.find_spec("goodword.signals.enrich") is not None


@pytest.fixture(scope="module")
def enriched(demo):
    """The demo after the enrich step (run after the tests that read the bare demo)."""
    if not _ENRICH:
        pytest.skip("the enrich step (goodword.signals.enrich) is not built")
    from goodword.signals.enrich import enrich
    from goodword.signals.registry import default_analyzers

    store, truth = demo
    enrich(store, default_analyzers())
    return store, truth


def test_best_contributor_after_enrichment(enriched) -> None:
    store, truth = enriched
    board = rankings(store, min_threads=truth.min_replies)["groups"]
    assert board[0]["name"] == truth.best_contributor


def test_negative_trend_recovers_the_planted_drop(enriched) -> None:
    store, truth = enriched
    trend = program_metrics(store, by="brand")["trend"]
    planted = -truth.negative_drop  # 27.6% fewer negative comments from the program start
    low, high = trend["relative_change_ci95"]
    assert low <= planted <= high < 0
    assert trend["relative_change"] == pytest.approx(planted, abs=0.1)

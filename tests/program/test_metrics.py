"""Program metrics, the leaderboard rule, the triage inbox and pilot selection."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from program_helpers import T0, negative, positive

from goodword.metrics.inbox import inbox
from goodword.metrics.pilots import pilot_cells
from goodword.metrics.program import program_metrics
from goodword.metrics.rankings import leaderboard

DOCUMENTED = {
    "key", "threads", "customer_threads", "posts", "response_rate", "answered_rate",
    "first_response_median_s", "first_peer_response_median_s", "resolution_rate",
    "problems_solved", "accepted_rate", "gratitude_rate", "gratitude", "peer_solved_share",
    "self_healing_ratio", "peer_solved_rate", "peer_answer_share", "negative_rate",
    "uninvited_mentions", "referrals", "sentiment_lift", "enriched_posts",
}  # fmt: skip


def _before_after(b) -> None:
    b.venue()
    for day in range(20):
        mood = negative() if (day < 10 and day % 2 == 0) or day == 15 else positive()
        b.thread(
            [
                (f"c{day}", "customer", day * 1440, "hello", {"signals": mood}),
                ("AcmeHelp", "brand", day * 1440 + 30, "hi"),
            ]
        )


def test_metrics_json_has_every_documented_field_and_a_trend(store, build) -> None:
    build(_before_after)
    split = datetime(2024, 1, 11)
    result = program_metrics(store, by="brand", split=split)
    (acme,) = result["groups"]
    assert DOCUMENTED <= set(acme)
    assert acme["threads"] == 20 and acme["response_rate"] == 1.0
    assert acme["first_response_median_s"] == 1800
    trend = result["trend"]
    assert trend["before"]["negative_rate"] == 0.5 and trend["after"]["negative_rate"] == 0.1
    assert trend["relative_change"] == -0.8
    low, high = trend["relative_change_ci95"]
    assert low < -0.8 < high <= 0.0 + 0.5


def test_metrics_by_period_split_groups(store, build) -> None:
    build(_before_after)
    result = program_metrics(store, by="brand", period="week")
    assert len(result["groups"]) >= 3 and all("period" in g for g in result["groups"])


def test_leaderboard_cannot_be_topped_by_volume_or_a_tiny_sample() -> None:
    rows = [("Busy", i, i % 10 < 3) for i in range(100)]  # 30% good on 100 threads
    rows += [("Good", 1000 + i, i % 10 < 7) for i in range(40)]  # 70% good on 40
    rows += [("Lucky", 2000 + i, True) for i in range(3)]  # 100% on 3
    frame = pd.DataFrame(
        [{"contributor": n, "thread_id": t, "resolved": ok, "resolved_by": "staff",
          "gratitude": False, "sentiment_start": None, "sentiment_end": None, "score": None,
          "accepted": False, "first_in_thread": True, "response_s": 60.0}
         for n, t, ok in rows]
    )  # fmt: skip
    board = leaderboard(frame, "contributor", min_threads=20)
    assert [r["name"] for r in board] == ["Good", "Busy", "Lucky"]
    assert board[2]["rank"] is None and not board[2]["ranked"]


def _inbox_threads(b) -> dict[str, int]:
    b.venue()
    quiet = b.thread([("q", "customer", 0, "how do I reset it?", {"kind": "question"})])
    loud = b.thread(
        [("vip", "customer", 0, "this is a disgrace", {"followers": 90000, "signals": {
            **negative(-0.9), "shareability": (0.9, "interesting_bad")}})]
    )  # fmt: skip
    party = b.thread(
        [("bday", "customer", 0, "it's my birthday and my new kettle is here!", {"signals": {
            **positive(0.9), "delight": (0.9, "birthday")}})]
    )  # fmt: skip
    done = b.thread([("x", "customer", 0, "help"), ("AcmeHelp", "brand", 5, "done")])
    return {"quiet": quiet, "loud": loud, "party": party, "done": done}


def test_inbox_ranks_reach_negativity_and_says_why(store, build) -> None:
    ids = build(_inbox_threads)
    program_metrics(store)  # brings outcomes up to date
    with store.connect() as conn:
        items = inbox(conn, now=T0.replace(hour=15))
    order = [i.thread_id for i in items]
    assert order[0] == ids["loud"] and ids["done"] not in order
    loud = items[0]
    assert any("90,000 followers" in r for r in loud.reasons)
    assert any("waiting 6.0 h" in r for r in loud.reasons)
    party = next(i for i in items if i.thread_id == ids["party"])
    assert party.opportunity == "birthday"
    quiet = next(i for i in items if i.thread_id == ids["quiet"])
    assert "unanswered question: first among equals" in quiet.reasons


def _cell_frame() -> pd.DataFrame:
    rows = []
    for product, scenario, peer, resolved, wait in (
        ("P1", "grind", 0.8, 0.8, 600.0),
        ("P2", "refund", 0.1, 0.5, 600.0),
        ("P3", "warranty", 0.9, 0.9, 60000.0),  # peers help but service is slow
        ("P4", "recipe", 0.7, 0.7, 900.0),
    ):
        for i in range(30):
            by_peer = i < peer * 30
            rows.append({"product": product, "scenario": scenario, "customer_started": True,
                         "question": True, "peer_answers": int(by_peer), "staff_answers": 1,
                         "self_answers": 0, "posts": 3, "first_staff_response_s": wait,
                         "first_peer_response_s": 100.0 if by_peer else None,
                         "first_response_s": 100.0, "resolved": i < resolved * 30,
                         "resolved_by": "peer" if by_peer else "staff", "accepted_by": None,
                         "gratitude": None, "enriched_posts": 0, "negative_posts": 0,
                         "uninvited_posts": 0, "referral_posts": 0, "sentiment_start": None,
                         "sentiment_end": None})  # fmt: skip
    return pd.DataFrame(rows)


def test_pilots_recommend_peer_cells_and_exclude_bad_service() -> None:
    cells = {(c["product"], c["scenario"]): c for c in pilot_cells(_cell_frame(), top=2)}
    assert cells[("P1", "grind")]["status"] == "recommended"
    assert cells[("P4", "recipe")]["status"] == "recommended"
    assert cells[("P3", "warranty")]["status"].startswith("excluded: median first response")
    assert cells[("P2", "refund")]["status"] == "candidate"

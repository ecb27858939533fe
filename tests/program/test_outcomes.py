"""Thread outcomes: what happened in each thread, from the posts and their signals."""

from __future__ import annotations

from dataclasses import fields

from program_helpers import negative, positive
from sqlalchemy import select

from goodword.metrics.outcome_store import refresh_outcomes
from goodword.metrics.outcomes import signature_of
from goodword.store.schema import staff_replies, thread_outcomes


def _outcomes(store) -> dict[int, dict]:
    with store.connect() as conn:
        rows = conn.execute(select(thread_outcomes)).mappings().all()
    return {r["thread_id"]: dict(r) for r in rows}


def _served_thread(b) -> int:
    b.venue()
    return b.thread(
        [
            ("ann", "customer", 0, "my order is late", {"signals": negative(), "followers": 100}),
            ("bob", "customer", 5, "same here, try the app", {"followers": 50}),
            ("AcmeHelp", "brand", 30, "Sorry! DM us ^JK"),
            (
                "ann",
                "customer",
                40,
                "fixed, thank you!",
                {"signals": positive(gratitude="yes", solved="yes")},
            ),
        ]
    )


def test_first_responses_participants_and_reach(store, build) -> None:
    tid = build(_served_thread)
    refresh_outcomes(store)
    o = _outcomes(store)[tid]
    assert o["first_staff_response_s"] == 30 * 60
    assert o["first_peer_response_s"] == 5 * 60
    assert o["first_response_s"] == 5 * 60
    assert (o["participants"], o["staff_answers"], o["peer_answers"]) == (3, 1, 1)
    assert o["reach"] == 150


def test_resolution_gratitude_and_sentiment_come_from_signals(store, build) -> None:
    tid = build(_served_thread)
    refresh_outcomes(store)
    o = _outcomes(store)[tid]
    assert o["resolved"] is True and o["resolved_by"] == "staff"
    assert o["gratitude"] is True
    assert (o["sentiment_start"], o["sentiment_end"]) == (-0.8, 0.8)
    assert o["open"] is False


def test_unenriched_thread_says_unknown_instead_of_guessing(store, build) -> None:
    tid = build(lambda b: (b.venue(), b.thread([("cy", "customer", 0, "help?")]))[1])
    refresh_outcomes(store)
    o = _outcomes(store)[tid]
    assert o["resolved"] is None and o["gratitude"] is None and o["sentiment_start"] is None
    assert o["open"] is True and o["unanswered"] is True


def _negative_readings(b) -> int:
    b.venue("mentions")
    return b.thread(
        [
            ("ann", "customer", 0, "how do I fix the app?", {"signals": negative(question="yes")}),
            ("bo", "customer", 60, "took me a while", {"signals": negative(complaint="no")}),
            ("ann", "customer", 90, "still broken, useless", {"signals": negative()}),
        ]
    )


def test_negative_comment_is_a_negative_complaint_not_a_question(store, build) -> None:
    tid = build(_negative_readings)
    refresh_outcomes(store)
    o = _outcomes(store)[tid]
    assert (o["enriched_posts"], o["negative_posts"]) == (3, 1)


def test_accepted_answer_resolves_without_signals(store, build) -> None:
    def qa(b):
        b.venue("coffee", "forum")
        return b.thread(
            [
                ("q", "customer", 0, "how?", {"kind": "question"}),
                ("p1", "customer", 60, "like this", {"kind": "answer", "accepted": True}),
                ("q", "customer", 90, "my own idea", {"kind": "answer"}),
            ]
        )

    tid = build(qa)
    refresh_outcomes(store)
    o = _outcomes(store)[tid]
    assert o["question"] is True and o["resolved"] is True and o["resolved_by"] == "peer"
    assert (o["peer_answers"], o["self_answers"], o["staff_answers"]) == (1, 1, 0)


def test_thread_signal_overrides_and_new_posts_refresh(store, build) -> None:
    tid = build(
        lambda b: (
            b.venue(),
            b.thread(
                [("ann", "customer", 0, "broken"), ("AcmeHelp", "brand", 10, "on it -KC")],
                resolved=(0.0, "none"),
                gratitude=(0.0, None),
            ),
        )[1]
    )
    first = refresh_outcomes(store)
    assert _outcomes(store)[tid]["resolved"] is False
    assert refresh_outcomes(store).threads == 0  # nothing changed
    build(lambda b: _follow_up(b, tid))
    again = refresh_outcomes(store)
    assert first.threads == 1 and again.threads == 1
    assert _outcomes(store)[tid]["posts"] == 3 and _outcomes(store)[tid]["open"] is True


def _follow_up(b, tid: int) -> None:
    from program_helpers import T0
    from sqlalchemy import update

    from goodword.store.schema import threads

    b.venue_id = 1
    b.post(tid, "ann", "customer", 20, "still broken")
    b.conn.execute(
        update(threads)
        .where(threads.c.id == tid)
        .values(post_count=3, last_post_at=T0.replace(minute=20))
    )


def test_staff_replies_keep_signatures_and_response_times(store, build) -> None:
    build(_served_thread)
    refresh_outcomes(store)
    with store.connect() as conn:
        reply = conn.execute(select(staff_replies)).mappings().one()
    assert reply["signature"] == "JK" and reply["response_s"] == 25 * 60
    assert reply["first_in_thread"] is True


def test_signature_forms() -> None:
    assert signature_of("Sorry about that. ^JK https://t.co/x") == "JK"
    assert signature_of("We can help -KC") == "KC"
    assert signature_of("Let us know ~Rose") == "Rose"
    assert signature_of("no signature here") is None


def test_vectorised_outcomes_equal_the_reference(store, build) -> None:
    """The batch implementation and the per-thread reference agree field by field."""
    from goodword.metrics.outcome_store import (
        read_posts,
        read_posts_frame,
        read_thread_signals,
        read_thread_signals_frame,
    )
    from goodword.metrics.outcomes import thread_outcomes
    from goodword.metrics.outcomes_frame import outcomes_frame

    build(_served_thread)
    build(lambda b: [_qa_threads(b)])
    build(_negative_readings)
    with store.connect() as conn:
        reference, ref_replies = thread_outcomes(
            read_posts(conn, 0, 99), read_thread_signals(conn, 0, 99)
        )
        frame, replies = outcomes_frame(
            read_posts_frame(conn, 0, 99), read_thread_signals_frame(conn, 0, 99)
        )
    rows = {r["thread_id"]: r for r in frame.to_dict("records")}
    for outcome in reference:
        row = rows[outcome.thread_id]
        for field in fields(outcome):
            expected, got = getattr(outcome, field.name), row.get(field.name)
            if expected is None:
                assert got is None or got != got, (outcome.thread_id, field.name, got)
            else:
                assert got == expected, (outcome.thread_id, field.name, got, expected)
    assert len(replies) == len(ref_replies)
    assert list(replies["signature"]) == [r.signature for r in ref_replies]


def _qa_threads(b) -> None:
    b.venue("forum", "forum")
    b.thread(
        [
            ("q", "customer", 0, "how?", {"kind": "question"}),
            ("p1", "customer", 60, "like this", {"kind": "answer", "accepted": True}),
            ("staffer", "staff", 70, "also this -KC", {"kind": "answer"}),
            (
                "q",
                "customer",
                90,
                "solved, thanks",
                {"kind": "comment", "signals": positive(solved="yes")},
            ),
        ]
    )
    b.thread(
        [
            ("lonely", "customer", 0, "anyone?", {"signals": negative()}),
            ("lonely", "customer", 30, "hello?"),
        ],
        resolved=(0.0, "none"),
    )


def test_outcomes_computed_by_worker_processes_equal_one_process(store, build) -> None:
    """Chunks computed in parallel processes give the same outcomes and replies."""
    build(_served_thread)
    build(lambda b: [_qa_threads(b)])

    def stored() -> tuple[dict, list]:
        outcomes = {t: {k: v for k, v in o.items() if k != "computed_at"}
                    for t, o in _outcomes(store).items()}  # fmt: skip
        with store.connect() as conn:
            replies = conn.execute(select(staff_replies).order_by(staff_replies.c.post_id))
            return outcomes, [tuple(r) for r in replies]

    refresh_outcomes(store, full=True, chunk_size=1, workers=1)
    alone = stored()
    report = refresh_outcomes(store, full=True, chunk_size=1, workers=2)
    assert report.threads == len(alone[0]) == 3
    assert stored() == alone

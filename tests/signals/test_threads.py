"""Thread roll-ups: who solved it, gratitude, sentiment at start and end."""

from __future__ import annotations

from datetime import datetime

from goodword.signals.threads import ThreadPost, rollup

T = datetime(2024, 1, 1)


def post(
    i: int, author: int, role: str, *, solved=False, thanks=False, polarity=0.0, accepted=False
) -> ThreadPost:  # noqa: ANN001
    return ThreadPost(i, author, role, T, accepted, solved, thanks, polarity)


def test_a_customer_confirming_a_staff_fix_is_resolved_by_staff() -> None:
    out = rollup(
        [
            post(1, 1, "customer", polarity=-0.8),
            post(2, 2, "staff"),
            post(3, 1, "customer", solved=True, thanks=True, polarity=0.9),
        ]
    )
    assert out["resolved"] == (1.0, "staff")
    assert out["gratitude"] == (1.0, None)
    assert out["sentiment_start"][0] < 0 < out["sentiment_end"][0]


def test_an_accepted_peer_answer_is_resolved_by_a_peer() -> None:
    out = rollup([post(1, 1, "customer"), post(2, 3, "customer", accepted=True)])
    assert out["resolved"] == (1.0, "peer")


def test_no_confirmation_is_unresolved_and_self_fix_is_self() -> None:
    assert rollup([post(1, 1, "customer"), post(2, 2, "staff")])["resolved"] == (0.0, "none")
    assert rollup([post(1, 1, "customer"), post(2, 1, "customer", solved=True)])["resolved"] == (
        1.0,
        "self",
    )

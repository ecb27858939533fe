"""Contributors: convention at onboarding, detection, rotation and credit of replies."""

from __future__ import annotations

import pytest
from program_helpers import positive

from goodword.errors import ConfigError
from goodword.metrics import roster
from goodword.metrics.convention import Convention
from goodword.metrics.program import rankings


def test_convention_explains_a_broken_handle() -> None:
    convention = Convention("{First}At{Brand}", "Acme")
    assert convention.matches("AnnAtAcme") and convention.matches("@annatacme")
    assert convention.expected("Ann Lee") == "AnnAtAcme"
    problem = convention.check("ann_lee", "Ann Lee")
    assert "breaks the username convention" in problem and "'AnnAtAcme'" in problem
    assert "not 'Bob Ray'" in convention.check("AnnAtAcme", "Bob Ray")


def test_onboarding_refuses_a_handle_that_breaks_the_convention(store) -> None:
    with store.begin() as conn:
        roster.set_convention(conn, "Acme", "{First}At{Brand}")
        with pytest.raises(ConfigError, match="use a handle like 'AnnAtAcme'"):
            roster.add_contributor(conn, "Ann Lee", handles=[("twitter", "ann")], brand="Acme")
        entry = roster.add_contributor(
            conn, "Ann Lee", handles=[("twitter", "AnnAtAcme")], brand="Acme"
        )
    assert entry.handles == (("twitter", "AnnAtAcme"),)


def _shared_account_threads(b) -> None:
    b.venue("twitter")
    for i in range(3):
        b.thread(
            [
                (f"cust{i}", "customer", i * 100, "broken"),
                ("AcmeHelp", "brand", i * 100 + 10, "Fixed it for you ^JK"),
                (
                    f"cust{i}",
                    "customer",
                    i * 100 + 20,
                    "thanks!",
                    {"signals": positive(gratitude="yes", solved="yes")},
                ),
            ]
        )
    b.thread([("late", "customer", 5000, "hello?"), ("AcmeHelp", "brand", 5010, "On it")])
    b.thread([("AnnAtAcme", "customer", 6000, "we are here")])


def test_detect_marks_conforming_handles_as_staff(store, build) -> None:
    build(_shared_account_threads)
    with store.begin() as conn:
        roster.set_convention(conn, "Acme", "{First}At{Brand}")
        found = roster.detect_staff(conn)
        entries = roster.roster(conn)
    assert found.handles == ("AnnAtAcme",) and found.posts_marked == 1
    assert [e.name for e in entries] == ["Ann"]


def test_replies_are_credited_by_signature_and_by_rotation(store, build) -> None:
    build(_shared_account_threads)
    from program_helpers import T0

    with store.begin() as conn:
        roster.add_contributor(conn, "Jay Kay", signatures=[("AcmeHelp", "JK")])
        roster.add_contributor(conn, "Rita Roe", signatures=[("AcmeHelp", "RR")])
        roster.rotate_in(conn, "Rita Roe", T0.replace(hour=12))
    board = {r["name"]: r for r in rankings(store, min_threads=3)["groups"]}
    assert board["Jay Kay"]["replies"] == 3 and board["Jay Kay"]["gratitude_received"] == 3
    assert board["Jay Kay"]["rank"] == 1
    assert board["Rita Roe"]["replies"] == 1  # the unsigned reply while she was on duty

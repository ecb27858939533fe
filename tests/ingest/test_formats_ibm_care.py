"""The ibm-care format: IBM customer-care dialogs become Twitter threads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from goodword import sources
from goodword.ingest import ingest_path
from goodword.sources.ibm_care import snowflake_time
from goodword.store import Store
from goodword.store import schema as s


@pytest.fixture
def lite(sqlite_url: str) -> Iterator[Store]:
    """A SQLite store, for behaviour that does not depend on the database."""
    store = Store.open(sqlite_url)
    yield store
    store.close()


def at(tid: str) -> str:
    """The time a snowflake tweet id holds, as the dialogs write it."""
    return snowflake_time(tid).isoformat() + ".000Z"  # type: ignore[union-attr]


def dialog(session: str, turns: list[tuple[str, str, str]], closing: str) -> dict:
    """A dialog of (role key, handle, tweet id) turns closed by the brand's tweet ``closing``."""
    content = [
        {key: who, "datetime": at(tid), "message": f"message {tid}", "tweet_ID": tid}
        for key, who, tid in turns
    ]
    return {
        "dialogHeader": {"company": "AcmeHelp", "sessionID": session},
        "dialogContent": content,
        "agentURL": {"tweet_ID": closing, "url_utterance": f"message {closing}"},
    }


def write(path: Path, dialogs: list[dict]) -> Path:
    path.write_text(json.dumps(dialogs))
    return path


# snowflake tweet ids, ten seconds apart, from March 2020
T1, T2, T3, T4 = (str(1234567890123456789 + (i * 10_000 << 22)) for i in range(4))


def threads(store: Store) -> list[tuple[int, bool, str | None]]:
    with store.connect() as conn:
        q = select(s.threads.c.post_count, s.threads.c.orphan, s.threads.c.brand)
        return sorted(tuple(r) for r in conn.execute(q))


def test_the_real_file_is_recognised_and_its_turns_counted(store: Store, shared_data: Path):
    path = shared_data / "ibm-twitter-customer-care" / "dev.json"
    assert sources.detect(path).name == "ibm-care"
    dialogs = json.loads(path.read_text())
    tweets = {}
    for d in dialogs:
        ids = [t["tweet_ID"] for t in d["dialogContent"]] + [d["agentURL"]["tweet_ID"]]
        tweets.update({tid: ids[0] for tid in ids})
    records = sum(len(d["dialogContent"]) + 1 for d in dialogs)
    staff = {t["tweet_ID"] for d in dialogs for t in d["dialogContent"] if "agent" in t}
    staff |= {d["agentURL"]["tweet_ID"] for d in dialogs}

    report = ingest_path(store, path)

    assert (report.stored, report.quarantined) == (len(tweets), 0)
    assert report.stored + report.unchanged == records
    assert report.threads == len(set(tweets.values()))
    with store.connect() as conn:
        roles = dict(
            conn.execute(select(s.posts.c.role, func.count()).group_by(s.posts.c.role)).all()
        )
        venue = conn.execute(select(s.venues.c.key, s.venues.c.kind)).one()
    assert roles == {"staff": len(staff), "customer": len(tweets) - len(staff)}
    assert tuple(venue) == ("twitter", "social")
    again = ingest_path(store, path)
    assert (again.stored, again.updated, again.quarantined) == (0, 0, 0)


def test_a_closing_reply_takes_its_time_from_its_tweet_id(lite: Store, tmp_path: Path):
    path = write(tmp_path / "d.json", [dialog("s1", [("client", "ann", T1)], T2)])
    ingest_path(lite, path)
    with lite.connect() as conn:
        q = select(s.posts.c.external_id, s.posts.c.created_at, s.posts.c.role, s.posts.c.brand)
        rows = {r.external_id: r for r in conn.execute(q)}
    assert rows[T2].created_at == snowflake_time(T2)
    assert rows[T2].created_at > rows[T1].created_at
    assert (rows[T2].role, rows[T2].brand) == ("staff", "AcmeHelp")
    assert (rows[T1].role, rows[T1].brand) == ("customer", None)
    assert threads(lite) == [(2, False, "AcmeHelp")]


def test_unusable_turns_are_quarantined_and_the_next_turn_becomes_an_orphan_root(
    lite: Store, tmp_path: Path
):
    broken = dialog("s1", [("client", "ann", T1), ("client", "ann", T2)], T3)
    broken["dialogContent"][0]["datetime"] = "yesterday"
    empty = dialog("s2", [("client1", "bob", T4)], "not-a-tweet-id")
    empty["dialogContent"][0]["message"] = "  "
    path = write(tmp_path / "d.json", [broken, empty])

    report = ingest_path(lite, path)

    assert (report.stored, report.quarantined) == (2, 3)
    with lite.connect() as conn:
        bad = conn.execute(select(s.quarantine).order_by(s.quarantine.c.record_no)).all()
    assert [b.record_no for b in bad] == [1, 4, 5]
    assert "dialog s1 turn 1: datetime 'yesterday'" in bad[0].reason
    assert "message is empty" in bad[1].reason
    assert "tweet_ID 'not-a-tweet-id' holds no time" in bad[2].reason
    assert f"message {T1}" in bad[0].raw
    assert threads(lite) == [(2, True, "AcmeHelp")]


def test_an_overlapping_second_file_merges_into_the_same_thread(store: Store, tmp_path: Path):
    first = write(tmp_path / "a.json", [dialog("s1", [("client", "ann", T1)], T2)])
    turns = [("client", "ann", T1), ("agent", "AcmeHelp", T2), ("client", "ann", T3)]
    second = write(tmp_path / "b.json", [dialog("s9", turns, T4)])

    ingest_path(store, first)
    report = ingest_path(store, second)

    assert (report.stored, report.updated, report.unchanged) == (2, 0, 2)
    assert threads(store) == [(4, False, "AcmeHelp")]


def test_a_dialog_that_loops_back_on_itself_still_finishes(store: Store, tmp_path: Path):
    looping = dialog(
        "s1", [("client", "ann", T1), ("agent", "AcmeHelp", T2), ("client", "ann", T1)], T3
    )
    report = ingest_path(store, write(tmp_path / "d.json", [looping]))
    assert (report.stored, report.threads) == (3, 1)
    assert threads(store) == [(3, True, "AcmeHelp")]


@pytest.mark.parametrize("head", ['{"tweet_id": 1}', "rating\tdate\n", '[{"a": 1}]'])
def test_other_json_and_text_is_not_taken_for_dialogs(tmp_path: Path, head: str):
    path = tmp_path / "x.json"
    path.write_text(head)
    assert not sources.get("ibm-care").sniff(path, head)

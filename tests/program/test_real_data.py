"""On real TWCS and Stack Exchange files, the metrics agree with an independent computation."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from goodword.ingest import ingest_path
from goodword.metrics.program import program_metrics
from goodword.store import Store


def _twcs_first_responses(path: Path) -> pd.Series:
    """Per-brand median seconds from a customer's opening tweet to the first brand reply."""
    raw = path.open(encoding="utf-8", newline="").read()
    text = re.sub(r"\r(?!\n)", " ", raw)  # tweet 3399 holds a bare carriage return
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert len(df) == 5000 and df["tweet_id"].str.fullmatch(r"\d+").all()
    df["at"] = pd.to_datetime(df["created_at"], format="%a %b %d %H:%M:%S %z %Y")
    df["parent"] = df["in_response_to_tweet_id"].str.replace(r"\.0$", "", regex=True)
    parent = dict(zip(df["tweet_id"], df["parent"], strict=True))
    df["root"] = [_root(t, parent) for t in df["tweet_id"]]
    medians = {}
    for brand, waits in _waits(df).groupby("brand")["wait"]:
        medians[brand] = waits.median()
    return pd.Series(medians)


def _root(tweet: str, parent: dict[str, str]) -> str:
    seen = {tweet}
    while parent.get(tweet) and parent[tweet] in parent and parent[tweet] not in seen:
        tweet = parent[tweet]
        seen.add(tweet)
    return tweet


def _waits(df: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, thread in df.sort_values(["at", "tweet_id"]).groupby("root"):
        if thread["inbound"].iloc[0] != "True":
            continue
        staff = thread[thread["inbound"] == "False"]
        if len(staff):
            wait = (staff["at"].iloc[0] - thread["at"].iloc[0]).total_seconds()
            rows.append({"brand": staff["author_id"].iloc[0], "wait": wait})
    return pd.DataFrame(rows)


def test_twcs_median_first_response_per_brand(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "twcs-head5000" / "twcs.csv"
    store = Store.open(f"sqlite:///{tmp_path / 'g.db'}")
    ingest_path(store, path)
    ours = {g["key"]: g for g in program_metrics(store, by="brand")["groups"]}
    expected = _twcs_first_responses(path)
    checked = 0
    for brand, median in expected.items():
        if brand in ours and ours[brand]["customer_threads"] >= 10:
            assert ours[brand]["first_response_median_s"] == pytest.approx(median, abs=1.0), brand
            checked += 1
    assert checked >= 15


def _stackexchange_shares(path: Path) -> tuple[float, float]:
    """(questions with an accepted answer in the dump, answers by someone but the asker)."""
    rows = [r.attrib for r in ET.parse(path).getroot()]
    questions = {r["Id"]: r for r in rows if r.get("PostTypeId") == "1"}
    answers = [r for r in rows if r.get("PostTypeId") == "2" and r.get("ParentId") in questions]
    answer_ids = {a["Id"] for a in answers}
    accepted = sum(q.get("AcceptedAnswerId") in answer_ids for q in questions.values())
    peer = sum(a.get("OwnerUserId") != questions[a["ParentId"]].get("OwnerUserId") for a in answers)
    return accepted / len(questions), peer / len(answers)


def test_stackexchange_accepted_and_peer_answer_shares(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "stackexchange-coffee" / "Posts.xml"
    store = Store.open(f"sqlite:///{tmp_path / 'g.db'}")
    ingest_path(store, path.parent, venue="coffee")
    (venue,) = program_metrics(store, by="venue")["groups"]
    accepted, peer = _stackexchange_shares(path)
    assert venue["accepted_rate"] == pytest.approx(accepted, abs=0.005)
    assert venue["peer_answer_share"] == pytest.approx(peer, abs=0.005)

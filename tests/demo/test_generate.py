"""The demo generator: deterministic files in the real formats, with truths that hold."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

from goodword.attribution.codes import is_valid
from goodword.demo import DemoTruth, generate
from goodword.demo.company import PRODUCTS, START

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoTruth]:
    out = tmp_path_factory.mktemp("demo")
    return out, generate(out, seed=7)


def _csv(path: Path, **fmt: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, **fmt))  # type: ignore[arg-type]


def _xml_rows(path: Path) -> list[dict[str, str]]:
    return [row.attrib for row in ET.parse(path).getroot()]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", seed=3, scale=0.25)
    generate(tmp_path / "b", seed=3, scale=0.25)
    generate(tmp_path / "c", seed=4, scale=0.25)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first == second
    assert len(first) == 11
    assert first["twitter/twcs.csv"] != _files(tmp_path / "c")["twitter/twcs.csv"]


def test_twcs_matches_the_kaggle_format(demo: tuple[Path, DemoTruth]) -> None:
    out, _ = demo
    lines = (out / "twitter/twcs.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        ",tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id"
    )
    rows = _csv(out / "twitter/twcs.csv")
    ids = {r["tweet_id"] for r in rows}
    for n, r in enumerate(rows):
        assert r[""] == str(n)
        assert r["inbound"] in ("True", "False")
        datetime.strptime(r["created_at"], "%a %b %d %H:%M:%S %z %Y")
        if r["in_response_to_tweet_id"]:
            assert re.fullmatch(r"\d+\.0", r["in_response_to_tweet_id"])
            assert r["in_response_to_tweet_id"][:-2] in ids
            assert r["text"].startswith("@")
        for reply in filter(None, r["response_tweet_id"].split(",")):
            assert reply in ids
    staff = {r["author_id"] for r in rows if r["inbound"] == "False"}
    assert "BrewbirdSupport" in staff and "MayaAtBrewbird" in staff
    assert all(a.isdigit() for a in {r["author_id"] for r in rows if r["inbound"] == "True"})


def test_forum_is_a_stack_exchange_dump(demo: tuple[Path, DemoTruth]) -> None:
    out, _ = demo
    raw = (out / "forum/Posts.xml").read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>\n<posts>')
    posts = {r["Id"]: r for r in _xml_rows(out / "forum/Posts.xml")}
    users = {r["Id"]: r["DisplayName"] for r in _xml_rows(out / "forum/Users.xml")}
    questions = [r for r in posts.values() if r["PostTypeId"] == "1"]
    assert questions and all(r["PostTypeId"] in ("1", "2") for r in posts.values())
    for q in questions:
        assert q["Title"] and re.fullmatch(r"(<[a-z-]+>)+", q["Tags"])
        datetime.strptime(q["CreationDate"], "%Y-%m-%dT%H:%M:%S.%f")
        if "AcceptedAnswerId" in q:
            assert posts[q["AcceptedAnswerId"]]["ParentId"] == q["Id"]
    assert all(r["OwnerUserId"] in users for r in posts.values())
    assert "maya_brewbird" in users.values()


def test_reviews_match_the_amazon_tsv(demo: tuple[Path, DemoTruth]) -> None:
    out, _ = demo
    raw = (out / "reviews/reviews.tsv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfrating\tdate\tvariation\tverified_reviews\tfeedback\t")
    assert raw.count(b"\r\n") == raw.count(b"\n")
    rows = _csv(out / "reviews/reviews.tsv", delimiter="\t")
    names = {p.name for p in PRODUCTS}
    for r in rows:
        assert re.fullmatch(r"[1-9]\d?-[A-Z][a-z]{2}-25", r["date"])
        assert r["variation"] in names and r["review_id"] and r["author"]
        assert r["feedback"] == ("1" if int(r["rating"]) >= 3 else "0")


def test_side_files_have_their_columns(demo: tuple[Path, DemoTruth]) -> None:
    out, truth = demo
    catalog = _csv(out / "catalog.csv")
    assert list(catalog[0]) == ["sku", "name", "aliases", "url", "category"]
    assert len(catalog) == 8 and all("|" in r["aliases"] for r in catalog)
    daily = _csv(out / "daily.csv")
    assert list(daily[0]) == ["sku", "day", "units", "revenue", "ad_spend"]
    assert len(daily) == 8 * 180
    orders = _csv(out / "orders.csv")
    assert list(orders[0]) == ["order_id", "time", "sku", "amount", "customer", "code"]
    codes = [r["code"] for r in orders if r["code"]]
    assert len(codes) == truth.codes_redeemed > 10 and all(is_valid(c) for c in codes)
    issued = {r["code"] for r in _csv(out / "codes.csv")}
    assert set(codes) <= issued and len(issued) == truth.codes_issued
    roster = _csv(out / "roster.csv")
    assert list(roster[0]) == ["name", "team", "venue", "handle", "starts", "ends"]
    assert json.loads((out / "truth.json").read_text())["best_contributor"] == "Maya Okafor"


def _staff_names(out: Path) -> dict[str, str]:
    """Staff handle -> Contributor, both venues, from roster.csv."""
    return {r["handle"]: r["name"] for r in _csv(out / "roster.csv")}


def _rates(out: Path) -> dict[str, tuple[int, float, float]]:
    """(replies, solved rate, gratitude rate) per Contributor, from the files and labels."""
    labels = _csv(out / "labels.csv")
    handles = _staff_names(out)
    author = {(r["venue"], r["post_id"]): r["author"] for r in labels}
    roots = {
        (r["venue"], r["post_id"]): r["intents"] for r in labels if r["post_id"] == r["thread_id"]
    }
    seen: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    replies: dict[str, int] = defaultdict(int)
    for r in labels:
        thread = (r["venue"], r["thread_id"])
        if r["author"] in handles:
            replies[handles[r["author"]]] += 1
            seen[handles[r["author"]]]["threads"].add(thread)
            if r["accepted"] == "1":
                seen[handles[r["author"]]]["solved"].add(thread)
        target = author.get((r["venue"], r["target"]))
        if target in handles and r["role"] == "customer":
            for intent in ("solved", "gratitude"):
                if intent in r["intents"].split("|"):
                    seen[handles[target]][intent].add(thread)
    out_rates = {}
    for name, sets in seen.items():
        problems = {
            t for t in sets["threads"] if {"question", "complaint"} & set(roots[t].split("|"))
        }
        solved = len(sets["solved"] & problems) / len(problems)
        thanked = len(sets["gratitude"] & sets["threads"]) / len(sets["threads"])
        out_rates[name] = (replies[name], solved, thanked)
    return out_rates


def test_best_contributor_is_recomputed_from_the_files(demo: tuple[Path, DemoTruth]) -> None:
    out, truth = demo
    rates = _rates(out)
    eligible = {n: v for n, v in rates.items() if v[0] >= truth.min_replies}
    by_solved = max(eligible, key=lambda n: eligible[n][1])
    by_gratitude = max(eligible, key=lambda n: eligible[n][2])
    busiest = max(rates, key=lambda n: rates[n][0])
    assert by_solved == by_gratitude == truth.best_contributor == "Maya Okafor"
    assert busiest == truth.busiest_contributor == "Tom Reyes" != truth.best_contributor
    assert any(v[0] < truth.min_replies and v[1] >= eligible[by_solved][1] for v in rates.values())
    planted = {c.name: (c.replies, c.solved_rate, c.gratitude_rate) for c in truth.contributors}
    for name, (replies, solved, thanked) in rates.items():
        assert planted[name][0] == replies
        assert planted[name][1:] == pytest.approx((solved, thanked), abs=1e-4)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rankings_hold_for_other_seeds(tmp_path: Path, seed: int) -> None:
    truth = generate(tmp_path, seed=seed)
    assert truth.best_contributor == "Maya Okafor"
    assert truth.busiest_contributor == "Tom Reyes"
    best = next(c for c in truth.contributors if c.name == truth.best_contributor)
    ranked = [c for c in truth.contributors if c.replies >= truth.min_replies]
    assert best.gratitude_rate == max(c.gratitude_rate for c in ranked)
    assert abs(truth.negative_drop - truth.negative_drop_planted) < 0.08


def test_self_healing_ratio_is_recomputed_from_the_dump(demo: tuple[Path, DemoTruth]) -> None:
    out, truth = demo
    posts = {r["Id"]: r for r in _xml_rows(out / "forum/Posts.xml")}
    users = {r["Id"]: r["DisplayName"] for r in _xml_rows(out / "forum/Users.xml")}
    staff = set(_staff_names(out)) | set(truth.convention.brand_accounts)
    accepted = [posts[q["AcceptedAnswerId"]] for q in posts.values() if "AcceptedAnswerId" in q]
    peer = sum(users[a["OwnerUserId"]] not in staff for a in accepted)
    assert truth.forum_solved_by_peer == peer
    assert truth.self_healing_ratio == pytest.approx(peer / len(accepted), abs=1e-4)
    assert 0.2 < truth.self_healing_ratio < 0.6


def test_negative_rate_drops_after_the_program_start(demo: tuple[Path, DemoTruth]) -> None:
    out, truth = demo
    counts = {True: [0, 0], False: [0, 0]}
    for r in _csv(out / "labels.csv"):
        day = date.fromisoformat(r["created_at"][:10])
        if r["role"] == "customer" and day <= truth.end:
            counts[day < truth.program_start][0] += r["sentiment"] == "negative"
            counts[day < truth.program_start][1] += 1
    before, after = (n / d for n, d in (counts[True], counts[False]))
    assert (before, after) == pytest.approx(
        (truth.negative_rate_before, truth.negative_rate_after), abs=1e-4
    )
    assert 1 - after / before == pytest.approx(truth.negative_drop_planted, abs=0.06)


def test_cells_plant_peer_help_and_bad_service(demo: tuple[Path, DemoTruth]) -> None:
    _, truth = demo
    cells = {(c.sku, c.scenario): c for c in truth.cells}
    peer_rates = sorted((c.peer_solved_rate for c in cells.values()), reverse=True)
    assert {cells[c].peer_solved_rate for c in truth.peer_cells} == set(peer_rates[:2])
    bad = cells[truth.bad_cell]
    unserved = (*truth.pilot_skus, *truth.control_skus)  # no staff before the pilot, or ever
    served = [c for c in cells.values() if c.sku not in unserved]
    assert bad.median_response_minutes == max(c.median_response_minutes or 0 for c in served)
    assert bad.solved_rate == min(c.solved_rate for c in served)
    assert bad.negative_rate == max(c.negative_rate for c in served)


def _buzz(out: Path) -> dict[str, np.ndarray]:
    buzz = {p.sku: np.zeros(180) for p in PRODUCTS}
    for r in _csv(out / "labels.csv"):
        index = (date.fromisoformat(r["created_at"][:10]) - START).days
        if r["role"] == "customer" and r["sentiment"] == "positive" and index < 180:
            for sku in filter(None, r["skus"].split("|")):
                buzz[sku][index] += 1
    return buzz


def _ols_buzz_effect(rows: list[dict[str, str]], buzz: np.ndarray) -> tuple[float, float]:
    """(beta1, beta2) of units on weekday dummies, trend, ad spend and lagged buzz."""
    x, y = [], []
    for t in range(2, len(rows)):
        weekday = date.fromisoformat(rows[t]["day"]).weekday()
        dummies = [float(weekday == k) for k in range(7)]
        x.append([*dummies, t, float(rows[t]["ad_spend"]), buzz[t - 1], buzz[t - 2]])
        y.append(float(rows[t]["units"]))
    beta, *_ = np.linalg.lstsq(np.array(x), np.array(y), rcond=None)
    return float(beta[-2]), float(beta[-1])


def test_ols_recovers_the_planted_word_of_mouth_effect(demo: tuple[Path, DemoTruth]) -> None:
    out, truth = demo
    buzz, daily = _buzz(out), _csv(out / "daily.csv")
    for product in truth.products:
        rows = [r for r in daily if r["sku"] == product.sku]
        beta1, beta2 = _ols_buzz_effect(rows, buzz[product.sku])
        assert beta1 == pytest.approx(product.beta_buzz1, abs=0.9), product.sku
        assert beta2 == pytest.approx(product.beta_buzz2, abs=0.9), product.sku
    assert [p.sku for p in truth.products if p.no_effect] == list(truth.no_effect_skus)


def test_pilot_lift_is_the_did_of_daily_units(demo: tuple[Path, DemoTruth]) -> None:
    out, truth = demo
    units: dict[tuple[bool, bool], list[float]] = defaultdict(list)
    for r in _csv(out / "daily.csv"):
        if r["sku"] in (*truth.pilot_skus, *truth.control_skus):
            after = date.fromisoformat(r["day"]) >= truth.pilot_start
            units[(r["sku"] in truth.pilot_skus, after)].append(float(r["units"]))
    mean = {k: sum(v) / len(v) for k, v in units.items()}
    lift = (mean[(True, True)] - mean[(True, False)]) - (mean[(False, True)] - mean[(False, False)])
    assert lift == pytest.approx(truth.did_lift_units, abs=1e-3)
    assert lift == pytest.approx(truth.did_lift_expected, abs=1.5)
    assert truth.did_lift_relative > 0.05


def test_posts_name_products_and_vary_their_wording(demo: tuple[Path, DemoTruth]) -> None:
    out, _ = demo
    names = {p.sku: [p.name, *p.aliases] for p in PRODUCTS}
    labels = _csv(out / "labels.csv")
    texts = {r["tweet_id"]: r["text"] for r in _csv(out / "twitter/twcs.csv")}
    social = [r for r in labels if r["venue"] == "social"]
    for r in social:
        for sku in filter(None, r["skus"].split("|")):
            assert any(n.lower() in texts[r["post_id"]].lower() for n in names[sku])
    bodies = [t.split(" ", 1)[-1] for t in texts.values()]
    assert len(set(bodies)) / len(bodies) > 0.5
    aliases_used = {
        a for a in (n for ns in names.values() for n in ns[1:]) if any(a in t for t in bodies)
    }
    assert len(aliases_used) >= 8
    intents = {i for r in labels for i in r["intents"].split("|") if i}
    assert intents >= {"question", "complaint", "gratitude", "solved", "apology", "referral",
                       "delight", "uninvited_mention", "answer"}  # fmt: skip
    occasions = {r["occasion"] for r in labels if r["occasion"]}
    assert occasions == {"birthday", "first_purchase", "trip", "loyalty", "celebration"}


def test_staff_handles_follow_the_documented_convention(demo: tuple[Path, DemoTruth]) -> None:
    from goodword.metrics.convention import Convention

    out, truth = demo
    social = Convention(truth.convention.social, truth.convention.brand)
    forum = Convention(truth.convention.forum, truth.convention.brand)
    for row in _csv(out / "roster.csv"):
        rule = social if row["venue"] == "brewbird-twitter" else forum
        assert rule.check(row["handle"], row["name"]) is None
        assert re.fullmatch(truth.convention.regex, row["handle"])
    for account in truth.convention.brand_accounts:
        assert not social.matches(account) and not forum.matches(account)

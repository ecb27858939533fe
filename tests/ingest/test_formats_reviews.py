"""The reviews format: CSV/TSV product reviews become one-post threads."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from goodword import sources
from goodword.ingest import ingest_path
from goodword.store import Store
from goodword.store import schema as s

HEADER = "rating,date,variation,verified_reviews,feedback"


@pytest.fixture
def lite(sqlite_url: str) -> Iterator[Store]:
    """A SQLite store, for behaviour that does not depend on the database."""
    store = Store.open(sqlite_url)
    yield store
    store.close()


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def posts(store: Store) -> list:
    with store.connect() as conn:
        q = select(s.posts, s.authors.c.handle).join(s.authors).order_by(s.posts.c.id)
        return conn.execute(q).all()


def test_the_real_file_stores_each_distinct_review_once(store: Store, shared_data: Path):
    path = shared_data / "amazon-alexa-reviews" / "amazon_alexa.tsv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    keys = {(r["rating"], r["date"], r["variation"], r["verified_reviews"].strip()) for r in rows}
    blank = {k for k in keys if not k[3]}
    assert sources.detect(path).name == "reviews"

    report = ingest_path(store, path)

    assert (report.stored, report.unchanged, report.quarantined) == (
        len(keys),
        len(rows) - len(keys),
        0,
    )
    assert report.threads == len(keys)
    stored = posts(store)
    assert sum(p.text == "" for p in stored) == len(blank)
    assert sorted(p.rating for p in stored) == sorted(int(k[0]) for k in keys)
    assert len({p.handle for p in stored}) == len(keys)
    assert {p.kind for p in stored} == {"review"}
    again = ingest_path(store, path)
    assert (again.stored, again.updated, again.quarantined) == (0, 0, 0)


def test_a_later_export_that_repeats_rows_adds_only_the_new_reviews(store: Store, tmp_path: Path):
    rows = [f"{n % 5 + 1},2{n}-Jul-18,Black  Dot,Review number {n},1" for n in range(5)]
    first = write(tmp_path / "june.csv", HEADER, *rows[:3])
    second = write(tmp_path / "july.csv", HEADER, *rows[1:])

    ingest_path(store, first, venue="reviews:echo")
    report = ingest_path(store, second, venue="reviews:echo")

    assert (report.stored, report.updated, report.unchanged) == (2, 0, 2)
    assert len(posts(store)) == 5
    with store.connect() as conn:
        counts = conn.execute(select(s.threads.c.post_count, s.threads.c.orphan)).all()
    assert sorted(tuple(c) for c in counts) == [(1, False)] * 5


def test_ids_and_authors_come_from_the_file_when_it_has_them(lite: Store, tmp_path: Path):
    path = write(
        tmp_path / "demo.tsv",
        "review_id\tauthor\trating\tcreated_at\tproduct\ttitle\ttext",
        "R1\tjane\t4\t2024-05-01T10:00:00+02:00\tKettle Pro\tNice\tBoils fast",
        "R2\tjane\t4\t2024-05-01T10:00:00+02:00\tKettle Pro\tNice\tBoils fast",
    )
    report = ingest_path(lite, path)

    assert report.stored == 2
    first, second = posts(lite)
    assert (first.external_id, first.handle, second.handle) == ("R1", "jane", "jane")
    assert (first.title, first.product_hint, first.rating) == ("Nice", "Kettle Pro", 4)
    assert first.created_at.hour == 8
    with lite.connect() as conn:
        assert conn.execute(select(s.venues.c.key, s.venues.c.kind)).one() == (
            "reviews:demo",
            "reviews",
        )


def test_blank_reviews_are_kept_and_unreadable_rows_quarantined(lite: Store, tmp_path: Path):
    path = write(
        tmp_path / "r.csv",
        HEADER,
        "5,31-Jul-18,White  Dot, ,1",
        "9,31-Jul-18,White  Dot,Too many stars,1",
        "4,yesterday,White  Dot,When?,1",
        "4,31-Jul-18",
    )
    report = ingest_path(lite, path)

    assert (report.stored, report.quarantined) == (1, 3)
    (kept,) = posts(lite)
    assert (kept.text, kept.rating, kept.product_hint) == ("", 5, "White Dot")
    assert json.loads(kept.raw)["blank_text"] is True
    assert kept.handle == f"anonymous:{kept.external_id}"
    with lite.connect() as conn:
        bad = conn.execute(select(s.quarantine).order_by(s.quarantine.c.record_no)).all()
    assert [(b.record_no, b.reason) for b in bad] == [
        (2, "rating '9' is not a whole number from 1 to 5"),
        (3, "date 'yesterday' is not like '31-Jul-18' or '2018-07-31'"),
        (4, "expected at least 4 fields, found 2"),
    ]
    assert bad[0].raw == "9,31-Jul-18,White  Dot,Too many stars,1\n"


@pytest.mark.parametrize(
    "header",
    [
        "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id",
        "id,author,created_at,text,rating",
        "rating,date,variation",
    ],
)
def test_other_tables_are_not_taken_for_reviews(tmp_path: Path, header: str):
    path = write(tmp_path / "x.csv", header)
    assert not sources.get("reviews").sniff(path, header + "\n")

"""The jsonl and csv formats: goodword's own schema, and CSV columns mapped onto it."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from goodword import sources
from goodword.errors import SourceError, UnknownFormatError
from goodword.ingest import ingest_path
from goodword.sources import canonical
from goodword.store import Store
from goodword.store import schema as s

WHEN = "2024-05-01T10:00:00Z"


@pytest.fixture
def lite(sqlite_url: str) -> Iterator[Store]:
    """A SQLite store, for behaviour that does not depend on the database."""
    store = Store.open(sqlite_url)
    yield store
    store.close()


def post(pid: str, parent: str | None = None, **extra: object) -> dict[str, object]:
    return {"id": pid, "parent_id": parent, "author": "ann", "created_at": WHEN} | {
        "text": f"post {pid}",
        **extra,
    }


def jsonl(path: Path, *records: object) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def table(path: Path, header: list[str], *rows: list[object], delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def threads(store: Store) -> list[tuple[str, int, bool]]:
    with store.connect() as conn:
        q = select(s.threads.c.root_external_id, s.threads.c.post_count, s.threads.c.orphan)
        return sorted(tuple(r) for r in conn.execute(q))


def stored(store: Store) -> dict[str, object]:
    with store.connect() as conn:
        q = select(s.posts, s.authors.c.handle, s.authors.c.display_name, s.authors.c.followers)
        rows = conn.execute(q.join(s.authors)).all()
    return {r.external_id: r for r in rows}


def reasons(store: Store) -> list[tuple[int, str]]:
    with store.connect() as conn:
        q = select(s.quarantine.c.record_no, s.quarantine.c.reason)
        return sorted(tuple(r) for r in conn.execute(q.order_by(s.quarantine.c.record_no)))


def test_every_field_of_a_jsonl_record_is_stored(lite: Store, tmp_path: Path):
    full = post(
        "q1",
        venue="forum:acme",
        venue_kind="forum",
        kind="Question",
        author_name="Ann A.",
        role="customer",
        title="Kettle hums",
        url="https://forum.acme.test/q1",
        score="4",
        followers=120,
        product="Kettle Pro",
        created_at="2024-05-01T12:00:00+02:00",
        mood="cross",
    )
    reply = post(
        "a1", "q1", author="ben", role="staff", brand="Acme", kind="answer", venue="forum:acme"
    )
    ingest_path(lite, jsonl(tmp_path / "posts.jsonl", full, reply | {"accepted": True}))

    got = stored(lite)
    q = got["q1"]
    assert (q.kind, q.title, q.score, q.product_hint) == (
        "question",
        "Kettle hums",
        4,
        "Kettle Pro",
    )
    assert (q.display_name, q.followers, q.created_at.hour) == ("Ann A.", 120, 10)
    assert json.loads(q.raw) == {"mood": "cross"}
    a = got["a1"]
    assert (a.role, a.brand, a.accepted, a.kind) == ("staff", "Acme", True, "answer")
    with lite.connect() as conn:
        assert conn.execute(select(s.venues.c.key, s.venues.c.kind)).one() == (
            "forum:acme",
            "forum",
        )
    assert threads(lite) == [("q1", 2, False)]


def test_jsonl_threads_merge_across_files_and_cycles_finish(store: Store, tmp_path: Path):
    replies = jsonl(tmp_path / "chat.jsonl", post("2", "1"), post("3", "2"), post("8", "9"))
    roots = tmp_path / "later"
    roots.mkdir()
    loop = jsonl(roots / "chat.jsonl", post("1"), post("9", "8"))

    first = ingest_path(store, replies)
    assert threads(store) == [("2", 2, True), ("8", 1, True)]
    second = ingest_path(store, loop)

    assert (first.stored, second.stored, second.updated) == (3, 2, 0)
    assert threads(store) == [("1", 3, False), ("8", 2, True)]
    again = ingest_path(store, loop)
    assert (again.stored, again.updated, again.quarantined) == (0, 0, 0)


def test_an_edited_post_in_a_later_file_updates_it_in_place(lite: Store, tmp_path: Path):
    first = jsonl(tmp_path / "chat.jsonl", post("1"), post("2", "1"))
    (tmp_path / "later").mkdir()
    edited = jsonl(tmp_path / "later" / "chat.jsonl", post("2", "1", text="post 2, edited"))

    ingest_path(lite, first)
    report = ingest_path(lite, edited)

    assert (report.stored, report.updated) == (0, 1)
    assert stored(lite)["2"].text == "post 2, edited"
    assert threads(lite) == [("1", 2, False)]


def test_bad_jsonl_records_are_quarantined_with_the_field_at_fault(lite: Store, tmp_path: Path):
    path = jsonl(
        tmp_path / "bad.jsonl",
        post("1"),
        '{"id": "2", "author": ',
        "[1, 2]",
        "",
        {k: v for k, v in post("4").items() if k != "author"},
        post("5", created_at="May 1st"),
        post("6", rating=7),
        post("7", role="boss"),
        post("8", score="lots"),
        post("9", text="", rating=2),  # a rating without words is still a review
    )
    report = ingest_path(lite, path)

    assert (report.stored, report.quarantined) == (2, 7)
    assert reasons(lite) == [
        (2, "line 2 is not valid JSON: Expecting value at column 22"),
        (3, "line 3 is a JSON list; expected an object"),
        (5, "required field 'author' is missing or empty"),
        (6, "created_at 'May 1st' is not an ISO 8601 time like '2024-05-01T10:00:00Z'"),
        (7, "rating 7 is not from 1 to 5"),
        (8, "role 'boss' is not one of: customer, staff, brand"),
        (9, "score 'lots' is not a whole number"),
    ]
    with lite.connect() as conn:
        raw = conn.execute(select(s.quarantine.c.raw).where(s.quarantine.c.record_no == 2))
        assert raw.scalar_one() == '{"id": "2", "author": \n'


def test_a_csv_in_the_canonical_schema_is_read_as_is(store: Store, tmp_path: Path):
    header = ["id", "parent_id", "author", "created_at", "text", "role", "brand", "extra"]
    path = table(
        tmp_path / "support.tsv",
        header,
        ["1", "", "ann", "2024-05-01 10:00:00", "Kettle broke,\nhelp", "", "", "x"],
        ["2", "1", "acme", "2024-05-01 11:00:00", "Sorry! DM us", "brand", "Acme", ""],
        ["3", "1", "ann", "not a time", "Thanks", "", "", ""],
        ["4", "1", "ann"],
        delimiter="\t",
    )
    assert sources.detect(path).name == "csv"

    report = ingest_path(store, path)

    assert (report.stored, report.quarantined, report.threads) == (2, 2, 1)
    got = stored(store)
    assert got["1"].text == "Kettle broke,\nhelp" and json.loads(got["1"].raw) == {"extra": "x"}
    assert (got["2"].role, got["2"].brand) == ("brand", "Acme")
    assert reasons(store) == [
        (3, "created_at 'not a time' is not an ISO 8601 time like '2024-05-01T10:00:00Z'"),
        (4, "expected 8 fields, found 3: the row is cut short or has an unquoted delimiter"),
    ]
    with store.connect() as conn:
        assert conn.execute(select(s.venues.c.key)).scalar_one() == "support"
    again = ingest_path(store, path)
    assert (again.stored, again.updated) == (0, 0)


def test_a_csv_with_other_column_names_is_read_through_a_mapping(lite: Store, tmp_path: Path):
    header = ["message_id", "reply_to", "user", "sent", "body"]
    path = table(
        tmp_path / "export.csv",
        header,
        ["m1", "", "ann", WHEN, "Where is my order?"],
        ["m2", "m1", "acme", WHEN, "On its way"],
    )
    mapping = {"id": "message_id", "parent_id": "reply_to", "author": "user"}
    mapping |= {"created_at": "sent", "text": "body"}
    name = canonical.register_mapping(mapping)

    report = ingest_path(lite, path, name, venue="helpdesk:acme")

    with pytest.raises(UnknownFormatError):
        sources.detect(path)
    assert (report.stored, report.quarantined, report.threads) == (2, 0, 1)
    assert stored(lite)["m2"].text == "On its way"
    assert canonical.with_mapping(mapping).name == name
    with pytest.raises(SourceError, match="lacks text \\(column 'message'\\)"):
        list(canonical.with_mapping(mapping | {"text": "message"}).read(path))
    with pytest.raises(SourceError, match="cannot map"):
        canonical.with_mapping({"txt": "body"})


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('{"id": "1", "author": "a", "created_at": "2024-05-01", "text": "hi"}\n', "jsonl"),
        ("id,author,created_at,text\n", "csv"),
        ("tweet_id,author_id,inbound,created_at,text\n", "twcs"),
        ("rating\tdate\tvariation\tverified_reviews\tfeedback\n", "reviews"),
        ('[{"dialogHeader": {}, "dialogContent": []}]', "ibm-care"),
    ],
)
def test_detection_tells_the_formats_apart(tmp_path: Path, head: str, expected: str):
    path = tmp_path / "input"
    path.write_text(head)
    assert sources.detect(path).name == expected

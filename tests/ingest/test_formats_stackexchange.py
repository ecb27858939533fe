"""The stackexchange format: a Stack Exchange dump becomes forum threads."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from goodword import sources
from goodword.ingest import ingest_path
from goodword.sources.stackexchange import html_to_text
from goodword.store import Store
from goodword.store import schema as s

WHEN = "2015-01-27T20:09:32.720"


@pytest.fixture
def lite(sqlite_url: str) -> Iterator[Store]:
    """A SQLite store, for behaviour that does not depend on the database."""
    store = Store.open(sqlite_url)
    yield store
    store.close()


def question(pid: int, accepted: int | None = None, **extra: str) -> dict[str, str]:
    row = {"Id": str(pid), "PostTypeId": "1", "CreationDate": WHEN, "Score": "3"}
    row |= {"Title": f"Question {pid}", "Body": f"<p>Asking {pid}</p>", "OwnerUserId": "7"}
    if accepted:
        row["AcceptedAnswerId"] = str(accepted)
    return row | extra


def answer(pid: int, parent: int, **extra: str) -> dict[str, str]:
    row = {"Id": str(pid), "PostTypeId": "2", "ParentId": str(parent), "CreationDate": WHEN}
    return row | {"Score": "1", "Body": f"<p>Answering {parent}</p>", "OwnerUserId": "8"} | extra


def dump(folder: Path, posts: list[dict[str, str]], users: list[dict[str, str]] = ()) -> Path:
    """Write ``Posts.xml`` (and ``Users.xml`` when given) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("posts", posts), ("users", users)):
        if rows:
            root = ET.Element(name)
            root.extend(ET.Element("row", r) for r in rows)
            ET.ElementTree(root).write(folder / f"{name.title()}.xml", encoding="utf-8")
    return folder


def threads(store: Store) -> list[tuple[str, int, bool]]:
    with store.connect() as conn:
        q = select(s.threads.c.root_external_id, s.threads.c.post_count, s.threads.c.orphan)
        return sorted(tuple(r) for r in conn.execute(q))


def posts(store: Store) -> dict[str, object]:
    with store.connect() as conn:
        q = select(s.posts, s.authors.c.handle, s.authors.c.display_name).join(s.authors)
        return {r.external_id: r for r in conn.execute(q)}


def test_the_real_dump_gives_one_thread_per_question(store: Store, shared_data: Path):
    folder = shared_data / "stackexchange-coffee"
    rows = [e.attrib for e in ET.parse(folder / "Posts.xml").getroot()]
    questions = [r for r in rows if r["PostTypeId"] == "1"]
    answers = [r for r in rows if r["PostTypeId"] == "2"]
    chosen = {r["AcceptedAnswerId"] for r in questions if "AcceptedAnswerId" in r}
    assert sources.detect(folder).name == "stackexchange"
    assert sources.detect(folder / "Posts.xml").name == "stackexchange"

    report = ingest_path(store, folder)

    assert (report.stored, report.threads) == (len(questions) + len(answers), len(questions))
    assert report.quarantined == len(rows) - len(questions) - len(answers)
    stored = posts(store)
    assert sum(p.accepted for p in stored.values()) == len(chosen & {a["Id"] for a in answers})
    assert stored["1"].url == "https://coffee.stackexchange.com/q/1"
    assert stored["1"].title == rows[0]["Title"]
    assert all(p.kind == "question" for p in stored.values() if p.parent_external_id is None)
    again = ingest_path(store, folder)
    assert (again.stored, again.updated, again.quarantined) == (0, 0, report.quarantined)


def test_answers_carry_votes_acceptance_and_names_from_users_xml(lite: Store, tmp_path: Path):
    rows = [
        answer(3, 1, Score="5"),  # before its question: acceptance is still known
        question(1, accepted=3),
        answer(4, 1, OwnerUserId="", OwnerDisplayName="Gone Person"),
        answer(5, 1, OwnerUserId=""),
    ]
    folder = dump(tmp_path / "coffee.stackexchange.com", rows, [{"Id": "8", "DisplayName": "Ana"}])

    ingest_path(lite, folder)

    stored = posts(lite)
    assert (stored["3"].accepted, stored["3"].score, stored["3"].kind) == (True, 5, "answer")
    assert stored["3"].url == "https://coffee.stackexchange.com/a/3"
    assert (stored["3"].handle, stored["3"].display_name) == ("8", "Ana")
    assert (stored["1"].handle, stored["1"].display_name) == ("7", "user7")
    assert stored["4"].display_name == "Gone Person" and not stored["4"].accepted
    assert stored["5"].handle == "anonymous:5"
    assert threads(lite) == [("1", 4, False)]
    with lite.connect() as conn:
        assert conn.execute(select(s.venues.c.key, s.venues.c.kind)).one() == (
            "stackexchange:coffee.stackexchange.com",
            "forum",
        )


def test_answers_without_their_question_become_orphan_roots_and_merge_later(
    store: Store, tmp_path: Path
):
    answers = dump(tmp_path / "a" / "site", [answer(3, 1), answer(4, 2)])
    questions = dump(tmp_path / "b" / "site", [question(1), question(2)])

    first = ingest_path(store, answers)
    assert threads(store) == [("3", 1, True), ("4", 1, True)]
    second = ingest_path(store, questions)

    assert (first.stored, second.stored, second.updated) == (2, 2, 0)
    assert threads(store) == [("1", 2, False), ("2", 2, False)]


def test_answers_that_answer_each_other_still_finish(store: Store, tmp_path: Path):
    report = ingest_path(store, dump(tmp_path / "site", [answer(10, 11), answer(11, 10)]))
    assert (report.stored, report.threads) == (2, 1)
    assert threads(store) == [("10", 2, True)]


def test_other_post_types_and_broken_rows_are_quarantined(lite: Store, tmp_path: Path):
    rows = [
        question(1),
        {"Id": "2", "PostTypeId": "5", "CreationDate": WHEN, "Body": "<p>wiki</p>"},
        answer(3, 1, CreationDate="last week"),
        {"Id": "4", "PostTypeId": "2", "CreationDate": WHEN, "Body": "<p>lost</p>"},
    ]
    report = ingest_path(lite, dump(tmp_path / "site", rows))

    assert (report.stored, report.quarantined) == (1, 3)
    with lite.connect() as conn:
        bad = conn.execute(select(s.quarantine).order_by(s.quarantine.c.record_no)).all()
    assert [(b.record_no, b.reason) for b in bad] == [
        (2, "post 2: not a question or answer (PostTypeId 5: tag wiki)"),
        (3, "post 3: CreationDate 'last week' is not like '2015-01-27T20:09:32.720'"),
        (4, "post 4: answer has no question (ParentId None)"),
    ]
    assert bad[0].raw.startswith("<row ") and "&lt;p&gt;wiki" in bad[0].raw


def test_bodies_become_plain_text_with_paragraphs():
    html = (
        "<p>Grind  <b>fine</b>,\nthen <a href='https://x.org/brew'>brew</a>.</p>"
        "<ul><li>one</li><li>two</li></ul><pre><code>ratio = 1:16\n  bloom = 30s\n</code></pre>"
    )
    assert html_to_text(html) == (
        "Grind fine, then brew (https://x.org/brew).\n\n- one\n- two\n\nratio = 1:16\n  bloom = 30s"
    )


def test_a_dump_folder_is_recognised_by_its_posts_file(tmp_path: Path):
    folder = dump(tmp_path / "site", [question(1)])
    (folder / "Badges.xml").write_text("<badges/>")
    assert sources.detect(folder).name == "stackexchange"
    assert not sources.get("stackexchange").sniff(tmp_path / "x.csv", "rating\tdate\n")

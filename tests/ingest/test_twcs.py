"""TWCS ingest against the real file, counted independently, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from goodword.ingest import ingest_path
from goodword.store import Store
from goodword.store import schema as s

HEADER = ",tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
T = "Tue Oct 31 22:10:47 +0000 2017"


def independent_threads(path: Path) -> tuple[int, int, int]:
    """(posts, threads, orphan roots) by union-find over the raw bytes, CR-aware."""
    raw = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    raw = raw.replace("\r", " ")  # the bare-CR record is one record
    rows = list(csv.DictReader(io.StringIO(raw)))
    ids = {r["tweet_id"] for r in rows}
    parent = {}
    for r in rows:
        p = r["in_response_to_tweet_id"]
        parent[r["tweet_id"]] = str(int(float(p))) if p and str(int(float(p))) in ids else None
    orphans = sum(1 for r in rows if r["in_response_to_tweet_id"] and parent[r["tweet_id"]] is None)

    def root(x: str) -> str:
        seen = set()
        while parent[x] is not None and x not in seen:
            seen.add(x)
            x = parent[x]
        return x

    return len(rows), len({root(t) for t in ids}), orphans


def test_real_twcs_threads_match_an_independent_count(store: Store, shared_data: Path) -> None:
    path = shared_data / "twcs-head5000" / "twcs.csv"
    posts, threads, orphans = independent_threads(path)
    report = ingest_path(store, path)
    assert (report.stored, report.quarantined, report.threads) == (posts, 0, threads)
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.threads)).scalar() == threads
        n_orphans = conn.execute(select(func.count()).where(s.threads.c.orphan)).scalar()
        unthreaded = conn.execute(select(func.count()).where(s.posts.c.thread_id.is_(None)))
        assert unthreaded.scalar() == 0
    assert n_orphans == orphans


def test_bare_carriage_return_record_is_one_post(store: Store, shared_data: Path) -> None:
    ingest_path(store, shared_data / "twcs-head5000" / "twcs.csv")
    with store.connect() as conn:
        body = conn.execute(select(s.posts.c.text).where(s.posts.c.external_id == "3399"))
        body = body.scalar_one()
    assert body.startswith("@AskPayPal") and "I just love the start of email" in body


def test_reingest_changes_nothing(store: Store, shared_data: Path) -> None:
    path = shared_data / "twcs-head5000" / "twcs.csv"
    ingest_path(store, path)
    before = _snapshot(store)
    again = ingest_path(store, path)
    assert (again.stored, again.updated, again.unchanged) == (0, 0, 5000)
    assert _snapshot(store) == before


def _snapshot(store: Store) -> list[tuple]:
    q = text(
        "SELECT p.external_id, p.content_hash, t.root_external_id, p.thread_id "
        "FROM posts p JOIN threads t ON t.id = p.thread_id ORDER BY p.external_id"
    )
    with store.connect() as conn:
        return [tuple(r) for r in conn.execute(q)]


def _write(path: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    """rows of (tweet_id, author, inbound, text, in_response_to)."""
    lines = [HEADER] + [
        f"{i},{t},{a},{inb},{T},{txt},,{p}\n" for i, (t, a, inb, txt, p) in enumerate(rows)
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_overlapping_files_merge_threads(store: Store, tmp_path: Path) -> None:
    replies = _write(
        tmp_path / "b.csv",
        [
            ("3", "c1", "True", "still broken", "2.0"),
            ("2", "Brand", "False", "try a restart", "1.0"),
        ],
    )
    first = ingest_path(store, replies)
    assert first.threads == 1
    root = _write(tmp_path / "a.csv", [("1", "c1", "True", "@Brand my phone is broken", "")])
    ingest_path(store, root)
    with store.connect() as conn:
        rows = conn.execute(
            select(s.threads.c.root_external_id, s.threads.c.orphan, s.threads.c.post_count)
        ).all()
    assert [tuple(r) for r in rows] == [("1", False, 3)]


def test_missing_parent_becomes_orphan_root_and_cycles_end(store: Store, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.csv",
        [
            ("10", "c1", "True", "answer to nothing", "99.0"),
            ("20", "c2", "True", "a", "21.0"),
            ("21", "c3", "True", "b", "20.0"),
        ],
    )
    report = ingest_path(store, path)
    assert report.threads == 2
    with store.connect() as conn:
        orphans = conn.execute(select(s.threads.c.root_external_id).where(s.threads.c.orphan))
        assert sorted(orphans.scalars()) == ["10", "20"]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("0,abc,c1,True,{T},hi,,\n", "tweet_id 'abc' is not a number"),
        ("0,5,c1,Maybe,{T},hi,,\n", "inbound is 'Maybe'"),
        ("0,5,c1,True,yesterday,hi,,\n", "created_at 'yesterday'"),
        ("0,5,c1,True,{T},hi\n", "expected 8 fields, found 6"),
    ],
)
def test_bad_rows_are_quarantined_with_a_reason(
    sqlite_url: str, tmp_path: Path, row: str, reason: str
) -> None:
    store = Store.open(sqlite_url)
    good = f"1,6,c1,True,{T},fine,,\n"
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + row.replace("{T}", T) + good, encoding="utf-8")
    report = ingest_path(store, path)
    assert (report.stored, report.quarantined) == (1, 1)
    with store.connect() as conn:
        q = conn.execute(select(s.quarantine.c.record_no, s.quarantine.c.reason)).one()
    assert q.record_no == 1 and reason in q.reason


_RECOUNT = text(
    "SELECT t.root_external_id, t.post_count, t.started_at, t.last_post_at, t.brand, t.title, "
    "  (SELECT count(*) FROM posts p WHERE p.thread_id = t.id), "
    "  (SELECT min(p.created_at) FROM posts p WHERE p.thread_id = t.id), "
    "  (SELECT max(p.created_at) FROM posts p WHERE p.thread_id = t.id), "
    "  (SELECT min(p.brand) FROM posts p WHERE p.thread_id = t.id), "
    "  (SELECT p.title FROM posts p WHERE p.id = t.root_post_id) "
    "FROM threads t ORDER BY t.root_external_id"
)


def _kept_and_recounted(store: Store) -> tuple[list[tuple], list[tuple]]:
    with store.connect() as conn:
        rows = conn.execute(_RECOUNT).all()
    return [(r[0], *r[1:6]) for r in rows], [(r[0], *r[6:]) for r in rows]


@pytest.mark.parametrize("parallel", [False, True])
def test_thread_totals_kept_batch_by_batch_equal_a_recount(
    store: Store, shared_data: Path, tmp_path: Path, parallel: bool
) -> None:
    path = shared_data / "twcs-head5000" / "twcs.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    later = tmp_path / "later.csv"  # the second half first: its parents arrive afterwards
    later.write_text(lines[0] + "".join(lines[2500:]), encoding="utf-8")
    ingest_path(store, later, batch_size=300, parallel=parallel)
    report = ingest_path(store, path, batch_size=300, parallel=parallel)
    assert report.stored + report.unchanged == 5000 and report.stored > 2000
    kept, recounted = _kept_and_recounted(store)
    assert kept == recounted and len(kept) > 1000


def test_a_cycle_with_a_reply_hanging_off_it_is_cut_the_same_way_when_rethreaded(
    store: Store, tmp_path: Path
) -> None:
    rows = [
        ("10", "c1", "True", "a reply to the cycle", "20.0"),
        ("20", "c2", "True", "b", "30.0"),
        ("30", "c3", "True", "c", "20.0"),
    ]
    ingest_path(store, _write(tmp_path / "a.csv", rows))
    first = _snapshot(store)
    edited = [*rows[:2], ("30", "c3", "True", "c edited", "20.0")]  # rebuilds the thread
    ingest_path(store, _write(tmp_path / "b.csv", edited))
    assert [r[2] for r in _snapshot(store)] == [r[2] for r in first] == ["20", "20", "20"]


@pytest.mark.postgres
def test_a_threads_brand_is_the_same_batch_by_batch_and_rebuilt_under_any_collation(
    pg_url: str, tmp_path: Path
) -> None:
    """The least brand is chosen by code point, in Python and in SQL, whatever the database's
    collation ("Delta" < "comcast" by code point, not in a linguistic order)."""
    store = Store.open(pg_url)
    with store.begin() as conn:
        for table in ("posts", "threads"):
            conn.execute(
                text(
                    f'ALTER TABLE {table} ALTER COLUMN brand TYPE varchar(200) COLLATE "und-x-icu"'
                )
            )
    rows = [
        ("1", "c1", "True", "my order is late", ""),
        ("2", "comcast", "False", "sorry about that", "1.0"),
        ("3", "Delta", "False", "we are on it", "1.0"),
    ]
    ingest_path(store, _write(tmp_path / "a.csv", rows))
    edited = [*rows[:2], ("3", "Delta", "False", "we are on it now", "1.0")]
    kept = _brands(store)
    ingest_path(store, _write(tmp_path / "b.csv", edited))  # the thread is rebuilt in SQL
    assert kept == _brands(store) == ["Delta"]


def _brands(store: Store) -> list[str]:
    with store.connect() as conn:
        return list(conn.execute(select(s.threads.c.brand)).scalars())

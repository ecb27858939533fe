"""Reading in a second process: the same database as reading in-process, errors carried over."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from goodword.errors import SourceError
from goodword.ingest import ingest_path
from goodword.store import Store

DUMP = {
    "posts": "SELECT p.id, p.external_id, p.parent_id, p.thread_id, p.author_id, p.created_at, "
    "p.text, p.raw, p.content_hash FROM posts p ORDER BY p.id",
    "threads": "SELECT id, root_external_id, root_post_id, orphan, post_count, started_at, "
    "last_post_at, brand FROM threads ORDER BY id",
    "authors": "SELECT id, handle, role, brand FROM authors ORDER BY id",
    "quarantine": "SELECT record_no, reason, raw FROM quarantine ORDER BY record_no",
}


def _dump(db: Path) -> dict[str, list]:
    with sqlite3.connect(db) as conn:
        return {name: conn.execute(q).fetchall() for name, q in DUMP.items()}


def test_a_reader_process_writes_the_same_database(tmp_path: Path, shared_data: Path) -> None:
    path = shared_data / "twcs-head5000" / "twcs.csv"
    import multiprocessing

    dumps, readers = [], []
    for parallel in (False, True):
        db = tmp_path / f"{parallel}.db"
        store = Store.open(f"sqlite:///{db}")
        seen: list[int] = []  # reader processes alive while batches are written
        report = ingest_path(
            store,
            path,
            batch_size=700,
            parallel=parallel,
            progress=lambda _, seen=seen: seen.append(len(multiprocessing.active_children())),
        )
        assert (report.stored, report.quarantined) == (5000, 0)
        dumps.append(_dump(db))
        readers.append(max(seen))
    assert readers == [0, 1]
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["threads"]) > 1000


def test_the_collector_thresholds_come_back_after_an_ingest(
    tmp_path: Path, shared_data: Path
) -> None:
    import gc

    from goodword.collector import FEW_COLLECTIONS

    before = gc.get_threshold()
    inside: list[tuple[int, ...]] = []
    store = Store.open(f"sqlite:///{tmp_path / 'x.db'}")
    ingest_path(
        store,
        shared_data / "twcs-head5000" / "twcs.csv",
        batch_size=2000,
        progress=lambda _: inside.append(gc.get_threshold()),
    )
    assert set(inside) == {FEW_COLLECTIONS}
    assert gc.get_threshold() == before != FEW_COLLECTIONS


def test_a_source_error_in_the_reader_reaches_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(",tweet_id,author_id,inbound,created_at\n0,1,a,True,x\n", encoding="utf-8")
    store = Store.open(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(SourceError, match="lacks columns"):
        ingest_path(store, path, fmt="twcs", parallel=True)


def test_a_failed_bulk_load_leaves_no_connection_without_foreign_keys(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(RuntimeError), store.bulk(defer_indexes=True) as conn:
        raise RuntimeError("the load broke off")
    with store.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    reopened = Store.open(f"sqlite:///{tmp_path / 'x.db'}")
    with reopened.connect() as conn:  # the next open builds the index the load dropped
        names = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list(posts)")}
    assert "ix_posts_created" in names


def test_a_writer_that_stops_midway_stops_its_reader(tmp_path: Path, shared_data: Path) -> None:
    import multiprocessing
    import threading

    threads = threading.active_count()

    def stop_after_first_batch(done: int) -> None:
        raise KeyboardInterrupt

    store = Store.open(f"sqlite:///{tmp_path / 'x.db'}")
    path = shared_data / "twcs-head5000" / "twcs.csv"
    with pytest.raises(KeyboardInterrupt):
        ingest_path(store, path, batch_size=200, parallel=True, progress=stop_after_first_batch)
    assert multiprocessing.active_children() == []
    assert threading.active_count() == threads
    again = ingest_path(store, path, batch_size=200, parallel=True)
    assert (again.resumed_from, again.stored, again.threads) == (200, 5000, 1312)


class _TwoPart(Exception):
    def __init__(self, first: str, second: str) -> None:  # pickles, but cannot unpickle
        super().__init__(f"{first}: {second}")


def _failing_records():  # type: ignore[no-untyped-def]
    raise _TwoPart("the source", "broke")
    yield


def test_an_error_that_cannot_cross_the_pipe_is_still_raised() -> None:
    from goodword.readahead import prepared_batches

    with pytest.raises(RuntimeError, match="_TwoPart: the source: broke"):  # noqa: PT012
        with prepared_batches(
            _failing_records, source="s", dialect="sqlite", size=10, skip_to=0, parallel=True
        ) as batches:
            list(batches)


def test_an_in_memory_store_is_read_in_process(shared_data: Path) -> None:
    store = Store.open("sqlite:///:memory:")
    path = shared_data / "twcs-head5000" / "twcs.csv"
    assert ingest_path(store, path, parallel=True).stored == 5000

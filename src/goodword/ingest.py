"""Ingest: read a source → store posts in batches → quarantine the unusable → rebuild threads.

Every input record is either stored or quarantined with its record number and a reason a
person can act on. Each batch commits together with the run's cursor, so a crash mid-way
resumes where it stopped; re-ingesting the same file changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection

from goodword import sources
from goodword.collector import few_collections
from goodword.errors import SourceError
from goodword.model import IngestReport
from goodword.products import link_products
from goodword.readahead import prepared_batches
from goodword.store import Store, runs
from goodword.store.prepare import PreparedBatch
from goodword.store.threading import rethread
from goodword.store.writes import BatchCounts, quarantine, venue_id, write_posts

Progress = Callable[[int], None]  # called with the number of records just handled


PARALLEL_BYTES = 4 << 20  # files at least this large are read in a second process
BULK_RECORDS = 50_000  # ...and loaded in bulk when they bring this many posts or more


def ingest_path(
    store: Store,
    path: Path | str,
    fmt: str | None = None,
    *,
    venue: str | None = None,
    batch_size: int = 20000,
    progress: Progress | None = None,
    parallel: bool | None = None,
) -> IngestReport:
    """Ingest one file (or dump folder) and return what was stored, updated and quarantined.

    ``parallel`` reads and prepares records in a second process (None: for files of
    PARALLEL_BYTES or more).
    """
    path = Path(path)
    if not path.exists():
        raise SourceError(f"{path} does not exist")
    source = sources.get(fmt) if fmt else sources.detect(path)
    key = str(path.resolve())
    size = _size(path)
    with store.begin() as conn:
        run = runs.start(conn, key, source.name, file_digest(path))
        bulk = size // _BYTES_PER_RECORD >= max(BULK_RECORDS, _posts_held(conn))
    if parallel is None:
        parallel = size >= PARALLEL_BYTES
    parallel = parallel and not _in_memory(store)  # disposing would drop such a database
    if parallel:
        store.engine.dispose()  # the reader forks with no open database connection
    venues: dict[str, int] = {}
    with (
        few_collections(),
        prepared_batches(
            lambda: source.read(path, venue=venue),
            source=key,
            dialect=store.dialect,
            size=batch_size,
            skip_to=run.cursor,
            parallel=parallel,
        ) as batches,
        store.bulk(defer_indexes=bulk) as conn,
    ):
        for batch in batches:
            _write_batch(conn, run.id, key, source.name, batch, venues)
            if progress:
                progress(batch.size)
    report = _finish(store, run, key, source.name, venues)
    link_products(store)
    return report


_BYTES_PER_RECORD = 200  # a rough guess of a record's size, to judge a file's bulk


def _in_memory(store: Store) -> bool:
    return store.dialect == "sqlite" and store.engine.url.database in (None, "", ":memory:")


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def _posts_held(conn) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from goodword.store import schema as s

    return int(conn.execute(select(func.coalesce(func.max(s.posts.c.id), 0))).scalar_one())


def _write_batch(
    conn: Connection, run_id: int, key: str, fmt: str, batch: PreparedBatch, venues: dict[str, int]
) -> None:
    total = BatchCounts()
    with conn.begin():
        for venue_key, rows in batch.venues.items():
            if venue_key not in venues:
                venues[venue_key] = venue_id(conn, venue_key, rows.kind)
            counts = write_posts(conn, venues[venue_key], rows)
            total.stored += counts.stored
            total.updated += counts.updated
            total.unchanged += counts.unchanged
        total.quarantined = quarantine(conn, key, fmt, batch.rejects)
        runs.advance(conn, run_id, batch.last_record, total)


def _finish(
    store: Store, run: runs.Run, key: str, fmt: str, venues: dict[str, int]
) -> IngestReport:
    with store.begin() as conn:
        for vid in _venues_of_source(conn, key, venues) if run.resumed else venues.values():
            rethread(conn, vid)
        counts = runs.finish(conn, run.id)
        threads = _thread_count(conn, key)
    return IngestReport(
        source=key,
        format=fmt,
        stored=counts.stored,
        updated=counts.updated,
        unchanged=counts.unchanged,
        quarantined=counts.quarantined,
        threads=threads,
        resumed_from=run.cursor if run.resumed else 0,
    )


def _venues_of_source(conn, key: str, venues: dict[str, int]) -> set[int]:  # type: ignore[no-untyped-def]
    """Venues this run wrote to, including ones written before a crash (a full scan)."""
    from sqlalchemy import select

    from goodword.store import schema as s

    q = select(s.posts.c.venue_id).where(s.posts.c.source == key).distinct()
    return set(venues.values()) | set(conn.execute(q).scalars())


def _thread_count(conn, key: str) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from goodword.store import schema as s

    q = select(func.count(func.distinct(s.posts.c.thread_id))).where(s.posts.c.source == key)
    return int(conn.execute(q).scalar_one())


def file_digest(path: Path) -> str:
    """SHA-256 of a file, or of every file in a dump folder."""
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        with open(f, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()

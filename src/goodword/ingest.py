"""Ingest: read a source → store posts in batches → quarantine the unusable → rebuild threads.

Every input record is either stored or quarantined with its record number and a reason a
person can act on. Each batch commits together with the run's cursor, so a crash mid-way
resumes where it stopped; re-ingesting the same file changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from goodword import sources
from goodword.errors import SourceError
from goodword.model import IngestReport, RawPost, Reject
from goodword.products import link_products
from goodword.store import Store, runs
from goodword.store.threading import refresh_source, rethread
from goodword.store.writes import BatchCounts, quarantine, venue_id, write_posts

Progress = Callable[[int], None]  # called with the number of records just handled


def ingest_path(
    store: Store,
    path: Path | str,
    fmt: str | None = None,
    *,
    venue: str | None = None,
    batch_size: int = 5000,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest one file (or dump folder) and return what was stored, updated and quarantined."""
    path = Path(path)
    if not path.exists():
        raise SourceError(f"{path} does not exist")
    source = sources.get(fmt) if fmt else sources.detect(path)
    key = str(path.resolve())
    with store.begin() as conn:
        run = runs.start(conn, key, source.name, file_digest(path))
    venues: dict[str, int] = {}
    for batch in _batches(source.read(path, venue=venue), batch_size, run.cursor):
        _write_batch(store, run.id, key, source.name, batch, venues)
        if progress:
            progress(len(batch))
    report = _finish(store, run, key, source.name, venues)
    link_products(store)
    return report


def _batches(records: Iterable[RawPost | Reject], size: int, skip_to: int) -> Iterator[list]:
    fresh = (r for r in records if r.record_no > skip_to)
    while batch := list(islice(fresh, size)):
        yield batch


def _write_batch(
    store: Store, run_id: int, key: str, fmt: str, batch: list, venues: dict[str, int]
) -> None:
    posts = [r for r in batch if isinstance(r, RawPost)]
    rejects = [r for r in batch if isinstance(r, Reject)]
    total = BatchCounts()
    with store.begin() as conn:
        for venue_key, group in _by_venue(posts).items():
            if venue_key not in venues:
                venues[venue_key] = venue_id(conn, venue_key, str(group[0].venue_kind))
            counts = write_posts(conn, venues[venue_key], group, key)
            total.stored += counts.stored
            total.updated += counts.updated
            total.unchanged += counts.unchanged
        total.quarantined = quarantine(conn, key, fmt, rejects)
        runs.advance(conn, run_id, batch[-1].record_no, total)


def _by_venue(posts: list[RawPost]) -> dict[str, list[RawPost]]:
    groups: dict[str, list[RawPost]] = {}
    for p in posts:
        groups.setdefault(p.venue, []).append(p)
    return groups


def _finish(
    store: Store, run: runs.Run, key: str, fmt: str, venues: dict[str, int]
) -> IngestReport:
    with store.begin() as conn:
        if runs.changed_anything(conn, run.id):
            refresh_source(conn, key)
        for vid in _venues_of_source(conn, key, venues):
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
    """Venues this run wrote to, including ones written before a crash."""
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

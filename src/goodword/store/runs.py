"""The ingest cursor: one row per (source file, content hash), so a crash resumes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from goodword.store import schema as s
from goodword.store.writes import BatchCounts, now


@dataclass(frozen=True)
class Run:
    id: int
    cursor: int  # the last record number committed
    resumed: bool


def start(conn: Connection, source: str, fmt: str, file_hash: str) -> Run:
    """Resume an unfinished run of the same file content, or start a new one."""
    t = s.ingest_runs
    q = (
        select(t.c.id, t.c.cursor)
        .where(t.c.source == source, t.c.file_hash == file_hash, t.c.status == "running")
        .order_by(t.c.id.desc())
        .limit(1)
    )
    row = conn.execute(q).first()
    if row is not None:
        return Run(row.id, row.cursor, resumed=True)
    values = {
        "source": source,
        "format": fmt,
        "file_hash": file_hash,
        "cursor": 0,
        "status": "running",
        "stored": 0,
        "updated": 0,
        "unchanged": 0,
        "quarantined": 0,
        "started_at": now(),
    }
    rid = conn.execute(t.insert().values(**values)).inserted_primary_key[0]
    return Run(rid, 0, resumed=False)


def advance(conn: Connection, run_id: int, cursor: int, counts: BatchCounts) -> None:
    t = s.ingest_runs
    conn.execute(
        update(t)
        .where(t.c.id == run_id)
        .values(
            cursor=cursor,
            stored=t.c.stored + counts.stored,
            updated=t.c.updated + counts.updated,
            unchanged=t.c.unchanged + counts.unchanged,
            quarantined=t.c.quarantined + counts.quarantined,
        )
    )


def finish(conn: Connection, run_id: int) -> BatchCounts:
    t = s.ingest_runs
    conn.execute(update(t).where(t.c.id == run_id).values(status="done", finished_at=now()))
    row = conn.execute(select(t).where(t.c.id == run_id)).one()
    return BatchCounts(row.stored, row.updated, row.unchanged, row.quarantined)

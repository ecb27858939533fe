"""``goodword enrich``: store every analyzer's signals for the posts that lack them.

A post needs enriching when, for some analyzer, it has no stored signal written by that
analyzer's current version: new posts, and every post after a model upgrade. Posts are
read in id order by keyset pagination and each batch is committed on its own, so an
interrupted run loses at most one batch and a rerun continues where it stopped. Thread
roll-ups are recomputed for the threads a batch touched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, and_, delete, exists, func, insert, or_, select
from sqlalchemy.orm import aliased

from goodword.signals.base import Analyzer, PostInput
from goodword.signals.classify import analyze
from goodword.signals.threads import THREAD_ANALYZER, rollup_threads
from goodword.store import Store
from goodword.store.schema import authors, post_signals, posts

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class EnrichReport:
    """What one enrich run did."""

    posts: int = 0
    batches: int = 0
    threads: int = 0


def _stale(analyzers: Sequence[Analyzer]):  # noqa: ANN202 - a SQLAlchemy clause
    """Posts lacking a signal of the current version of some analyzer."""
    clauses = []
    for a in analyzers:
        current = exists().where(
            post_signals.c.post_id == posts.c.id,
            post_signals.c.name == a.signals[0],
            post_signals.c.analyzer == a.name,
            post_signals.c.version == a.version,
        )
        clauses.append(~current)
    return or_(*clauses)


def count_stale(conn: Connection, analyzers: Sequence[Analyzer]) -> int:
    """How many posts need enriching."""
    return conn.execute(
        select(func.count()).select_from(posts).where(_stale(analyzers))
    ).scalar_one()


def _batch_query(analyzers: Sequence[Analyzer], after: int, size: int):  # noqa: ANN202
    parent = aliased(posts)
    return (
        select(
            posts.c.id,
            posts.c.thread_id,
            posts.c.text,
            posts.c.role,
            posts.c.kind,
            posts.c.accepted,
            posts.c.score,
            posts.c.brand,
            posts.c.parent_id,
            authors.c.followers,
            parent.c.role.label("parent_role"),
        )
        .join(authors, authors.c.id == posts.c.author_id)
        .outerjoin(parent, parent.c.id == posts.c.parent_id)
        .where(and_(posts.c.id > after, _stale(analyzers)))
        .order_by(posts.c.id)
        .limit(size)
    )


def _post_input(row) -> PostInput:  # noqa: ANN001 - a SQLAlchemy Row
    return PostInput(
        text=row.text or "",
        role=row.role,
        kind=row.kind,
        accepted=bool(row.accepted),
        followers=row.followers,
        score=row.score,
        brand=row.brand,
        reply_to_role=row.parent_role,
        is_root=row.parent_id is None,
    )


def _signal_rows(analyzers: Sequence[Analyzer], readings: dict, ids: list[int]) -> list[dict]:
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for a in analyzers:
        for name in a.signals:
            col = readings[name]
            for i, post_id in enumerate(ids):
                rows.append(
                    {
                        "post_id": post_id,
                        "name": name,
                        "score": float(col.scores[i]),
                        "label": col.labels[i] if col.labels is not None else None,
                        "analyzer": a.name,
                        "version": a.version,
                        "computed_at": now,
                    }
                )
    return rows


def _write_batch(conn: Connection, analyzers: Sequence[Analyzer], rows: list) -> set[int]:
    """Analyze one batch of post rows and replace their signals; the touched thread ids."""
    ids = [r.id for r in rows]
    readings = analyze(analyzers, [_post_input(r) for r in rows])
    names = [n for a in analyzers for n in a.signals]
    conn.execute(
        delete(post_signals).where(post_signals.c.post_id.in_(ids), post_signals.c.name.in_(names))
    )
    conn.execute(insert(post_signals), _signal_rows(analyzers, readings, ids))
    return {r.thread_id for r in rows if r.thread_id is not None}


def enrich(
    store: Store,
    analyzers: Sequence[Analyzer],
    *,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> EnrichReport:
    """Enrich every stale post, one committed batch at a time, then roll up threads."""
    with store.connect() as conn:
        total = count_stale(conn, analyzers)
    done, batches, threads, after = 0, 0, 0, 0
    while True:
        with store.begin() as conn:
            rows = conn.execute(_batch_query(analyzers, after, batch_size)).all()
            if not rows:
                break
            touched = _write_batch(conn, analyzers, rows)
            threads += rollup_threads(conn, touched)
        after, done, batches = rows[-1].id, done + len(rows), batches + 1
        if progress:
            progress(done, total)
    return EnrichReport(posts=done, batches=batches, threads=threads)


__all__ = ["THREAD_ANALYZER", "EnrichReport", "count_stale", "enrich"]

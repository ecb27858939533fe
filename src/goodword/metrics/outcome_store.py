"""The thin store layer around :func:`thread_outcomes`: read posts by thread, write outcomes.

``refresh_outcomes(store)`` recomputes the outcome of every thread that changed since the
last run (new posts, or signals computed since), so outcomes stay current as posts arrive;
``full=True`` recomputes everything. Posts are read in chunks of threads, each chunk one
set-based query that brings the post, its author's reach and its signals in one row.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import (
    BigInteger,
    Boolean,
    Connection,
    DateTime,
    Integer,
    and_,
    case,
    delete,
    func,
    or_,
    select,
)

from goodword.metrics.frames import read_frame
from goodword.metrics.outcomes_frame import THREAD_SIGNAL_COLUMNS, outcomes_frame
from goodword.metrics.records import PostRow, PostSignals, ThreadSignals
from goodword.store import Store
from goodword.store.schema import (
    authors,
    post_products,
    post_signals,
    posts,
    settings_kv,
    staff_replies,
    thread_signals,
    threads,
)
from goodword.store.schema import (
    thread_outcomes as outcomes_table,
)

SIGNALS_STAMP = "program.outcomes.signals_at"
DEFINITIONS = "negative-comment-2"  # bump when an outcome reads its signals differently
_YES_NO = ("gratitude", "question", "solved", "complaint", "referral", "uninvited_mention")
_SIGNAL_NAMES = ("sentiment", "polarity", *_YES_NO, "shareability", "delight")
_SCORED = {"polarity", "shareability"}


@dataclass(frozen=True, slots=True)
class RefreshReport:
    """What one refresh did."""

    threads: int
    staff_replies: int
    full: bool


def refresh_outcomes(
    store: Store,
    *,
    full: bool = False,
    chunk_size: int = 20000,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RefreshReport:
    """Recompute the outcomes of changed threads (all of them with ``full``).

    Chunks of threads are read and computed by ``workers`` processes (default: one per
    core when there are several chunks and the database is a file or a server) while this
    process writes the finished ones, in order.
    """
    with store.connect() as conn:
        stamp = _signals_stamp(conn)
        full = full or stamp != _stored_stamp(conn)
        ids = _all_thread_ids(conn) if full else _stale_thread_ids(conn)
    done = replies = 0
    if full:
        with store.begin() as conn:
            conn.execute(delete(staff_replies))
            conn.execute(delete(outcomes_table))
    chunks = list(_chunks(ids, chunk_size))
    for chunk, computed in _computed(store, chunks, full, _workers(store, workers, chunks)):
        with store.begin() as conn:
            replies += _write_chunk(conn, chunk, computed, full)
        done += len(chunk)
        if progress:
            progress(done, len(ids))
    with store.begin() as conn:
        _store_stamp(conn, stamp)
    return RefreshReport(threads=done, staff_replies=replies, full=full)


Computed = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]] | None


def compute_chunk(conn: Connection, ids: Sequence[int], full: bool) -> Computed:
    """(outcome rows, staff reply rows) of threads ``ids``, ready for the driver; None
    when they hold no post."""
    lo, hi = ids[0], ids[-1]
    frame = read_posts_frame(conn, lo, hi, only=None if full else ids)
    if frame.empty:
        return None
    outcomes, replies = outcomes_frame(frame, read_thread_signals_frame(conn, lo, hi))
    outcomes["product_id"] = outcomes["thread_id"].map(read_thread_products(conn, lo, hi))
    outcomes["computed_at"] = datetime.now(UTC).replace(tzinfo=None)
    sqlite = conn.dialect.name == "sqlite"
    outcome_rows = driver_rows(outcomes_table, outcomes, sqlite)
    return outcome_rows, driver_rows(staff_replies, replies, sqlite)


def _write_chunk(conn: Connection, ids: Sequence[int], computed: Computed, full: bool) -> int:
    if computed is None:
        return 0
    if not full:
        conn.execute(delete(staff_replies).where(staff_replies.c.thread_id.in_(ids)))
        conn.execute(delete(outcomes_table).where(outcomes_table.c.thread_id.in_(ids)))
    outcomes, replies = computed
    insert_rows(conn, outcomes_table, outcomes)
    insert_rows(conn, staff_replies, replies)
    return len(replies)


def _workers(store: Store, workers: int | None, chunks: list[Sequence[int]]) -> int:
    """Processes to compute with: 1 for a few chunks or an in-memory database."""
    if workers is not None:
        return max(1, workers)
    database = store.engine.url.database
    in_memory = store.dialect == "sqlite" and database in (None, "", ":memory:")
    forks = sys.platform == "linux"  # fork is safe there; elsewhere it may not be
    if in_memory or not forks or len(chunks) < 3:
        return 1
    return min(os.cpu_count() or 1, 4)


def _computed(
    store: Store, chunks: list[Sequence[int]], full: bool, workers: int
) -> Iterator[tuple[Sequence[int], Computed]]:
    """Each chunk with its computed outcomes, in order (computed in parallel if asked)."""
    if workers == 1:
        for chunk in chunks:
            with store.connect() as conn:
                yield chunk, compute_chunk(conn, chunk, full)
        return
    url = store.engine.url.render_as_string(hide_password=False)
    store.engine.dispose()  # workers fork with no open connection; each opens its own
    context = multiprocessing.get_context("fork")  # no re-import of the caller's script
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: deque[Future[Computed]] = deque()
        for index, chunk in enumerate(chunks):
            pending.append(pool.submit(_compute_in_worker, url, chunk, full))
            if len(pending) > workers:  # at most one finished chunk waits per worker
                yield chunks[index - workers], pending.popleft().result()
        for chunk in chunks[len(chunks) - len(pending) :]:
            yield chunk, pending.popleft().result()


_WORKER_STORES: dict[str, Store] = {}


def _compute_in_worker(url: str, ids: Sequence[int], full: bool) -> Computed:
    """:func:`compute_chunk` in a worker process, on its own connection."""
    if url not in _WORKER_STORES:
        _WORKER_STORES[url] = Store.open(url, migrate=False)
    with _WORKER_STORES[url].connect() as conn:
        return compute_chunk(conn, ids, full)


def write_frame(conn: Connection, table: Any, frame: pd.DataFrame) -> None:
    """Insert a frame's rows with one driver-level executemany (no per-row ORM work)."""
    insert_rows(conn, table, driver_rows(table, frame, conn.dialect.name == "sqlite"))


def driver_rows(table: Any, frame: pd.DataFrame, sqlite: bool) -> list[tuple[Any, ...]]:
    """A frame's rows as the tuples the driver binds, in the table's column order
    (prepared where the frame was computed: in a worker process, off the writer's path)."""
    if frame.empty:
        return []
    values = [_column(frame[c.name], c.type, sqlite) for c in table.columns]
    return list(zip(*values, strict=True))


def insert_rows(conn: Connection, table: Any, rows: list[tuple[Any, ...]]) -> None:
    """Insert driver-ready rows with one executemany."""
    if not rows:
        return
    columns = [c.name for c in table.columns]
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))})"
    )
    conn.exec_driver_sql(sql, rows)


def _column(series: pd.Series, kind: Any, sqlite: bool) -> list[Any]:
    """A column as plain Python values the driver binds (None for missing)."""
    if isinstance(kind, DateTime):
        return _moments(series, sqlite)
    known = series.notna()
    if isinstance(kind, Integer | BigInteger | Boolean):
        caster = bool if isinstance(kind, Boolean) else "int64"
        exact = series.where(known, 0).astype(caster).astype(object)
        return exact.where(known, None).tolist()  # Python ints/bools, None where missing
    return series.astype(object).where(known, None).tolist()


def _moments(series: pd.Series, sqlite: bool) -> list[Any]:
    """Datetimes as the driver takes them; SQLite gets SQLAlchemy's own text form."""
    moments = pd.to_datetime(series)
    if sqlite:
        text = moments.dt.strftime("%Y-%m-%d %H:%M:%S.%f")
        return text.astype(object).where(moments.notna(), None).tolist()
    return [None if pd.isna(v) else v.to_pydatetime() for v in moments]


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _all_thread_ids(conn: Connection) -> list[int]:
    return list(conn.execute(select(threads.c.id).order_by(threads.c.id)).scalars())


def _stale_thread_ids(conn: Connection) -> list[int]:
    """Threads with no outcome yet, or whose post count or last post time moved."""
    o = outcomes_table
    query = (
        select(threads.c.id)
        .select_from(threads.outerjoin(o, o.c.thread_id == threads.c.id))
        .where(
            or_(
                o.c.thread_id.is_(None),
                o.c.posts != threads.c.post_count,
                o.c.last_post_at != threads.c.last_post_at,
            )
        )
        .order_by(threads.c.id)
    )
    return list(conn.execute(query).scalars())


def _signals_stamp(conn: Connection) -> str:
    """When signals last changed, and which definitions read them: outcomes older than this
    are recomputed."""
    post = conn.execute(select(func.max(post_signals.c.computed_at))).scalar()
    thread = conn.execute(select(func.max(thread_signals.c.computed_at))).scalar()
    return f"{post}|{thread}|{DEFINITIONS}"


def _stored_stamp(conn: Connection) -> str | None:
    query = select(settings_kv.c.value).where(settings_kv.c.key == SIGNALS_STAMP)
    return conn.execute(query).scalar()


def _store_stamp(conn: Connection, stamp: str) -> None:
    conn.execute(delete(settings_kv).where(settings_kv.c.key == SIGNALS_STAMP))
    conn.execute(settings_kv.insert().values(key=SIGNALS_STAMP, value=stamp))


def _signal(name: str) -> Any:
    return post_signals.alias(f"s_{name}")


def read_posts(
    conn: Connection, lo: int, hi: int, *, only: Sequence[int] | None = None
) -> list[PostRow]:
    """Posts of threads ``lo..hi`` (or only the ``only`` threads), ordered by thread."""
    names = ("sentiment", "polarity", *_YES_NO, "shareability", "delight")
    aliases = {name: _signal(name) for name in names}
    joined = posts.join(authors, authors.c.id == posts.c.author_id)
    for name, alias in aliases.items():
        cond = and_(alias.c.post_id == posts.c.id, alias.c.name == name)
        joined = joined.outerjoin(alias, cond)
    staff_text = case((posts.c.role != "customer", posts.c.text), else_=None)
    where = posts.c.thread_id.between(lo, hi)
    if only is not None:
        where = posts.c.thread_id.in_(only)
    query = (
        select(
            *_POST_COLUMNS,
            authors.c.followers,
            staff_text,
            *[aliases[n].c.label for n in ("sentiment",)],
            aliases["polarity"].c.score,
            *[aliases[n].c.label for n in _YES_NO],
            aliases["shareability"].c.score,
            aliases["delight"].c.label,
        )
        .select_from(joined)
        .where(where)
        .order_by(posts.c.thread_id)
    )
    return [_post_row(r) for r in conn.execute(query)]


_POST_COLUMNS = (
    posts.c.id,
    posts.c.thread_id,
    posts.c.venue_id,
    posts.c.author_id,
    posts.c.role,
    posts.c.kind,
    posts.c.created_at,
    posts.c.brand,
    posts.c.score,
    posts.c.accepted,
)


def _post_row(r: Any) -> PostRow:
    yes_no = [_yes(label) for label in r[14:20]]  # in the order of _YES_NO and PostSignals
    signals = PostSignals(r[12], r[13], *yes_no, shareability=r[20], delight=r[21])
    return PostRow(*r[:10], followers=r[10], text=r[11], signals=signals)


def _yes(label: str | None) -> bool | None:
    return None if label is None else label == "yes"


def read_thread_signals(conn: Connection, lo: int, hi: int) -> dict[int, ThreadSignals]:
    """The contract's thread signals for threads ``lo..hi``."""
    t = thread_signals
    query = select(t.c.thread_id, t.c.name, t.c.score, t.c.label).where(
        t.c.thread_id.between(lo, hi),
        t.c.name.in_(("resolved", "gratitude", "sentiment_start", "sentiment_end")),
    )
    found: dict[int, dict[str, Any]] = {}
    for thread_id, name, score, label in conn.execute(query):
        found.setdefault(thread_id, {})[name] = (score, label)
    return {tid: _thread_signals(values) for tid, values in found.items()}


def _thread_signals(values: dict[str, Any]) -> ThreadSignals:
    resolved = values.get("resolved")
    gratitude = values.get("gratitude")
    return ThreadSignals(
        resolved_by=(resolved[1] or "none") if resolved else None,
        gratitude=bool(gratitude[0]) if gratitude and gratitude[0] is not None else None,
        sentiment_start=values.get("sentiment_start", (None,))[0],
        sentiment_end=values.get("sentiment_end", (None,))[0],
    )


def read_posts_frame(
    conn: Connection, lo: int, hi: int, *, only: Sequence[int] | None = None
) -> pd.DataFrame:
    """Posts of threads ``lo..hi`` with their author's reach and signals, as a frame.

    Signals are read long (post, name, score, label) and pivoted in pandas: cheaper than
    nine joins or conditional aggregates in the database.
    """
    where = posts.c.thread_id.between(lo, hi) if only is None else posts.c.thread_id.in_(only)
    staff_text = case((posts.c.role != "customer", posts.c.text), else_=None)
    query = (
        select(*_POST_COLUMNS, authors.c.followers, staff_text.label("text"))
        .select_from(posts.join(authors, authors.c.id == posts.c.author_id))
        .where(where)
    )
    frame = _frame(conn, query, [*(c.name for c in _POST_COLUMNS), "followers", "text"])
    s = post_signals.c
    useful = or_(
        s.name.in_(("sentiment", "polarity", "shareability")),
        s.label == "yes",
        and_(s.name == "delight", s.label != "none"),
    )  # a missing "yes" reads as no
    long = (
        select(s.post_id, s.name, s.score, s.label)
        .select_from(posts.join(post_signals, s.post_id == posts.c.id))
        .where(where, useful)
    )
    signals = _pivot(_frame(conn, long, ["id", "name", "score", "label"]))
    frame = frame.merge(signals, on="id", how="left") if len(signals) else _no_signals(frame)
    for name in _YES_NO:
        frame[name] = frame[name].map({"yes": True, "no": False})
    frame["created_at"] = pd.to_datetime(frame["created_at"])
    return frame


def _frame(conn: Connection, query: Any, columns: list[str]) -> pd.DataFrame:
    return read_frame(conn, query, columns)


def _pivot(long: pd.DataFrame) -> pd.DataFrame:
    """One row per post, one column per signal: the score for scored signals, else the label."""
    if long.empty:
        return long
    scored = long["name"].isin(_SCORED)
    long = long.assign(value=long["label"].where(~scored, long["score"]))
    wide = long.pivot(index="id", columns="name", values="value")
    for name in _SIGNAL_NAMES:
        if name not in wide:
            wide[name] = None
    for name in _SCORED:
        wide[name] = pd.to_numeric(wide[name], errors="coerce")
    return wide[list(_SIGNAL_NAMES)].reset_index()


def _no_signals(frame: pd.DataFrame) -> pd.DataFrame:
    for name in _SIGNAL_NAMES:
        frame[name] = None
    return frame


def read_thread_signals_frame(conn: Connection, lo: int, hi: int) -> pd.DataFrame:
    """The contract's thread signals for threads ``lo..hi``, one row per thread."""
    found = read_thread_signals(conn, lo, hi)
    rows = [
        (tid, s.resolved_by, s.gratitude, s.sentiment_start, s.sentiment_end)
        for tid, s in found.items()
    ]
    return pd.DataFrame(rows, columns=list(THREAD_SIGNAL_COLUMNS))


def read_thread_products(conn: Connection, lo: int, hi: int) -> dict[int, int]:
    """The product each thread mentions most (ties: the lowest product id)."""
    query = (
        select(posts.c.thread_id, post_products.c.product_id, func.count())
        .select_from(post_products.join(posts, posts.c.id == post_products.c.post_id))
        .where(posts.c.thread_id.between(lo, hi))
        .group_by(posts.c.thread_id, post_products.c.product_id)
    )
    best: dict[int, tuple[int, int]] = {}
    for thread_id, product_id, n in conn.execute(query):
        current = best.get(thread_id)
        if current is None or (n, -product_id) > (current[1], -current[0]):
            best[thread_id] = (product_id, n)
    return {tid: pid for tid, (pid, _) in best.items()}

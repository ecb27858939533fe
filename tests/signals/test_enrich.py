"""goodword enrich on SQLite and PostgreSQL: incremental, idempotent, resumable, and a model
upgrade recomputes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from goodword.signals.analyzers import DelightOccasions
from goodword.signals.enrich import count_stale, enrich
from goodword.store import Store
from goodword.store.schema import authors, post_signals, posts, thread_signals, threads, venues

T0 = datetime(2024, 5, 1, 9, 0)
CONVERSATION = [  # (role, handle, text)
    ("customer", "ann", "@Acme my order never arrived and I was charged twice"),
    ("staff", "acme", "We're so sorry Ann, that was our mistake. Refund issued today."),
    ("customer", "ann", "Got the refund, thank you so much, that fixed it!"),
]


def _venue(conn) -> int:  # noqa: ANN001
    return conn.execute(
        insert(venues).values(key="tw", kind="social", name="Twitter").returning(venues.c.id)
    ).scalar_one()


def _author(conn, venue: int, handle: str, role: str) -> int:  # noqa: ANN001
    existing = conn.execute(select(authors.c.id).where(authors.c.handle == handle)).scalar()
    if existing:
        return existing
    return conn.execute(
        insert(authors)
        .values(venue_id=venue, handle=handle, role=role, followers=120)
        .returning(authors.c.id)
    ).scalar_one()


def add_thread(store: Store, key: str, conversation=CONVERSATION) -> None:  # noqa: ANN001
    with store.begin() as conn:
        venue = conn.execute(select(venues.c.id)).scalar() or _venue(conn)
        thread = conn.execute(
            insert(threads)
            .values(
                venue_id=venue,
                root_external_id=f"{key}-0",
                orphan=False,
                post_count=len(conversation),
            )
            .returning(threads.c.id)
        ).scalar_one()
        parent = None
        for i, (role, handle, text) in enumerate(conversation):
            parent = conn.execute(
                insert(posts)
                .values(
                    venue_id=venue,
                    external_id=f"{key}-{i}",
                    parent_id=parent,
                    thread_id=thread,
                    author_id=_author(conn, venue, handle, role),
                    role=role,
                    kind="post",
                    created_at=T0 + timedelta(minutes=i),
                    text=text,
                    content_hash=f"{key}{i}",
                    accepted=False,
                )
                .returning(posts.c.id)
            ).scalar_one()


def _count(store: Store, table) -> int:  # noqa: ANN001
    with store.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_enrich_stores_every_signal_and_thread_rollups(store: Store, analyzers: list) -> None:
    add_thread(store, "a")
    report = enrich(store, analyzers)
    assert (report.posts, report.threads) == (3, 1)
    n_signals = sum(len(a.signals) for a in analyzers)
    assert _count(store, post_signals) == 3 * n_signals
    with store.connect() as conn:
        rows = dict(conn.execute(select(thread_signals.c.name, thread_signals.c.label)).all())
        stamped = conn.execute(select(post_signals.c.analyzer, post_signals.c.version)).all()
    assert rows["resolved"] == "staff"
    assert {a for a, _ in stamped} == {a.name for a in analyzers}


def test_enrich_is_incremental_and_idempotent(store: Store, analyzers: list) -> None:
    add_thread(store, "a")
    enrich(store, analyzers)
    assert enrich(store, analyzers).posts == 0
    add_thread(store, "b")
    with store.connect() as conn:
        assert count_stale(conn, analyzers) == 3
    assert enrich(store, analyzers, batch_size=2).posts == 3
    assert _count(store, thread_signals) == 2 * 4


def test_a_model_upgrade_recomputes_that_analyzers_signals(store: Store, analyzers: list) -> None:
    add_thread(store, "a")
    enrich(store, analyzers)

    class DelightV2(DelightOccasions):
        version = "2.0.0"

    upgraded = [DelightV2().fit() if isinstance(a, DelightOccasions) else a for a in analyzers]
    assert enrich(store, upgraded).posts == 3
    with store.connect() as conn:
        versions = (
            conn.execute(select(post_signals.c.version).where(post_signals.c.name == "delight"))
            .scalars()
            .all()
        )
    assert set(versions) == {"2.0.0"}


def test_an_interrupted_run_resumes_where_it_stopped(store: Store, analyzers: list) -> None:
    for key in "abcd":
        add_thread(store, key)
    calls = []

    def stop_after_two(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        enrich(store, analyzers, batch_size=3, progress=stop_after_two)
    with store.connect() as conn:
        assert count_stale(conn, analyzers) == 6
    assert enrich(store, analyzers, batch_size=3).posts == 6


def test_another_backend_recomputes_the_text_signals(store: Store, analyzers: list) -> None:
    """Enrich with the transformer backend: the text signals are stamped with its analyzer
    and read sentiment with its model; back on the words heads, they are recomputed."""
    from goodword.signals.analyzers import SENTIMENT
    from goodword.signals.registry import analyzers_for
    from goodword.signals.transformer import SentimentModel

    add_thread(store, "a")
    enrich(store, analyzers)
    transformer = analyzers_for("transformer")
    assert enrich(store, transformer).posts == 3
    assert enrich(store, transformer).posts == 0
    with store.connect() as conn:
        stored = conn.execute(
            select(posts.c.text, post_signals.c.analyzer, post_signals.c.label)
            .join(posts, posts.c.id == post_signals.c.post_id)
            .where(post_signals.c.name == "sentiment")
            .order_by(posts.c.id)
        ).all()
    p = SentimentModel().fit().predict_proba([text for _, _, text in CONVERSATION])
    assert [label for _, _, label in stored] == [SENTIMENT[i] for i in p.argmax(axis=1)]
    assert {analyzer for _, analyzer, _ in stored} == {"goodword.text-transformer"}
    assert enrich(store, analyzers).posts == 3

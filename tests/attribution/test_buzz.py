"""Daily buzz from the store's posts, signals and product links (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from goodword.attribution import buzz as bz
from goodword.attribution import queries as q
from goodword.store import Store
from goodword.store.schema import authors, post_products, post_signals, posts, products, venues

NOW = datetime(2024, 5, 1)


def _post(pid: int, author: int, role: str, day: int, thread: int) -> dict[str, object]:
    return {"id": pid, "venue_id": 1, "external_id": f"e{pid}", "thread_id": thread,
            "author_id": author, "role": role, "kind": "post", "text": "hi",
            "created_at": datetime(2024, 5, day, 12), "content_hash": f"h{pid}",
            "accepted": False}  # fmt: skip


def _signal(pid: int, name: str, label: str, score: float) -> dict[str, object]:
    return {"post_id": pid, "name": name, "label": label, "score": score,
            "analyzer": "test", "version": "1", "computed_at": NOW}  # fmt: skip


@pytest.fixture
def filled(store: Store) -> Store:
    with store.begin() as conn:
        conn.execute(venues.insert(), [{"id": 1, "key": "tw", "kind": "social", "name": "tw"}])
        conn.execute(authors.insert(), [
            {"id": 1, "venue_id": 1, "handle": "amy", "role": "customer", "followers": 1022},
            {"id": 2, "venue_id": 1, "handle": "bob", "role": "customer", "followers": None},
            {"id": 3, "venue_id": 1, "handle": "staffer", "role": "staff", "followers": 10},
        ])  # fmt: skip
        catalog = [{"id": i, "sku": s, "name": s, "aliases": "[]"} for i, s in ((1, "A"), (2, "B"))]
        conn.execute(products.insert(), catalog)
        written = [(1, 1, "customer", 1, 1), (2, 2, "customer", 1, 2), (3, 2, "customer", 2, 2),
                   (4, 3, "staff", 2, 1)]  # fmt: skip
        conn.execute(posts.insert(), [_post(*w) for w in written])
        conn.execute(post_products.insert(), [
            {"post_id": p, "product_id": 1, "matched": "A"} for p in (1, 2, 3, 4)
        ] + [{"post_id": 1, "product_id": 2, "matched": "B"}])  # fmt: skip
        conn.execute(post_signals.insert(), [
            _signal(1, "sentiment", "positive", 0.9), _signal(2, "sentiment", "negative", 0.8),
            _signal(1, "gratitude", "yes", 0.9), _signal(3, "gratitude", "no", 0.7),
        ])  # fmt: skip
    return store


def test_buzz_counts_customer_posts_per_product_and_day(filled: Store) -> None:
    with filled.connect() as conn:
        frame = bz.buzz_frame(conn).set_index(["sku", "day"]).sort_index()
    a1 = frame.loc[("A", pd.Timestamp("2024-05-01"))]
    assert (a1["volume"], a1["positive"], a1["negative"], a1["gratitude"]) == (2, 1, 1, 1)
    assert a1["reach"] == pytest.approx(10.0 + 1.0)  # log2(2 + 1022) + log2(2 + 0)
    a2 = frame.loc[("A", pd.Timestamp("2024-05-02"))]
    assert a2["volume"] == 1  # the staff reply is not buzz
    assert frame.loc[("B", pd.Timestamp("2024-05-01")), "volume"] == 1


def test_imported_buzz_replaces_the_store_count_for_its_products(filled: Store) -> None:
    outside = pd.DataFrame({"sku": ["A"], "day": [pd.Timestamp("2024-05-03").date()],
                            "volume": [7]})  # fmt: skip
    with filled.begin() as conn:
        bz.store_external(conn, outside)
    with filled.connect() as conn:
        frame = bz.buzz_frame(conn)
    assert frame.loc[frame["sku"] == "A", "volume"].tolist() == [7.0]
    assert frame.loc[frame["sku"] == "B", "volume"].tolist() == [1.0]


def test_customers_answered_by_staff_count_as_served(filled: Store) -> None:
    with filled.connect() as conn:
        assert q.served_handles(conn) == {"amy"}

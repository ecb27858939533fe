"""Writing authors: ids come back for new and held handles alike, and staff roles win."""

from __future__ import annotations

from sqlalchemy import select

from goodword.store import Store
from goodword.store import schema as s
from goodword.store.writes import author_ids, venue_id


def _author(handle: str, role: str, brand: str | None = None) -> tuple[object, ...]:
    return (handle, handle.title(), 10, role, brand)


def test_a_customer_seen_as_staff_takes_the_role_and_staff_keeps_it(store: Store) -> None:
    with store.begin() as conn:
        venue = venue_id(conn, "forum", "forum")
        first = author_ids(
            conn, venue, {"ann": _author("ann", "customer"), "bob": _author("bob", "staff", "Acme")}
        )
    with store.begin() as conn:
        second = author_ids(
            conn,
            venue,
            {
                "ann": _author("ann", "staff", "Acme"),
                "bob": _author("bob", "customer"),
                "cy": _author("cy", "customer"),
            },
        )
        held = conn.execute(select(s.authors.c.handle, s.authors.c.id, s.authors.c.role)).all()
    assert {h: second[h] for h in first} == first
    assert {h: (i, r) for h, i, r in held} == {
        "ann": (first["ann"], "staff"),
        "bob": (first["bob"], "staff"),
        "cy": (second["cy"], "customer"),
    }


def test_many_authors_at_once_get_their_own_ids(store: Store) -> None:
    """More authors than one multi-row statement takes."""
    handles = [f"user{i}" for i in range(12_345)]
    with store.begin() as conn:
        venue = venue_id(conn, "twitter", "social")
        ids = author_ids(conn, venue, {h: _author(h, "customer") for h in handles})
        held = dict(conn.execute(select(s.authors.c.handle, s.authors.c.id)).all())
    assert ids == held
    assert len(set(ids.values())) == len(handles)

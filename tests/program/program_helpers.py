"""Builders for the program tests: insert rows the way ingest and enrich would."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, func, insert, select

from goodword.store.schema import authors, post_signals, posts, thread_signals, threads, venues

T0 = datetime(2024, 1, 1, 9, 0)


@dataclass
class Builder:
    """Writes venues, authors, threads, posts and signals the way ingest and enrich would."""

    conn: Connection
    venue_id: int = 0
    authors: dict[str, int] = field(default_factory=dict)
    next_post: int = 0

    def venue(self, key: str = "twitter", kind: str = "social") -> int:
        result = self.conn.execute(insert(venues).values(key=key, kind=kind, name=key))
        self.venue_id = result.inserted_primary_key[0]
        return self.venue_id

    def author(self, handle: str, role: str = "customer", followers: int | None = None) -> int:
        found = self.conn.execute(
            select(authors.c.id).where(
                authors.c.venue_id == self.venue_id, authors.c.handle == handle
            )
        ).scalar()
        if found is not None:
            self.authors[handle] = found
        if handle not in self.authors:
            values = dict(venue_id=self.venue_id, handle=handle, role=role, followers=followers)
            result = self.conn.execute(insert(authors).values(**values))
            self.authors[handle] = result.inserted_primary_key[0]
        return self.authors[handle]

    def thread(self, posts_spec: list[tuple], brand: str | None = "Acme", **signals) -> int:
        """posts_spec: (handle, role, minutes after T0, text, extra dict) tuples."""
        start = T0 + timedelta(minutes=posts_spec[0][2])
        last = T0 + timedelta(minutes=posts_spec[-1][2])
        values = dict(
            venue_id=self.venue_id,
            root_external_id=f"r{self._threads()}",
            orphan=False,
            brand=brand,
            started_at=start,
            last_post_at=last,
            post_count=len(posts_spec),
        )
        tid = self.conn.execute(insert(threads).values(**values)).inserted_primary_key[0]
        for spec in posts_spec:
            self.post(tid, *spec, brand=brand)
        for name, (score, label) in signals.items():
            self.thread_signal(tid, name, score, label)
        return tid

    def post(
        self,
        tid: int,
        handle: str,
        role: str,
        minutes: float,
        text: str = "hi",
        extra: dict | None = None,
        brand: str | None = None,
    ) -> int:
        extra = dict(extra or {})
        sig = extra.pop("signals", {})
        followers = extra.pop("followers", None)
        self.next_post = self.conn.execute(select(func.count()).select_from(posts)).scalar() + 1
        values = dict(
            venue_id=self.venue_id,
            external_id=f"p{self.next_post}",
            thread_id=tid,
            author_id=self.author(handle, role, followers),
            role=role,
            brand=brand,
            kind=extra.pop("kind", "post"),
            created_at=T0 + timedelta(minutes=minutes),
            text=text,
            accepted=extra.pop("accepted", False),
            score=extra.pop("score", None),
            content_hash=hashlib.md5(text.encode()).hexdigest(),
        )
        pid = self.conn.execute(insert(posts).values(**values)).inserted_primary_key[0]
        for name, (score, label) in sig.items():
            self.signal(pid, name, score, label)
        return pid

    def _threads(self) -> int:
        return self.conn.execute(select(func.count()).select_from(threads)).scalar()

    def signal(self, pid: int, name: str, score: float | None, label: str | None) -> None:
        self.conn.execute(
            insert(post_signals).values(
                post_id=pid,
                name=name,
                score=score,
                label=label,
                analyzer="test",
                version="1",
                computed_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )

    def thread_signal(self, tid: int, name: str, score: float | None, label: str | None) -> None:
        self.conn.execute(
            insert(thread_signals).values(
                thread_id=tid,
                name=name,
                score=score,
                label=label,
                analyzer="test",
                version="1",
                computed_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )


def negative(polarity: float = -0.8, **more) -> dict:
    """A negative comment: read as negative and as a complaint."""
    found = {"sentiment": (0.9, "negative"), "polarity": (polarity, None)}
    found.update({k: (1.0, v) for k, v in {"complaint": "yes", **more}.items()})
    return found


def positive(polarity: float = 0.8, **more) -> dict:
    found = {"sentiment": (0.9, "positive"), "polarity": (polarity, None)}
    found.update({k: (1.0, v) for k, v in more.items()})
    return found

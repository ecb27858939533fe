"""Corrections users record with ``goodword label``; the next training can include them.

A correction is (task, text, label), optionally tied to a stored post. For the taxonomy the
label is a path (``billing/refund``); for yes/no signals it is ``yes`` or ``no``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select

from goodword.errors import ModelError
from goodword.signals.base import BINARY_SIGNALS
from goodword.store.schema import labels, posts

TASKS = ("taxonomy", "sentiment", *BINARY_SIGNALS, "delight")


@dataclass(frozen=True, slots=True)
class Correction:
    """One recorded correction."""

    id: int
    task: str
    text: str
    label: str
    post_id: int | None = None


def _post_text(conn: Connection, post_id: int) -> str:
    text = conn.execute(select(posts.c.text).where(posts.c.id == post_id)).scalar_one_or_none()
    if text is None:
        raise ModelError(f"no post with id {post_id}; check the id with `goodword` listings")
    return text


def record(
    conn: Connection, task: str, label: str, *, text: str | None = None, post_id: int | None = None
) -> Correction:
    """Store a correction for ``task``; give the text, a stored post id, or both."""
    if task not in TASKS:
        raise ModelError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
    if text is None and post_id is None:
        raise ModelError("give the text of the post or --post ID")
    text = text if text is not None else _post_text(conn, post_id)  # type: ignore[arg-type]
    row = {
        "task": task,
        "post_id": post_id,
        "text": text,
        "label": label.strip(),
        "created_at": datetime.now(UTC).replace(tzinfo=None),
    }
    new_id = conn.execute(insert(labels).values(**row).returning(labels.c.id)).scalar_one()
    return Correction(new_id, task, text, row["label"], post_id)


def corrections(conn: Connection, task: str) -> list[Correction]:
    """Every correction recorded for ``task``, oldest first (the latest wins on a repeat)."""
    rows = conn.execute(
        select(labels.c.id, labels.c.task, labels.c.text, labels.c.label, labels.c.post_id)
        .where(labels.c.task == task)
        .order_by(labels.c.id)
    ).all()
    latest = {r.text: Correction(r.id, r.task, r.text, r.label, r.post_id) for r in rows}
    return list(latest.values())

"""Run the analyzers over posts and collect their readings.

:func:`analyze` is the core loop (batches in, one dict of Columns per batch out) used by
``goodword classify`` and ``goodword enrich``. :func:`classify_records` turns readings
into the flat JSON objects ``goodword classify`` prints; :func:`classify_lines` reads them
from its input lines, line for line.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence

from goodword.collector import few_collections
from goodword.model import Role
from goodword.signals.base import BINARY_SIGNALS, Analyzer, Batch, Column, PostInput

BINARY = BINARY_SIGNALS


def analyze(analyzers: Sequence[Analyzer], posts: Sequence[PostInput]) -> dict[str, Column]:
    """Every analyzer's signals for ``posts``, sharing one feature matrix.

    The cyclic collector runs rarely meanwhile (:func:`few_collections`): a batch makes
    hundreds of thousands of short-lived objects (words, lists, tuples), and the default
    thresholds had it re-examine them again and again (see benchmarks/signals.py).
    """
    batch = Batch(posts)
    readings: dict[str, Column] = {}
    with few_collections():
        for analyzer in analyzers:
            readings.update(analyzer.predict(batch))
    return readings


def _role(value: object) -> str:
    role = value.strip().lower() if isinstance(value, str) else value
    if role not in set(Role):
        raise ValueError(f"is {value!r}, not one of {', '.join(Role)}")
    return str(role)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"is {value!r}, not true or false")
    return value


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"is {value!r}, not a whole number of at least 0")
    return value


def _name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"is {value!r}, not a name")
    return value.strip()


# What a JSONL line may say of its post besides ``text``: the fields of PostInput that
# change a reading, each with its check.
CONTEXT_FIELDS: dict[str, Callable[[object], object]] = {
    "role": _role,  # the author: customer, staff or brand
    "reply_to_role": _role,  # the author of the post this one answers
    "is_root": _flag,  # the post opens its thread
    "accepted": _flag,  # an accepted answer
    "brand": _name,  # the brand the thread is with (a name or @handle)
    "followers": _count,  # the author's reach, for shareability
}
# The fields of a post's place in its thread: read only with the author's role, as the
# heads learnt them (a post whose role is unknown was learnt with no place at all).
PLACE_FIELDS = ("reply_to_role", "is_root", "accepted", "brand")


def read_posts(
    lines: Iterable[str], warn: Callable[[str], None] = lambda _: None
) -> Iterator[PostInput]:
    """Posts from plain lines or JSONL objects with a ``text`` field (:func:`_read_lines`)."""
    return (post for _, post in _read_lines(lines, warn))


def _read_lines(
    lines: Iterable[str], warn: Callable[[str], None] = lambda _: None
) -> Iterator[tuple[object, PostInput]]:
    """Each line's ``id`` (a JSONL object's, kept as given; None for a plain line or an object
    without one) and post, from plain lines (one text per line) or JSONL objects with a
    ``text`` field.

    A JSONL object may also give the post's place in its thread (``CONTEXT_FIELDS``), which
    the home-made signals read as ``goodword enrich`` does; without it they read the words
    alone. The place needs the author's ``role``: without one the other place fields are
    left out. A post with a role and no ``is_root`` opens its thread unless it has a
    ``reply_to_role``. A field with a value it cannot take is left out and ``warn`` is told
    which line and why, as is a line whose ``text`` is missing or not a string (read as an
    empty post): every line still gives one post, so the output stays line for line.
    """
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        record = _json_object(line)
        if record is None:  # a plain line is the post's text
            yield None, PostInput(line)
            continue
        context: dict[str, object] = {}
        for field, check in CONTEXT_FIELDS.items():
            if record.get(field) is None:
                continue
            try:
                context[field] = check(record[field])
            except ValueError as exc:
                warn(f"line {number}: {field} {exc}; read without it")
        placed = [f for f in PLACE_FIELDS if f in context]
        if "role" not in context and placed:
            warn(f"line {number}: {', '.join(placed)} read only with a role; read without them")
            context = {k: v for k, v in context.items() if k not in PLACE_FIELDS}
        if "role" in context and "is_root" not in context:
            context["is_root"] = "reply_to_role" not in context
        text = record.get("text")
        if not isinstance(text, str):
            warn(f"line {number}: text is {text!r}, not a string; read as an empty post")
            text = ""
        yield record.get("id"), PostInput(text, **context)  # type: ignore[arg-type]


def _json_object(line: str) -> dict | None:
    """The JSON object on ``line``, or None when the line holds none."""
    if not line.lstrip().startswith("{"):
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    return record if isinstance(record, dict) else None


def decision_score(column: Column, i: int) -> float:
    """Post ``i``'s score on a yes/no signal, rescaled so that 0.5 is where the model says
    yes: its threshold (tuned for precision, and for a post without context higher still)
    becomes 0.5 and the order of scores is kept. The model's probability itself is kept
    under ``probability``."""
    score = float(column.scores[i])
    cut = 0.5 if column.cuts is None else float(column.cuts[i])
    if not 0.0 < cut < 1.0:
        return score
    if score < cut:
        return 0.5 * score / cut
    return 0.5 + 0.5 * (score - cut) / (1.0 - cut)


def _record(readings: dict[str, Column], i: int) -> dict[str, object]:
    sentiment = readings["sentiment"]
    out: dict[str, object] = {
        "sentiment": sentiment.labels[i],
        "sentiment_score": round(float(readings["polarity"].scores[i]), 4),
        "sentiment_probability": round(float(sentiment.scores[i]), 4),
    }
    out.update({name: round(decision_score(readings[name], i), 4) for name in BINARY})
    out["probability"] = {name: round(float(readings[name].scores[i]), 4) for name in BINARY}
    for name in ("taxonomy", "delight", "shareability"):
        if name in readings:
            out[name] = readings[name].labels[i]
            out[f"{name}_score"] = round(float(readings[name].scores[i]), 4)
    return out


def classify_records(
    analyzers: Sequence[Analyzer], posts: Iterable[str | PostInput], batch_size: int = 2048
) -> Iterator[dict[str, object]]:
    """One flat result per post (a text, or a post with its place), in input order."""
    chunk: list[PostInput] = []
    for post in posts:
        chunk.append(PostInput(post) if isinstance(post, str) else post)
        if len(chunk) >= batch_size:
            yield from _classify_chunk(analyzers, chunk)
            chunk = []
    if chunk:
        yield from _classify_chunk(analyzers, chunk)


def classify_lines(
    analyzers: Sequence[Analyzer], lines: Iterable[str], warn: Callable[[str], None]
) -> Iterator[dict[str, object]]:
    """One flat result per line (:func:`read_posts`), in input order; a JSONL line's ``id``
    comes first in its result."""
    ids: deque[object] = deque()  # each read line's id, until its result is out

    def posts() -> Iterator[PostInput]:
        for key, post in _read_lines(lines, warn):
            ids.append(key)
            yield post

    for record in classify_records(analyzers, posts()):
        key = ids.popleft()
        yield record if key is None else {"id": key, **record}


def _classify_chunk(analyzers: Sequence[Analyzer], posts: list[PostInput]) -> Iterator[dict]:
    readings = analyze(analyzers, posts)
    for i in range(len(posts)):
        yield _record(readings, i)

"""Run the analyzers over posts and collect their readings.

:func:`analyze` is the core loop (batches in, one dict of Columns per batch out) used by
``goodword classify`` and ``goodword enrich``. :func:`classify_records` turns readings
into the flat JSON objects ``goodword classify`` prints.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from goodword.collector import few_collections
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


def read_texts(lines: Iterable[str]) -> Iterator[str]:
    """Texts from plain lines (one post per line) or JSONL objects with a ``text`` field."""
    for line in lines:
        line = line.rstrip("\r\n")
        if line.lstrip().startswith("{"):
            try:
                line = str(json.loads(line).get("text", ""))
            except (json.JSONDecodeError, AttributeError):
                pass
        yield line


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
    analyzers: Sequence[Analyzer], texts: Iterable[str], batch_size: int = 2048
) -> Iterator[dict[str, object]]:
    """One flat result per text, in input order."""
    chunk: list[str] = []
    for text in texts:
        chunk.append(text)
        if len(chunk) >= batch_size:
            yield from _classify_chunk(analyzers, chunk)
            chunk = []
    if chunk:
        yield from _classify_chunk(analyzers, chunk)


def _classify_chunk(analyzers: Sequence[Analyzer], texts: list[str]) -> Iterator[dict]:
    readings = analyze(analyzers, [PostInput(t) for t in texts])
    for i in range(len(texts)):
        yield _record(readings, i)

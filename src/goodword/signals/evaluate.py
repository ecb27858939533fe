"""Held-out scores of the shipped models: per-label precision, recall, F1 and macro scores.

``goodword eval`` calls :func:`evaluate_all`; the training script stores the same numbers
for the model cards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from sklearn.metrics import accuracy_score, precision_recall_fscore_support

from goodword.signals import datasets
from goodword.signals.analyzers import DelightOccasions, TextSignals
from goodword.signals.base import Analyzer, Batch, PostInput
from goodword.signals.heads import HeadStack
from goodword.signals.labelled import COMPLAINT, DELIGHT, QUESTION, load_task
from goodword.signals.training import HOME_MADE, Task, home_task, post_of, public_tasks, yes_no

# The delight labels' note prefix for posts drawn because an occasion pattern matched them,
# after the patterns were written: they measure the patterns' precision on posts never
# looked at while writing them, and are left out of the recall (which they would inflate).
FRESH_HITS = "pattern hit: "
# ... and for tweets to brands that hold occasion words but no pattern hit: what the
# patterns miss where goodword reads (their recall there), half of them never read while
# writing the patterns.
NET_MISSES = "brand net: "
# Sources of posts on general topics (tweets, Reddit comments); the others are posts to or
# about a company (support threads, reviews, tweets at brands), where goodword reads.
GENERAL_SOURCES = ("semeval", "goemotions")


def label_scores(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, object]:
    """Per-label precision/recall/F1/support, macro averages and accuracy."""
    labels = sorted(set(truth) | set(predicted))
    p, r, f, n = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=0)
    per_label = {
        lbl: {
            "precision": round(float(a), 3),
            "recall": round(float(b), 3),
            "f1": round(float(c), 3),
            "support": int(d),
        }
        for lbl, a, b, c, d in zip(labels, p, r, f, n, strict=True)
    }
    return {
        "labels": per_label,
        "macro_precision": round(float(p.mean()), 3),
        "macro_recall": round(float(r.mean()), 3),
        "macro_f1": round(float(f.mean()), 3),
        "accuracy": round(float(accuracy_score(truth, predicted)), 3),
        "n": len(truth),
    }


def predicted_labels(analyzer: Analyzer, task: Task) -> list[str]:
    """The analyzer's labels for the task's held-out posts."""
    column = analyzer.predict(Batch(task.test_posts))[task.head]
    return list(column.labels or ())


def score_head(stack: HeadStack, task: Task) -> dict[str, object]:
    """Held-out scores of one head of a (possibly unsaved) stack."""
    analyzer = TextSignals()
    analyzer.stack_, analyzer.version_ = stack, "candidate"
    scores = label_scores(task.test_labels, predicted_labels(analyzer, task))
    scores["source"] = task.source
    scores["threshold"] = stack.thresholds_.get(task.head)
    return scores


def evaluate_all(
    data: Path, analyzer: Analyzer, log: Callable[[str], None] = lambda _: None
) -> dict[str, dict[str, object]]:
    """Scores of every text head on its held-out part; home-made sets skipped if absent."""
    tasks = public_tasks(data)
    for head in HOME_MADE:
        tasks.append(home_task(head, data))
    results = {}
    for task in tasks:
        log(f"scoring {task.head} on {len(task.test_labels)} held-out posts")
        results[task.head] = label_scores(task.test_labels, predicted_labels(analyzer, task))
        results[task.head]["source"] = task.source
        if task.head == "sentiment":  # and in the domain goodword reads
            results["sentiment (tweets to brands)"] = _brand_tweets(data, analyzer)
        if task.head in HOME_MADE:  # as `goodword classify` reads a plain line
            results[f"{task.head} (text only)"] = _text_only(analyzer, task)
    log("scoring the question cue and the delight occasions")
    results["question"] = _question_scores(data, analyzer)
    results.update(reply_scores(data, analyzer))
    results.update(delight_scores(data))
    return results


def _question_scores(data: Path, analyzer: Analyzer) -> dict[str, object]:
    """The question signal (a phrase cue) on the held-out question labels."""
    test = [e for e in load_task(QUESTION, data) if e.split == "test"]
    column = analyzer.predict(Batch([post_of(e) for e in test]))["question"]
    scores = label_scores(yes_no(test), list(column.labels or ()))
    scores["source"] = f"data/labels/{QUESTION}.csv"
    return scores


REPLIES = "customer replies in support threads"


def reply_scores(data: Path, analyzer: Analyzer) -> dict[str, dict[str, object]]:
    """Complaint and sentiment on the held-out customer replies of support threads
    (``data/labels/complaint.csv``), each read in its place in the thread."""
    test = [e for e in load_task(COMPLAINT, data) if e.split == "test"]
    out = analyzer.predict(Batch([post_of(e) for e in test]))
    source = f"data/labels/{COMPLAINT}.csv"
    complaint = label_scores(yes_no(test), list(out["complaint"].labels or ()))
    sentiment = label_scores([e.sentiment for e in test], list(out["sentiment"].labels or ()))
    return {
        f"complaint ({REPLIES})": {**complaint, "source": source},
        f"sentiment ({REPLIES})": {**sentiment, "source": source},
    }


def delight_scores(data: Path) -> dict[str, dict[str, object]]:
    """The delight occasion patterns on the held-out delight labels: per occasion, any
    occasion at all (yes/no), and the precision on pattern hits drawn afresh."""
    test = [e for e in load_task(DELIGHT, data) if e.split == "test"]
    drawn = [e for e in test if not e.note.startswith((FRESH_HITS, NET_MISSES))]
    fresh = [e for e in test if e.note.startswith(FRESH_HITS)]
    misses = [e for e in test if e.note.startswith(NET_MISSES)]
    source = f"data/labels/{DELIGHT}.csv"
    results: dict[str, dict[str, object]] = {}
    found = _occasions(drawn)
    results["delight"] = label_scores([e.fine for e in drawn], found)
    results["delight"]["source"] = source + ", the stratified draw"
    results["delight (any occasion)"] = _any_occasion(drawn, found)
    results["delight (any occasion)"]["source"] = source + ", the stratified draw"
    # every post drawn as a pattern hit was called, so only each occasion's precision tells
    for name, part in (
        ("to or about a company", [e for e in fresh if e.source not in GENERAL_SOURCES]),
        ("on general topics", [e for e in fresh if e.source in GENERAL_SOURCES]),
    ):
        if part:
            hits = label_scores([e.fine for e in part], _occasions(part))
            hits["source"] = f"{source}, pattern hits drawn afresh (read the precision)"
            results[f"delight (fresh pattern hits, posts {name})"] = hits
    if misses:
        yes_no = _any_occasion(misses, _occasions(misses))
        yes_no["source"] = (
            f"{source}, tweets to brands with occasion words, no pattern hit when drawn"
        )
        results["delight (tweets to brands the patterns missed)"] = yes_no
    return results


def _any_occasion(examples: Sequence, found: Sequence[str]) -> dict[str, object]:
    """Scores of "a moment or not", whatever the occasion."""
    return label_scores(
        yes_no(examples),
        ["no" if f == "none" else "yes" for f in found],
    )


def _occasions(examples: Sequence) -> list[str]:
    column = DelightOccasions().fit().predict(Batch([post_of(e) for e in examples]))["delight"]
    return list(column.labels or ())


def _brand_tweets(data: Path, analyzer: Analyzer) -> dict[str, object]:
    """Sentiment on the held-out half of the CrowdFlower tweets to brands."""
    brand_tweets = datasets.brand_tweet_sentiment(data)
    texts, labels = brand_tweets.part(True)
    column = analyzer.predict(Batch([PostInput(t) for t in texts]))["sentiment"]
    scores = label_scores(labels, list(column.labels or ()))
    scores["source"] = f"{brand_tweets.name}, the held-out half"
    return scores


def _text_only(analyzer: Analyzer, task: Task) -> dict[str, object]:
    """Scores with every post's place unknown, on the posts whose words settle their label
    (``training.PLACE_SETTLED``: an accepted answer, a reply within an exchange with the
    brand are left out)."""
    flags = task.test_from_words
    keep = [i for i in range(len(task.test_labels)) if flags is None or flags[i]]
    bare = replace(
        task,
        test_posts=tuple(PostInput(task.test_posts[i].text) for i in keep),
        test_labels=tuple(task.test_labels[i] for i in keep),
    )
    scores = label_scores(bare.test_labels, predicted_labels(analyzer, bare))
    left = len(task.test_labels) - len(keep)
    scores["source"] = (
        task.source
        + ", place unknown"
        + (f"; {left} posts whose label their place settles left out" if left else "")
    )
    return scores

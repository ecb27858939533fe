"""Training and held-out sets for every shipped head, built the same way by the training
script and by ``goodword eval``.

Public sets: sentiment (SemEval-2017, TweetEval validation held out),
gratitude (GoEmotions), complaint (the ACL 2019 complaints tweets, with TweetSumm
openings, and unlabelled tweets read by the embeddings teacher: ``data/distill``).
Home-made sets: solved, apology, referral, uninvited mention (``data/labels``, their own
train/test split; for the customer-only signals also the staff posts of the labelled
threads, as no), with the post's context.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.utils.class_weight import compute_sample_weight

from goodword.errors import ModelError
from goodword.signals import datasets
from goodword.signals.base import SHARED_FEATURES, PostInput
from goodword.signals.heads import LinearHead, design
from goodword.signals.patterns import CONTEXT_COLUMNS, PLACE_COLUMNS, context_matrix

if TYPE_CHECKING:
    from goodword.signals.labelled import LabelledExample

HOME_MADE = ("solved", "apology", "referral", "uninvited_mention")


@dataclass(frozen=True)
class Task:
    """One head's data: posts and labels for training and for the held-out score."""

    head: str
    source: str
    train_posts: tuple[PostInput, ...]
    train_labels: tuple[str, ...]
    test_posts: tuple[PostInput, ...]
    test_labels: tuple[str, ...]
    # unlabelled training posts with a teacher's P(yes) (distillation; complaint only)
    soft_posts: tuple[PostInput, ...] = ()
    soft_yes: tuple[float, ...] = ()
    # the thread of each training post (home-made sets): cross-validation keeps a thread's
    # posts in one fold, so no fold learns from the thread it is scored on
    train_threads: tuple[str, ...] = ()
    # whether the words alone settle each post's label (home-made sets; see PLACE_SETTLED);
    # None: every post's
    train_from_words: tuple[bool, ...] | None = None
    test_from_words: tuple[bool, ...] | None = None
    # a weight for each training post, times its class's balanced weight, read beside the
    # soft rows (complaint only); empty: 1 each
    train_weights: tuple[float, ...] = ()


def _from_labelled(head: str, sets: Sequence[datasets.Labelled]) -> Task:
    """Train on every set's train part; score on the first set's held-out part."""
    train_texts, train_labels = [], []
    for labelled in sets:
        texts, labels = labelled.part(False)
        train_texts += texts
        train_labels += labels
    test_texts, test_labels = sets[0].part(True)
    return Task(
        head,
        " + ".join(s.name for s in sets),
        tuple(PostInput(t) for t in train_texts),
        tuple(train_labels),
        tuple(PostInput(t) for t in test_texts),
        tuple(test_labels),
    )


def public_tasks(data: Path) -> list[Task]:
    """Sentiment, gratitude and complaint; scored on the first set's held-out part."""
    return [
        _from_labelled(
            "sentiment", [datasets.sentiment(data), datasets.brand_tweet_sentiment(data)]
        ),
        _from_labelled("gratitude", [datasets.goemotions(data, "gratitude")]),
        complaint_task(data),
    ]


def complaint_task(data: Path) -> Task:
    """Complaints 80% + TweetSumm openings + the training split of the customers' replies
    labelled for complaint (``data/labels/complaint.csv``), and the unlabelled pool with its
    teacher readings."""
    from goodword.signals.labelled import COMPLAINT, load_task

    replies = load_task(COMPLAINT, data)
    # the dialogs of the held-out replies teach nothing, their openings included
    held = frozenset(e.record_id.split(":")[0] for e in replies if e.split == "test")
    task = _from_labelled(
        "complaint", [datasets.complaints(data), datasets.tweetsumm_openings(data, held)]
    )
    replies = [e for e in replies if e.split == "train"]
    task = replace(
        task,
        source=task.source + f" + data/labels/{COMPLAINT}.csv",
        train_posts=task.train_posts + tuple(post_of(e) for e in replies),
        train_labels=task.train_labels + tuple(yes_no(replies)),
        train_weights=(1.0,) * len(task.train_posts) + (REPLY_WEIGHT,) * len(replies),
    )
    read = teacher_readings(DISTILLED)
    keyed = [(t, datasets.pool_key(t)) for t in datasets.complaint_pool(data)]
    pool = [(t, read[key]) for t, key in keyed if key in read]
    return replace(
        task,
        source=task.source + " + pool read by the embeddings head",
        soft_posts=tuple(PostInput(t) for t, _ in pool),
        soft_yes=tuple(p for _, p in pool),
    )


# Weight of a labelled customer reply in a support thread against a labelled tweet (1, 3 and
# 10 gave 0.780 / 0.792 / 0.783 F1 by 5-fold cross-validation over the replies' training
# split, folds by dialog: scripts/choose_reply_weight.py).
REPLY_WEIGHT = 3.0
# The embeddings complaint head's readings of the unlabelled pool (written by
# scripts/distill_complaint.py): what the default complaint head learns besides the labels.
DISTILLED = Path(__file__).resolve().parents[3] / "data" / "distill" / "complaint.csv"
# Weight of an unlabelled post against a labelled one, chosen with the default complaint
# head's penalty and threshold (HEAD_PARAMS) by cross-validated F1, each fold's pool read by
# a teacher trained without that fold (scripts/distill_complaint.py --cross-validate).
POOL_WEIGHT = 0.3
# The teacher: the embeddings complaint head (scripts/train_signal_embeddings.py).
TEACHER_PARAMS: dict[str, object] = {"C": 8.0, "class_weight": "balanced"}


def teacher_readings(path: Path) -> dict[str, float]:
    """``pool key -> P(complaint)`` as the teacher read each pool post."""
    if not path.is_file():
        raise ModelError(f"{path} is missing: run scripts/distill_complaint.py to write it")
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["key"]: float(row["p_yes"]) for row in csv.DictReader(handle)}


def with_soft_rows(
    X: sp.csr_matrix, y: np.ndarray, X_soft: sp.csr_matrix, p_yes: np.ndarray, weight: float
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Labelled rows weighted as balanced classes would weight them, then each unlabelled row
    twice: as yes with ``weight`` · p and as no with ``weight`` · (1 − p) (soft labels)."""
    rows = sp.vstack([X, X_soft, X_soft], format="csr")
    n = X_soft.shape[0]
    labels = np.concatenate([y, np.full(n, "yes"), np.full(n, "no")])
    weights = np.concatenate(
        [compute_sample_weight("balanced", y), weight * p_yes, weight * (1.0 - p_yes)]
    )
    return rows, labels, weights


def yes_no(examples: Sequence[LabelledExample]) -> list[str]:
    """The labelled examples' 1 / 0 as the heads' "yes" / "no"."""
    return ["yes" if e.label else "no" for e in examples]


def post_of(example: object) -> PostInput:
    """A labelled example as the analyzers read it: its text, author and place."""
    first = bool(example.is_first_in_thread)
    reply_to = None if first else example.parent_role
    return PostInput(
        text=example.text,
        role=example.role,
        kind=example.kind,
        accepted=bool(example.is_accepted),
        brand=example.brand,
        reply_to_role=reply_to,
        is_root=first,
    )


# Labels that a post's place in its thread settles, not its words (fine labels of
# data/labels): an answer is solved because it was accepted, and a customer's post at the
# brand is not an uninvited mention because it replies within an exchange with the brand,
# where its text could as well open one (``in_reply_text``, a reply whose text shows it, is
# settled by its words). Read without its place (a plain line given to `goodword
# classify`), such a post reads like the opposite label, so the place-unknown reading
# neither learns from these posts nor is scored on them.
PLACE_SETTLED: dict[str, frozenset[str]] = {
    "solved": frozenset({"accepted"}),
    "uninvited_mention": frozenset({"in_reply"}),
}

# Sources whose posts' place the files do not give, for the heads whose label depends on it:
# a tweet read alone may open a conversation or answer one. Such posts are read, in training
# and in the scores, as `goodword classify` reads a plain line: author and place unknown.
PLACE_UNKNOWN: dict[str, frozenset[str]] = {
    "uninvited_mention": frozenset({"crowdflower", "semeval"}),
}


def home_task(head: str, data: Path) -> Task:
    """A home-made set resolved from ``data/labels`` (train and test splits as labelled),
    with the posts of its threads that its rule 1 makes ``no``: the staff posts for the
    customer-only signals, the customer posts for apology."""
    from goodword.signals.labelled import CUSTOMER_ONLY, STAFF_ONLY, load_task, rule_negatives

    examples = load_task(head, data)
    ruled = rule_negatives(head, examples, data)
    if head in STAFF_ONLY:
        ruled += customer_tweets(head, data)
    examples += ruled
    others = (
        "staff posts of its threads"
        if head in CUSTOMER_ONLY
        else "customer posts of its threads, the reviews and comments labelled for the others, "
        "and customers' tweets to brands that say sorry"
    )
    train = [e for e in examples if e.split == "train"]
    test = [e for e in examples if e.split != "train"]
    settled = PLACE_SETTLED.get(head, frozenset())
    unplaced = PLACE_UNKNOWN.get(head, frozenset())

    def read(e: LabelledExample) -> PostInput:
        return PostInput(e.text) if e.source in unplaced else post_of(e)

    return Task(
        head,
        f"data/labels/{head}.csv" + (f" + {others}" if ruled else ""),
        tuple(read(e) for e in train),
        tuple(yes_no(train)),
        tuple(read(e) for e in test),
        tuple(yes_no(test)),
        train_threads=tuple(e.thread_id for e in train),
        train_from_words=tuple(e.fine not in settled for e in train),
        test_from_words=tuple(e.fine not in settled for e in test),
    )


# Words of apology, which a customer uses too ("sorry, wrong link", "the proper response:
# sorry for your wait", a brand's apology quoted in a retweet). Blame words ("not my fault",
# "my mistake") were tried too: they taught the head that "our mistake" is no apology.
_APOLOGY_WORDS = re.compile(r"sorry|apolog", re.IGNORECASE)


def customer_tweets(head: str, data: Path) -> list[LabelledExample]:
    """The CrowdFlower tweets to brands (``datasets.brand_tweet_sentiment``) that say sorry or
    apologise, ``no`` for a staff-only signal by its rule 1 (``fine`` "customer"):
    every one is a customer's. Each takes its half's split (the sentiment head's held-out
    half is ``test`` here too)."""
    from goodword.signals.labelled import (
        CROWDFLOWER_FILE,
        CUSTOMER_FINE,
        LabelRow,
        crowdflower_records,
        labelled_example,
    )

    brand = datasets.brand_tweet_sentiment(data)
    split_of = {
        datasets.match_key(t): "test" if held else "train"
        for t, held in zip(brand.texts, brand.test, strict=True)
    }
    corpus = {(r.source, r.record_id): r for r in crowdflower_records(data / CROWDFLOWER_FILE)}
    found, seen = [], set()
    for key, record in corpus.items():
        match = datasets.match_key(record.text)
        if match in split_of and match not in seen and _APOLOGY_WORDS.search(record.text):
            seen.add(match)
            rule = LabelRow(*key, 0, CUSTOMER_FINE, split_of[match], "customer tweet (rule 1)")
            found.append(labelled_example(head, rule, corpus))
    return found


def _from_words(flags: Sequence[bool] | None, n: int) -> np.ndarray:
    """``flags`` as a mask of ``n`` posts (None: every post's words settle its label)."""
    if flags is None:
        return np.ones(n, dtype=bool)
    if len(flags) != n:
        raise ModelError(f"{len(flags)} words-settle flags for {n} posts")
    return np.asarray(flags, dtype=bool)


def design_of(posts: Sequence[PostInput]):  # noqa: ANN201 - a scipy sparse matrix
    """The design matrix (shared words + context columns) of posts."""
    texts = [p.text for p in posts]
    return design(SHARED_FEATURES.transform(texts), context_matrix(posts, texts))


HEAD_PARAMS: dict[str, dict[str, object]] = {
    "sentiment": {"alpha": 2e-6, "class_weight": "balanced"},
    # gratitude: penalty chosen by 5-fold cross-validated F1 on GoEmotions train; its
    # threshold is chosen the same way each time the script runs (F1_TUNED). complaint:
    # penalty and threshold chosen with the pool weight (POOL_WEIGHT)
    "gratitude": {"alpha": 1e-6},
    "complaint": {"C": 64.0, "class_weight": "balanced", "threshold": 0.52},
    "solved": {"C": 4.0, "class_weight": "balanced"},
    "apology": {"C": 4.0, "class_weight": "balanced"},
    "referral": {"C": 4.0, "class_weight": "balanced"},
    "uninvited_mention": {"C": 8.0, "class_weight": "balanced"},
}

# Heads whose threshold is the one of best cross-validated F1 on the training part.
F1_TUNED = ("gratitude",)

# Home-made heads are tuned for precision: the lowest threshold whose cross-validated
# precision on the training split reaches this.
PRECISION_TARGET = 0.9

THRESHOLDS = np.round(np.arange(0.3, 0.96, 0.02), 2)


def precise_threshold(y: np.ndarray, p: np.ndarray, target: float = PRECISION_TARGET) -> float:
    """The lowest threshold at which precision over ``p`` reaches ``target``.

    When none does, the threshold of the highest precision (at least 5 posts above it).
    """
    best, best_precision = 0.5, 0.0
    for t in THRESHOLDS:
        hit = p >= t
        if hit.sum() < 5:
            break
        precision = y[hit].mean()
        if precision >= target:
            return float(t)
        if precision > best_precision:
            best, best_precision = float(t), precision
    return best


def f1_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The threshold of the best F1 over ``p`` (ties: the lowest)."""
    scores = [f1_score(y, p >= t, zero_division=0) for t in THRESHOLDS]
    return float(THRESHOLDS[int(np.argmax(scores))])


def words_and_cues(X: sp.csr_matrix) -> sp.csr_matrix:
    """``X`` with the post's place in its thread (role, reply, root, accepted answer, brand)
    zeroed. The public sets carry no thread: in them every post's role is unknown, so a head
    trained with those columns learns "role unknown" as its bias and loses it on every stored
    post, whose role is known. Heads trained on them read words and cue phrases only."""
    words = X.shape[1] - len(CONTEXT_COLUMNS)
    mask = np.ones(X.shape[1], dtype=X.dtype)
    mask[[words + CONTEXT_COLUMNS.index(c) for c in PLACE_COLUMNS]] = 0
    return (X @ sp.diags(mask)).tocsr()


def unknown_place(X: sp.csr_matrix) -> sp.csr_matrix:
    """``X`` as the same posts would read with nothing known of their place in a thread (what
    ``goodword classify`` sees, or a source that gives no roles): role unknown, no reply,
    root, accepted answer or brand known."""
    n = X.shape[0]
    column = X.shape[1] - len(CONTEXT_COLUMNS) + CONTEXT_COLUMNS.index("role_unknown")
    ones = np.ones(n, dtype=X.dtype)
    unknown = sp.csr_matrix((ones, (np.arange(n), np.full(n, column))), shape=X.shape)
    return (words_and_cues(X) + unknown).tocsr()


def with_unknown_place(
    X: sp.csr_matrix, y: np.ndarray, from_words: np.ndarray | None = None
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Each training post as labelled in its thread, and again with its place unknown where
    its words settle its label (``from_words``; every post when None). A home-made head then
    learns what the words alone say, rather than reading every post without context as the
    average post (``goodword eval`` scores both readings)."""
    keep = np.ones(len(y), dtype=bool) if from_words is None else np.asarray(from_words)
    unplaced = unknown_place(X[np.flatnonzero(keep)])
    return sp.vstack([X, unplaced], format="csr"), np.concatenate([y, y[keep]])


def fit_head(task: Task, log: Callable[[str], None] = print) -> LinearHead:
    """Fit one head on its training part, with its threshold chosen by cross-validation."""
    X = design_of(task.train_posts)
    if task.head not in HOME_MADE:
        X = words_and_cues(X)
    head = LinearHead(**HEAD_PARAMS.get(task.head, {}))  # type: ignore[arg-type]
    y = np.asarray(task.train_labels)
    if task.train_weights and not task.soft_posts:
        raise ModelError(f"{task.head}: per-post weights are read only beside a teacher's pool")
    if task.soft_posts:  # class balance is in the sample weights
        head.class_weight = None
        X_soft = words_and_cues(design_of(task.soft_posts))
        X, y, weights = with_soft_rows(X, y, X_soft, np.asarray(task.soft_yes), POOL_WEIGHT)
        if task.train_weights:
            weights[: len(task.train_weights)] *= np.asarray(task.train_weights)
        log(f"{task.head}: {len(task.soft_posts)} unlabelled posts with teacher readings")
        return head.fit(X, y, sample_weight=weights)
    if task.head in HOME_MADE:
        threads = np.asarray(task.train_threads)
        words = _from_words(task.train_from_words, len(y))
        # posts read with their place known; the others already read as a plain line does
        known = X[:, X.shape[1] - len(CONTEXT_COLUMNS) + CONTEXT_COLUMNS.index("role_unknown")]
        known = np.asarray(known.todense()).ravel() == 0
        placed, unplaced = _cross_validated(head, X, y, words & known, threads)
        assert unplaced is not None
        head.threshold = precise_threshold(y[known] == "yes", placed[known])
        head.unknown_place_threshold = precise_threshold(y[words] == "yes", unplaced[words])
        X, y = with_unknown_place(X, y, words & known)
    elif task.head in F1_TUNED:
        head.threshold = f1_threshold(y == "yes", _cross_validated(head, X, y)[0])
    unknown = getattr(head, "unknown_place_threshold", None)
    also = "" if unknown is None else f" ({unknown} with the place unknown)"
    log(f"{task.head}: {X.shape[0]} training rows, threshold {head.threshold}{also}")
    return head.fit(X, y)


def folds(y: np.ndarray, threads: np.ndarray | None = None) -> list[tuple[np.ndarray, ...]]:
    """5 stratified (train, test) folds with the project's seed; with ``threads``, each
    thread's posts in one fold."""
    rows = np.zeros(len(y))
    if threads is not None and len(threads):
        grouped = StratifiedGroupKFold(5, shuffle=True, random_state=datasets.SEED)
        return list(grouped.split(rows, y, threads))
    return list(StratifiedKFold(5, shuffle=True, random_state=datasets.SEED).split(rows, y))


def _cross_validated(
    head: LinearHead,
    X,  # noqa: ANN001
    y: np.ndarray,
    from_words: np.ndarray | None = None,
    threads: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Out-of-fold P(yes) for every training row (5 folds, fixed seed; with ``threads``, the
    posts of a thread in one fold). With ``from_words`` (a home-made head) each fold trains
    as :func:`with_unknown_place` (the rows it marks read again with their place unknown)
    and scores the held-out rows twice: as labelled in their threads, and with their place
    unknown."""
    placed = np.zeros(len(y))
    unplaced = None if from_words is None else np.zeros(len(y))
    for train, test in folds(y, threads):
        fold_head = LinearHead(head.C, head.class_weight, alpha=head.alpha)
        X_fit, y_fit = X[train], y[train]
        if from_words is not None:
            X_fit, y_fit = with_unknown_place(X_fit, y_fit, from_words[train])
        fold_head.fit(X_fit, y_fit)
        placed[test] = fold_head.predict_proba(X[test])
        if unplaced is not None:
            unplaced[test] = fold_head.predict_proba(unknown_place(X[test]))
    return placed, unplaced

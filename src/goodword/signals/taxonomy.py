"""The issue taxonomy: a user-editable YAML tree and the classifier that learns it.

A taxonomy file nests nodes under ``nodes:``; a node's *path* joins its keys with "/"
(``billing/refund``). :class:`TaxonomyModel` learns paths from labelled texts (a linear
model over hashed words, and optionally character n-grams) and reports precision and recall
per node, where a prediction counts for the node and every ancestor on its path.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp
import yaml
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.svm import LinearSVC

from goodword.errors import ModelError
from goodword.signals.base import SHARED_FEATURES
from goodword.signals.datasets import stratified_split

DEFAULT_TAXONOMY = "taxonomy.yaml"


@dataclass(frozen=True)
class Node:
    """One taxonomy node: its path, description and example posts."""

    path: str
    description: str
    examples: tuple[str, ...]


def _walk(nodes: dict, prefix: str) -> Iterator[Node]:
    for key, body in (nodes or {}).items():
        body = body or {}
        path = f"{prefix}{key}"
        yield Node(path, str(body.get("description", "")), tuple(body.get("examples", ())))
        yield from _walk(body.get("children", {}), path + "/")


def load_taxonomy(path: Path | None = None) -> list[Node]:
    """The nodes of a taxonomy YAML file (the shipped default when ``path`` is None)."""
    try:
        if path is None:
            text = resources.files("goodword.signals.models").joinpath(DEFAULT_TAXONOMY)
            doc = yaml.safe_load(text.read_text(encoding="utf-8"))
        else:
            doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ModelError(f"cannot read the taxonomy {path}: {exc}. Check the YAML file.") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), dict):
        raise ModelError(f"taxonomy {path} needs a top-level 'nodes:' mapping")
    return list(_walk(doc["nodes"], ""))


def leaves(nodes: Sequence[Node]) -> list[Node]:
    """Nodes with no children."""
    paths = [n.path for n in nodes]
    return [n for n in nodes if not any(p.startswith(n.path + "/") for p in paths)]


def ancestors(path: str) -> list[str]:
    """``a/b/c`` -> [a, a/b, a/b/c]."""
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


class TaxonomyModel:
    """Texts -> taxonomy paths, with a probability.

    ``features`` is "words" (the shared hashed words: no extra cost next to the other
    signals) or "words+chars" (adds character 2-5-grams: slower, more accurate on short
    queries).
    """

    def __init__(self, features: str = "words+chars", C: float = 1.0, sharpness: float = 4.0):
        self.features = features
        self.C = C
        self.sharpness = sharpness

    def _chars(self) -> HashingVectorizer:
        return HashingVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            n_features=2**18,
            alternate_sign=False,
            norm=None,
        )

    def _design(self, texts: Sequence[str], words: sp.csr_matrix | None) -> sp.csr_matrix:
        words = SHARED_FEATURES.transform(texts) if words is None else words
        if self.features == "words":
            return words
        chars = self.tfidf_.transform(self._chars().transform(texts))
        return sp.hstack([words, chars], format="csr")

    def fit(self, texts: Sequence[str], paths: Sequence[str]) -> TaxonomyModel:
        """Learn the paths of ``texts``; returns self."""
        if len(set(paths)) < 2:
            raise ModelError("taxonomy training needs examples of at least two labels")
        if self.features != "words":
            self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(self._chars().transform(texts))
        model = LinearSVC(C=self.C, class_weight="balanced")
        model.fit(self._design(texts, None), list(paths))
        self.classes_ = np.asarray(model.classes_)
        coef = np.atleast_2d(model.coef_)
        intercept = np.atleast_1d(model.intercept_)
        if len(self.classes_) == 2:  # one margin: make it two opposite columns
            coef, intercept = np.vstack([-coef, coef]) / 2, np.array([-1, 1]) * intercept / 2
        coef[np.abs(coef) < 1e-4] = 0.0
        self.coef_ = sp.csc_matrix(coef.T.astype(np.float32))
        self.intercept_ = intercept.astype(np.float32)
        digest = hashlib.sha1(self.coef_.data.tobytes() + "|".join(self.classes_).encode())
        self.version_ = digest.hexdigest()[:10]
        return self

    def predict_proba(self, texts: Sequence[str], words: sp.csr_matrix | None = None) -> np.ndarray:
        """Class probabilities (columns follow ``classes_``): a softmax of the margins."""
        z = (self._design(texts, words) @ self.coef_).toarray() + self.intercept_
        z *= self.sharpness
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str], words: sp.csr_matrix | None = None) -> list[str]:
        """The most likely path of each text."""
        proba = self.predict_proba(texts, words)
        return [str(p) for p in self.classes_[proba.argmax(axis=1)]]

    def save(self, path: Path) -> Path:
        """Write the fitted model (compressed joblib) to ``path``."""
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self, path, compress=3)
        return Path(path)

    @classmethod
    def load(cls, path: Path) -> TaxonomyModel:
        """A model written by :meth:`save`; ModelError when it cannot be read."""
        try:
            model = joblib.load(path)
        except (OSError, EOFError, ValueError) as exc:
            raise ModelError(
                f"cannot load the taxonomy model {path}: {exc}. "
                "Train one with `goodword taxonomy train LABELLED.csv`."
            ) from exc
        if not isinstance(model, cls):
            raise ModelError(f"{path} is not a taxonomy model")
        return model


@dataclass(frozen=True)
class NodeScore:
    """Precision and recall of one node on a held-out set (ancestors included)."""

    path: str
    precision: float
    recall: float
    support: int


def node_scores(truth: Sequence[str], predicted: Sequence[str]) -> list[NodeScore]:
    """Per-node precision/recall, counting a path for each of its ancestors too."""
    true_sets = [set(ancestors(t)) for t in truth]
    pred_sets = [set(ancestors(p)) for p in predicted]
    nodes = sorted(set().union(*true_sets, *pred_sets))
    scores = []
    for node in nodes:
        tp = sum(node in t and node in p for t, p in zip(true_sets, pred_sets, strict=True))
        n_pred = sum(node in p for p in pred_sets)
        n_true = sum(node in t for t in true_sets)
        precision = tp / n_pred if n_pred else 0.0
        scores.append(NodeScore(node, precision, tp / n_true if n_true else 0.0, n_true))
    return scores


@dataclass(frozen=True)
class TrainingReport:
    """What ``goodword taxonomy train`` did: held-out accuracy and per-node scores."""

    model_path: Path
    examples: int
    corrections: int
    held_out: int
    accuracy: float
    nodes: tuple[NodeScore, ...]


def read_labelled_csv(path: Path) -> list[tuple[str, str]]:
    """(text, path) rows of a CSV with ``text`` and ``label`` columns."""
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            fields = {c.strip().lower(): c for c in reader.fieldnames or ()}
            text_col, label_col = fields.get("text"), fields.get("label") or fields.get("category")
            if not text_col or not label_col:
                raise ModelError(f"{path} needs 'text' and 'label' columns (label = node path)")
            rows = [(r[text_col], r[label_col].strip()) for r in reader]
    except OSError as exc:
        raise ModelError(f"cannot read {path}: {exc}") from exc
    return [(t, y) for t, y in rows if t and t.strip() and y]


def _check_paths(rows: Sequence[tuple[str, str]], taxonomy: Sequence[Node]) -> None:
    known = {n.path for n in taxonomy}
    unknown = sorted({y for _, y in rows} - known)
    if unknown:
        raise ModelError(
            f"labels not in the taxonomy: {', '.join(unknown[:5])}; add them to the YAML file "
            "or fix the labels"
        )


def train_from_rows(
    rows: Sequence[tuple[str, str]],
    out: Path,
    *,
    taxonomy: Sequence[Node] | None = None,
    extra: Sequence[tuple[str, str]] = (),
    features: str = "words+chars",
    held_out: float = 0.2,
) -> TrainingReport:
    """Score on a stratified held-out part, then fit on everything and save to ``out``.

    ``extra`` rows (recorded corrections) always train and are never held out.
    """
    if taxonomy is not None:
        _check_paths(list(rows) + list(extra), taxonomy)
    texts, paths = [t for t, _ in rows], [y for _, y in rows]
    test = stratified_split(paths, held_out) if held_out > 0 else (False,) * len(rows)
    train = [i for i, t in enumerate(test) if not t]
    probe = TaxonomyModel(features).fit(
        [texts[i] for i in train] + [t for t, _ in extra],
        [paths[i] for i in train] + [y for _, y in extra],
    )
    test_idx = [i for i, t in enumerate(test) if t]
    truth = [paths[i] for i in test_idx]
    predicted = probe.predict([texts[i] for i in test_idx]) if test_idx else []
    accuracy = sum(a == b for a, b in zip(truth, predicted, strict=True)) / max(1, len(truth))
    final = TaxonomyModel(features).fit(
        texts + [t for t, _ in extra], paths + [y for _, y in extra]
    )
    final.save(out)
    return TrainingReport(
        Path(out),
        len(rows),
        len(extra),
        len(truth),
        accuracy,
        tuple(node_scores(truth, predicted)) if truth else (),
    )

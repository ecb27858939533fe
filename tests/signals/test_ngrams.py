"""Character n-grams read by a head at the cost of one remembered lookup per word."""

from __future__ import annotations

import gc

import numpy as np
import scipy.sparse as sp

from goodword.collector import FEW_COLLECTIONS
from goodword.signals.base import Batch, PostInput
from goodword.signals.classify import analyze
from goodword.signals.features import NgramScores, ngram_matrix, word_ngrams, words
from goodword.signals.heads import HeadStack, LinearHead, activate

TEXTS = [
    "my order is sooo late and nobody answers!!",
    "thanks, that worked",
    "not happy with the refund @acme",
    "",
    "late late late",
]


def test_ngrams_are_within_padded_words() -> None:
    assert word_ngrams("ab") == [" a", "ab", "b ", " ab", "ab ", " ab "]
    assert word_ngrams("not_goood") == word_ngrams("good")


def test_per_word_scores_equal_the_block_product() -> None:
    docs = [words(t) for t in TEXTS]
    rng = np.random.default_rng(0)
    weights = rng.normal(size=2**12)
    for scale, power in [(1.0, 1.0), (0.5, 0.5)]:
        block = ngram_matrix(docs, len(weights), scale, power)
        cached = NgramScores(weights, scale, power)
        assert np.allclose(cached.score(docs), block @ weights)
        assert np.allclose(cached.score(docs), block @ weights)  # remembered words


def test_a_stack_adds_a_heads_ngram_score() -> None:
    docs = [words(t) for t in TEXTS]
    rng = np.random.default_rng(1)
    X = sp.csr_matrix(rng.normal(size=(len(TEXTS), 6)))
    head = LinearHead()
    head.classes_ = ("no", "yes")
    head.coef_ = rng.normal(size=(1, 6)).astype(np.float32)
    head.intercept_ = np.array([0.1], dtype=np.float32)
    head.ngram_coef_ = rng.normal(size=(1, 2**12)).astype(np.float32)
    head.ngram_scale, head.ngram_power = 0.5, 0.5
    stack = HeadStack(prune=0).fit({"complaint": head})
    block = ngram_matrix(docs, 2**12, 0.5, 0.5)
    z = X @ head.coef_.T.astype(np.float64) + block @ head.ngram_coef_.T.astype(np.float64)
    expected = activate(np.asarray(z) + head.intercept_, True)
    assert np.allclose(stack.predict_proba(X, docs=docs)["complaint"], expected)


def test_batches_run_with_few_collections_and_restore_the_thresholds(analyzers: list) -> None:
    seen = []

    class Probe:
        name, version, signals = "probe", "1", ("probe",)

        def predict(self, batch: Batch) -> dict:
            seen.append(gc.get_threshold())
            return {}

    before = gc.get_threshold()
    analyze([*analyzers, Probe()], [PostInput(t) for t in TEXTS])
    assert seen == [FEW_COLLECTIONS]
    assert gc.get_threshold() == before

"""Character n-grams of tokens, read by a head without building the n-gram block."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from goodword.signals.features import (
    gram_columns,
    ngram_matrix,
    ngram_scores,
    ngram_tokens,
    token_ngrams,
)
from goodword.signals.heads import HeadStack, LinearHead, activate

TEXTS = [
    "my order is sooo late and nobody answers!!",
    "thanks, that worked 😀",
    "not happy with the refund @acme",
    "",
    "Late late LATE",
]


def test_ngrams_are_within_padded_tokens() -> None:
    assert token_ngrams("ab") == [" a", "ab", "b ", " ab", "ab ", " ab "]
    assert ngram_tokens("Late AGAIN!! @acme") == ["late", "again!!", "@acme"]


def test_bulk_hashing_gives_every_gram_of_every_token_one_column() -> None:
    tokens = ["ab", "héllo!!", "@acme", "😀x", "ab"]
    owners, columns = gram_columns(tokens, 2**18)
    for i, token in enumerate(tokens):
        assert (owners == i).sum() == len(token_ngrams(token))
    assert list(columns[owners == 0]) == list(columns[owners == 4])  # same token, same columns
    _, alone = gram_columns(["ax"], 2**18)
    assert columns[owners == 0][0] == alone[0]  # " a" hashes alike in any token or batch
    assert ((columns >= 0) & (columns < 2**18)).all()
    _, odd = gram_columns(tokens, 1000)  # a width that is not a power of two
    assert ((odd >= 0) & (odd < 1000)).all()


def test_scores_equal_the_block_product() -> None:
    docs = [ngram_tokens(t) for t in TEXTS]
    weights = np.random.default_rng(0).normal(size=2**12)
    for scale, power in [(1.0, 1.0), (0.5, 0.5)]:
        block = ngram_matrix(docs, len(weights), scale, power)
        assert np.allclose(ngram_scores(docs, weights, scale, power), block @ weights)
    assert ngram_scores(docs, weights, 1.0, 0.5)[3] == 0.0  # a post without tokens


def test_a_stack_adds_a_heads_ngram_score() -> None:
    docs = [ngram_tokens(t) for t in TEXTS]
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

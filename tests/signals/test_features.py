"""The shared vectorisation: negation scopes and the hashed matrix."""

from __future__ import annotations

import numpy as np

from goodword.signals.features import TextFeatures, tokens, words


def test_a_negation_reaches_the_end_of_its_clause_only() -> None:
    found = words("I don't like the color. The battery is great, but it's heavy")
    assert found[:5] == ["i", "don't", "not_like", "not_the", "not_color"]
    assert found[5:9] == ["the", "battery", "is", "great"]  # the full stop ended it
    assert "." not in found and "," not in found  # clause marks are not features
    assert words("Never again, this is terrible")[1:] == ["not_again", "this", "is", "terrible"]
    assert words("no problem: it works") == ["no", "not_problem", "it", "works"]
    assert words("not bad at all!") == ["not", "not_bad", "not_at", "not_all", "!"]


def test_posts_without_a_negator_keep_their_words_and_drop_punctuation() -> None:
    assert words("Great product, works well.") == ["great", "product", "works", "well"]


def test_a_negated_word_takes_the_flipped_lexicon_bucket() -> None:
    assert tokens("not good")[-1] == "_lex-2"  # "good" is +2 in VADER's lexicon
    assert tokens("good. Not now")[-1] == "_lex+2"  # the full stop came before the negator


def test_rows_are_unit_length_and_the_transform_is_stateless() -> None:
    texts = ["thanks, that fixed it", "still broken. not happy", ""]
    first = TextFeatures(2**18).transform(texts)
    again = TextFeatures(2**18).transform(texts)
    norms = np.sqrt(np.asarray(first.multiply(first).sum(axis=1))).ravel()
    assert np.allclose(norms[:2], 1.0) and norms[2] == 0.0
    assert (first != again).nnz == 0

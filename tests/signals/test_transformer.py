"""The transformer backend: the fine-tuned sentiment model read by ONNX Runtime, no torch.

It ships in the default install, so these tests run in CI as they do here.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from goodword.cli import app
from goodword.errors import ModelError
from goodword.signals.analyzers import SENTIMENT, TextSignals
from goodword.signals.base import Batch, PostInput
from goodword.signals.transformer import SentimentModel, TransformerSignals

runner = CliRunner()


@pytest.fixture(scope="module")
def reader() -> SentimentModel:
    return SentimentModel().fit()


def test_the_sentiment_model_reads_plain_tweets(reader: SentimentModel) -> None:
    texts = [
        "@united lost my bag AGAIN and nobody answers the phone. worst airline ever",
        "The new season starts on Sunday at 8pm on channel 4",
        "Just got my new phone and I absolutely love it!!",
    ]
    p = reader.predict_proba(texts)
    assert p.shape == (3, 3)
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5)
    assert [SENTIMENT[i] for i in p.argmax(axis=1)] == ["negative", "neutral", "positive"]
    assert reader.predict_proba([]).shape == (0, 3)


def test_a_posts_reading_does_not_depend_on_its_batch(reader: SentimentModel) -> None:
    """Posts are read in batches of similar length, padded: a post's probabilities are the
    same alone as among others, for an empty post and one cut at 64 word pieces too."""
    rng = np.random.default_rng(3)
    words = "the service was slow but the staff were kind and my refund came today".split()
    texts = [" ".join(rng.choice(words, size=rng.integers(1, 30))) for _ in range(150)]
    texts += ["", "terrible " * 200]
    together = reader.predict_proba(texts)
    alone = np.vstack([reader.predict_proba([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-4


def test_only_sentiment_and_what_reads_it_change() -> None:
    posts = [
        PostInput("Thanks so much, that fixed it!", role="customer", reply_to_role="staff"),
        PostInput("We're so sorry, that was our mistake. Refund issued.", role="staff"),
        PostInput("my order never arrived and support ignores me @AcmeHelp", followers=90_000),
        PostInput("I recommend the Encore grinder to anyone starting out"),
    ]
    batch = Batch(posts)
    text_signals = TextSignals().fit()
    words = text_signals.predict(batch)
    model = TransformerSignals().fit()
    out = model.predict(batch)
    assert set(out) == set(words)
    for name in set(words) - {"sentiment", "polarity", "shareability"}:
        assert np.array_equal(out[name].scores, words[name].scores), name
        assert out[name].labels == words[name].labels, name
    p = SentimentModel().fit().predict_proba([post.text for post in posts])
    assert out["sentiment"].labels == tuple(SENTIMENT[i] for i in p.argmax(axis=1))
    assert np.allclose(out["polarity"].scores, p[:, 2] - p[:, 0])
    assert model.version.startswith(f"{text_signals.version}/sentiment-onnx-")


def test_classify_reads_sentiment_with_the_transformer_unless_told(
    monkeypatch: pytest.MonkeyPatch, reader: SentimentModel
) -> None:
    # negated trouble: the transformer reads both positive, the words head negative
    lines = ["no complaints here", "never had a problem with them"]
    expected = [SENTIMENT[i] for i in reader.predict_proba(lines).argmax(axis=1)]
    words = TextSignals().fit().predict(Batch([PostInput(t) for t in lines]))
    assert list(words["sentiment"].labels) != expected
    monkeypatch.delenv("GOODWORD_SIGNALS_BACKEND", raising=False)

    def sentiments(*args: str) -> list[str]:
        result = runner.invoke(app, ["classify", *args, "-"], input="\n".join(lines) + "\n")
        assert result.exit_code == 0, result.output
        return [json.loads(x)["sentiment"] for x in result.stdout.splitlines()]

    assert sentiments() == expected
    assert sentiments("--backend", "linear") == list(words["sentiment"].labels)
    monkeypatch.setenv("GOODWORD_SIGNALS_BACKEND", "linear")
    assert sentiments() == list(words["sentiment"].labels)
    assert sentiments("--backend", "transformer") == expected


def test_a_missing_model_says_how_to_rebuild_it(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="scripts/finetune_sentiment.py"):
        SentimentModel(tmp_path / "absent.onnx").fit()


@pytest.mark.slow
def test_the_shipped_model_on_the_validation_tweets(
    shared_data: Path, reader: SentimentModel
) -> None:
    """The 2,000 TweetEval validation tweets, which neither the model nor the words head
    learnt from (docs/models/signals.md: 0.724 as shipped, 0.749 for the words head; the
    model's case is tweets from a later period, 0.70 against 0.62)."""
    from sklearn.metrics import recall_score

    from goodword.signals import datasets

    texts, labels = datasets.sentiment(shared_data).part(True)
    called = [SENTIMENT[i] for i in reader.predict_proba(list(texts)).argmax(axis=1)]
    assert recall_score(list(labels), called, average="macro") >= 0.71

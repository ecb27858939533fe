"""The transformer backend: sentiment from the fine-tuned MiniLM, read without torch.

The words heads misjudge tweets about things their training tweets never mentioned: on
tweets from a later period than they learnt from their macro recall falls from about 0.72 to
0.62, where the fine-tuned all-MiniLM-L6-v2 of the embeddings backend keeps about 0.70
(docs/models/signals.md). That model ships here too, exported by
``scripts/finetune_sentiment.py`` as an ONNX graph with quantized weights
(``models/sentiment-minilm.onnx``, about 20 MB: 8-bit projections, 4-bit word-piece
embeddings; ``finetuned.export_onnx``) beside the base model's word-piece tokenizer
(``models/minilm-tokenizer.json``). :class:`SentimentModel` reads them with ONNX
Runtime and the ``tokenizers`` library, both part of the default install: no torch, nothing
downloaded.

:class:`TransformerSignals` is the default text analyzer with sentiment (and polarity, and
the shareability that reads them) replaced by the model's. It reads 150–250 posts a
second on two cores where the words heads read tens of thousands, so ``goodword classify``
uses it by default and ``goodword enrich`` only when asked (``--backend transformer`` or
``GOODWORD_SIGNALS_BACKEND=transformer``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from goodword.errors import ModelError
from goodword.signals.analyzers import TextSignals, replace_sentiment, shipped
from goodword.signals.base import Batch, Column, PostInput

SENTIMENT_MODEL = "sentiment-minilm.onnx"
TOKENIZER = "minilm-tokenizer.json"
MAX_TOKENS = 64  # as the model was fine-tuned: word pieces past these are cut
BATCH_ROWS = 64  # posts per run of the graph, sorted by length so padding stays short


class SentimentModel:
    """Negative / neutral / positive probabilities from the exported fine-tuned model."""

    def __init__(
        self, model_path: Path | None = None, tokenizer_path: Path | None = None, threads: int = 0
    ):
        self.model_path = model_path
        self.tokenizer_path = tokenizer_path
        self.threads = threads  # 0: ONNX Runtime's choice (one per physical core)

    def fit(self, posts: Sequence[PostInput] | None = None, y: object = None) -> SentimentModel:
        """Load the graph and the tokenizer (training is scripts/finetune_sentiment.py)."""
        import onnxruntime
        from tokenizers import Tokenizer

        model_path = self.model_path or shipped(SENTIMENT_MODEL)
        tokenizer_path = self.tokenizer_path or shipped(TOKENIZER)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.log_severity_level = 3  # errors only: the graph's shape notes are not news
        try:
            self.session_ = onnxruntime.InferenceSession(
                str(model_path), options, providers=["CPUExecutionProvider"]
            )
            self.tokenizer_ = Tokenizer.from_file(str(tokenizer_path))
        except Exception as exc:  # noqa: BLE001 - both libraries raise their own kinds
            raise ModelError(
                f"cannot load the sentiment model {model_path} or its tokenizer "
                f"{tokenizer_path}: {exc}. Rebuild them with scripts/finetune_sentiment.py."
            ) from exc
        self.tokenizer_.enable_truncation(MAX_TOKENS)
        self.tokenizer_.no_padding()
        digest = hashlib.sha1(Path(model_path).read_bytes()).hexdigest()[:8]
        self.version_ = f"sentiment-onnx-{digest}"
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """One row of class probabilities per text, in input order."""
        out = np.zeros((len(texts), 3), dtype=np.float32)
        if not texts:
            return out
        ids = [e.ids for e in self.tokenizer_.encode_batch([t or "" for t in texts])]
        order = np.argsort([len(row) for row in ids], kind="stable")
        for start in range(0, len(order), BATCH_ROWS):
            rows = order[start : start + BATCH_ROWS]
            width = max(len(ids[i]) for i in rows)
            x = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for k, i in enumerate(rows):
                x[k, : len(ids[i])] = ids[i]
                mask[k, : len(ids[i])] = 1
            out[rows] = self.session_.run(None, {"input_ids": x, "attention_mask": mask})[0]
        return out


class TransformerSignals:
    """The default text signals, with sentiment read by the fine-tuned MiniLM."""

    name = "goodword.text-transformer"
    signals = TextSignals.signals

    def __init__(self, text_model_path: Path | None = None, sentiment_path: Path | None = None):
        self.text_model_path = text_model_path
        self.sentiment_path = sentiment_path

    @property
    def version(self) -> str:
        return getattr(self, "version_", "unfitted")

    def fit(self, posts: Sequence[PostInput] | None = None, y: object = None) -> TransformerSignals:
        """Load the default heads and the sentiment model; returns self."""
        self.text_ = TextSignals(self.text_model_path).fit()
        self.sentiment_ = SentimentModel(self.sentiment_path).fit()
        self.version_ = f"{self.text_.version_}/{self.sentiment_.version_}"
        return self

    def predict(self, batch: Batch) -> dict[str, Column]:
        """Every signal of the default analyzer; sentiment and shareability from the model."""
        out = self.text_.predict(batch)
        replace_sentiment(batch.posts, out, self.sentiment_.predict_proba(batch.texts))
        return out

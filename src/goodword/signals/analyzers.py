"""The built-in analyzers: trained text signals, delight occasions and the issue taxonomy.

Each reads the batch's shared word features, so the three cost one vectorisation. Weights
ship in ``goodword/signals/models`` and load on ``fit()``; nothing downloads.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import joblib
import numpy as np

from goodword.errors import ModelError
from goodword.signals.base import BINARY_SIGNALS, Batch, Column, PostInput
from goodword.signals.patterns import (
    CONTEXT_COLUMNS,
    OCCASION_PRECISION,
    QUESTION_PRECISION,
    addresses_support,
    context_matrix,
    occasions,
)
from goodword.signals.taxonomy import TaxonomyModel

SIGNALS_MODEL = "signals.joblib"
TAXONOMY_MODEL = "taxonomy-default.joblib"
SENTIMENT = ("negative", "neutral", "positive")


def shipped(name: str) -> Path:
    """The path of a model file shipped inside the package."""
    return Path(str(resources.files("goodword.signals.models").joinpath(name)))


def load_bundle(path: Path) -> dict:
    """A joblib bundle, or a ModelError that says how to rebuild it."""
    try:
        return joblib.load(path)
    except (OSError, EOFError, ValueError) as exc:
        raise ModelError(
            f"cannot load model {path}: {exc}. Rebuild it with scripts/train_signals.py."
        ) from exc


def _yes_no(scores: np.ndarray, threshold: float | np.ndarray) -> tuple[str, ...]:
    return tuple(np.where(scores >= threshold, "yes", "no").tolist())


class TextSignals:
    """Sentiment, gratitude, complaint, question, apology, solved, referral, uninvited
    mention and shareability from linear heads over words and the post's context."""

    name = "goodword.text"
    signals = ("sentiment", "polarity", *BINARY_SIGNALS, "shareability")

    def __init__(self, model_path: Path | None = None) -> None:
        self.model_path = model_path

    @property
    def version(self) -> str:
        return getattr(self, "version_", "unfitted")

    def fit(self, posts: Sequence[PostInput] | None = None, y: object = None) -> TextSignals:
        """Load the trained heads (training itself is scripts/train_signals.py); returns self."""
        bundle = load_bundle(self.model_path or shipped(SIGNALS_MODEL))
        self.stack_ = bundle["stack"]
        self.version_ = bundle["version"]
        return self

    def predict(self, batch: Batch) -> dict[str, Column]:
        """Every signal of ``signals`` for the posts of ``batch``."""
        context = context_matrix(batch.posts, batch.texts, batch.triggers)
        proba = self.stack_.predict_proba(batch.features, context)
        out = sentiment_columns(proba["sentiment"])
        unplaced = context[:, CONTEXT_COLUMNS.index("role_unknown")] > 0
        cuts = {head: self._cuts(unplaced, head) for head in (*_YES_NO, *_BY_ROLE)}
        for head in _YES_NO:
            out[head] = Column(proba[head], _yes_no(proba[head], cuts[head]), cuts[head])
        roles = _roles(batch.posts)
        out["apology"] = _only(roles, ("staff", "brand", None), proba, "apology", cuts)
        out["uninvited_mention"] = _only(
            roles, ("customer", None), proba, "uninvited_mention", cuts
        )
        out["question"] = _question(context[:, CONTEXT_COLUMNS.index("cue_question")])
        out["shareability"] = shareability(batch.posts, proba)
        _apply_context(batch.posts, out)
        return out

    def _cuts(self, unplaced: np.ndarray, head: str) -> np.ndarray:
        """The score at which ``head`` says yes, per post. A post whose place in a thread is
        unknown (``unplaced``: no author role, as in ``goodword classify``) takes the
        threshold its head learnt for such posts, where it has one: the words alone must
        say more."""
        cut = np.full(len(unplaced), self.stack_.thresholds_[head])
        unknown = getattr(self.stack_, "unknown_place_thresholds_", {}).get(head)
        if unknown is not None:
            cut[unplaced] = unknown
        return cut


_YES_NO = ("gratitude", "complaint", "solved", "referral")  # read as they come
_BY_ROLE = ("apology", "uninvited_mention")  # 0 where the author's role rules them out


def sentiment_columns(p: np.ndarray) -> dict[str, Column]:
    best = p.argmax(axis=1)
    labels = tuple(SENTIMENT[i] for i in best)
    return {
        "sentiment": Column(p[np.arange(len(p)), best], labels),
        "polarity": Column(p[:, 2] - p[:, 0]),
    }


def _question(hits: np.ndarray) -> Column:
    scores = np.where(hits > 0, *QUESTION_PRECISION)
    return Column(scores, _yes_no(scores, 0.5))


def _roles(posts: Sequence[PostInput]) -> list[str | None]:
    """Each post's author role; a post without one that opens by addressing a support
    account (``patterns.addresses_support``) is a customer's."""
    return [p.role or ("customer" if addresses_support(p.text or "") else None) for p in posts]


def _only(
    roles: Sequence[str | None], allowed: tuple[str | None, ...], proba: dict, head: str, cuts: dict
) -> Column:
    """``head``'s readings, 0 on the posts whose author's role is not ``allowed`` (None: a
    post whose role is unknown is read): staff never make an uninvited mention, and a
    customer's "sorry" is not the company admitting a mistake."""
    scores = proba[head].copy()
    ruled_out = np.fromiter((role not in allowed for role in roles), bool, len(roles))
    scores[ruled_out] = 0.0
    return Column(scores, _yes_no(scores, cuts[head]), cuts[head])


def _reach(posts: Sequence[PostInput]) -> np.ndarray:
    followers = np.fromiter(
        (float(p.followers or 0) for p in posts), dtype=np.float64, count=len(posts)
    )
    return np.clip(np.log10(1.0 + followers) / 6.0, 0.0, 1.0)


def replace_sentiment(posts: Sequence[PostInput], out: dict[str, Column], p: np.ndarray) -> None:
    """Put another model's sentiment probabilities ``p`` into a text analyzer's readings
    ``out``: sentiment, polarity, and the shareability that reads them."""
    out.update(sentiment_columns(p))
    read = {name: out[name].scores for name in ("gratitude", "complaint", "referral")}
    out["shareability"] = shareability(posts, {"sentiment": p, **read})


def shareability(posts: Sequence[PostInput], proba: dict) -> Column:
    """How likely a post is talked about: strong feeling, a story cue, and reach.

    ``proba`` holds the sentiment class probabilities (negative, neutral, positive) and
    P(yes) of gratitude, complaint and referral."""
    sent = proba["sentiment"]
    strength = np.abs(sent[:, 2] - sent[:, 0])
    story = np.maximum.reduce([proba["gratitude"], proba["complaint"], proba["referral"]])
    score = np.clip(0.45 * strength + 0.3 * story + 0.25 * _reach(posts), 0.0, 1.0)
    kind = np.where(sent[:, 2] >= sent[:, 0], "interesting_good", "interesting_bad")
    labels = np.where(score >= 0.5, kind, "ordinary")
    return Column(score, tuple(labels.tolist()))


def _apply_context(posts: Sequence[PostInput], out: dict[str, Column]) -> None:
    """An accepted answer counts as solved."""
    accepted = np.fromiter((p.accepted for p in posts), bool, len(posts))
    if accepted.any():
        scores = np.where(accepted, np.maximum(out["solved"].scores, 0.95), out["solved"].scores)
        labels = tuple(
            "yes" if a else lbl for a, lbl in zip(accepted, out["solved"].labels, strict=True)
        )
        cuts = out["solved"].cuts
        if cuts is not None:  # an accepted answer is yes whatever its score
            cuts = np.where(accepted, np.minimum(cuts, scores), cuts)
        out["solved"] = Column(scores, labels, cuts)


class DelightOccasions:
    """Posts where a small gesture could make a story: birthday, first purchase, trip,
    long-time customer, celebration."""

    name = "goodword.delight"
    version = "1.1.0"
    signals = ("delight",)

    def fit(self, posts: Sequence[PostInput] | None = None, y: object = None) -> DelightOccasions:
        """Nothing to learn: the occasions are phrase patterns; returns self."""
        self.fitted_ = True
        return self

    def predict(self, batch: Batch) -> dict[str, Column]:
        """The occasion of each post not written by staff ("none" when there is none) and
        its score: the share of that occasion's calls that were right on the labelled
        training posts (``OCCASION_PRECISION``), 0 for none."""
        found = occasions(batch.texts, batch.triggers)
        staff = [p.role in ("staff", "brand") for p in batch.posts]
        labels = tuple("none" if s else f for f, s in zip(found, staff, strict=True))
        scores = np.fromiter((OCCASION_PRECISION.get(x, 0.0) for x in labels), float, len(labels))
        return {"delight": Column(scores, labels)}


class IssueTaxonomy:
    """The issue path of each post (e.g. billing/refund) from a trained taxonomy model."""

    name = "goodword.taxonomy"
    signals = ("taxonomy",)

    def __init__(self, model_path: Path | None = None) -> None:
        self.model_path = model_path

    @property
    def version(self) -> str:
        return getattr(self, "version_", "unfitted")

    def fit(self, posts: Sequence[PostInput] | None = None, y: object = None) -> IssueTaxonomy:
        """Load the taxonomy model (the shipped default unless a path was given)."""
        path = self.model_path or shipped(TAXONOMY_MODEL)
        self.model_ = TaxonomyModel.load(path)
        self.version_ = self.model_.version_
        return self

    def predict(self, batch: Batch) -> dict[str, Column]:
        """The most likely path and its probability."""
        shared = batch.features if self.model_.features == "words" else None
        proba = self.model_.predict_proba(batch.texts, shared)
        best = proba.argmax(axis=1)
        labels = tuple(str(c) for c in self.model_.classes_[best])
        return {"taxonomy": Column(proba[np.arange(len(best)), best], labels)}

"""Linear heads over the shared features, stacked so a batch costs one sparse product.

A :class:`LinearHead` is a logistic regression on the hashed words plus the dense context
columns. :class:`HeadStack` packs fitted heads into one weight matrix; ``predict_proba``
multiplies the batch's features by it once and splits the result per head.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression, SGDClassifier


def design(text_features: sp.csr_matrix, context: np.ndarray) -> sp.csr_matrix:
    """The full design matrix: hashed words, then the context columns."""
    return sp.hstack([text_features, sp.csr_matrix(context)], format="csr")


class LinearHead(BaseEstimator):
    """One logistic-regression head (binary yes/no, or several classes).

    ``alpha`` switches to averaged SGD with that L2 penalty (for the large sets).
    """

    def __init__(
        self,
        C: float = 1.0,
        class_weight: str | None = None,
        threshold: float = 0.5,
        alpha: float | None = None,
    ):
        self.C = C
        self.class_weight = class_weight
        self.threshold = threshold
        self.alpha = alpha

    def _model(self) -> LogisticRegression | SGDClassifier:
        if self.alpha is None:
            return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)
        return SGDClassifier(  # large sets: averaged SGD on the same log loss, far faster
            loss="log_loss",
            alpha=self.alpha,
            class_weight=self.class_weight,
            average=True,
            max_iter=30,
            tol=None,
            random_state=0,
        )

    def fit(
        self, X: sp.csr_matrix, y: Sequence[str], sample_weight: np.ndarray | None = None
    ) -> LinearHead:
        """Fit on design rows ``X`` and labels ``y``; binary heads use labels yes/no."""
        model = self._model()
        model.fit(X, list(y), sample_weight=sample_weight)
        self.classes_ = tuple(str(c) for c in model.classes_)
        coef, intercept = model.coef_, model.intercept_
        if len(self.classes_) == 2:  # keep P(yes) as the one output
            sign = 1.0 if self.classes_[1] == "yes" else -1.0
            coef, intercept = coef * sign, intercept * sign
        self.coef_ = np.asarray(coef, dtype=np.float32)
        self.intercept_ = np.asarray(intercept, dtype=np.float32)
        return self

    @property
    def binary(self) -> bool:
        return len(self.classes_) == 2

    def predict_proba(self, X: sp.csr_matrix) -> np.ndarray:
        """P(yes) per row for a binary head, else one column per class."""
        return activate(np.asarray(X @ self.coef_.T) + self.intercept_, self.binary)


def activate(z: np.ndarray, binary: bool) -> np.ndarray:
    """Sigmoid of one column, or softmax over several."""
    if binary:
        return 1.0 / (1.0 + np.exp(-z[:, 0]))
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class HeadStack(BaseEstimator):
    """Fitted heads packed into one sparse weight matrix (small weights pruned)."""

    def __init__(self, prune: float = 1e-3) -> None:
        self.prune = prune

    def fit(self, heads: dict[str, LinearHead]) -> HeadStack:
        """Pack ``heads`` (already fitted); returns self."""
        coefs = [h.coef_ for h in heads.values()]
        dense = np.vstack(coefs).T
        dense[np.abs(dense) < self.prune] = 0.0
        self.weights_ = sp.csc_matrix(dense.astype(np.float32))
        self.intercepts_ = np.concatenate([h.intercept_ for h in heads.values()])
        self.slices_ = {}
        start = 0
        for name, coef in zip(heads, coefs, strict=True):
            self.slices_[name] = (start, start + coef.shape[0])
            start += coef.shape[0]
        self.classes_ = {name: h.classes_ for name, h in heads.items()}
        self.thresholds_ = {name: h.threshold for name, h in heads.items()}
        # heads that also learnt a threshold for posts whose place in a thread is unknown
        self.unknown_place_thresholds_ = {
            name: h.unknown_place_threshold
            for name, h in heads.items()
            if getattr(h, "unknown_place_threshold", None) is not None
        }
        return self

    def _dense(self) -> np.ndarray:
        """The weights as a dense array (kept sparse on disk, dense in memory for speed)."""
        dense = self.__dict__.get("_dense_cache")
        if dense is None:
            dense = self.__dict__["_dense_cache"] = self.weights_.toarray().astype(np.float64)
        return dense

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_dense_cache"}

    def predict_proba(
        self, X: sp.csr_matrix, context: np.ndarray | None = None
    ) -> dict[str, np.ndarray]:
        """Per head: P(yes) (binary) or class probabilities, from one product.

        ``X`` is the design matrix, or the hashed words alone with the dense ``context``
        columns next to it (no stacking of the two matrices).
        """
        weights = self._dense()
        if context is None:
            z = X @ weights + self.intercepts_
        else:
            words = X.shape[1]
            z = X @ weights[:words] + context @ weights[words:] + self.intercepts_
        return {
            name: activate(z[:, a:b], len(self.classes_[name]) == 2)
            for name, (a, b) in self.slices_.items()
        }

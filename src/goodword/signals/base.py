"""What an analyzer reads and returns.

An analyzer follows the estimator contract: ``__init__`` stores parameters only, ``fit``
returns ``self``, learned attributes end in ``_`` and ``predict`` is batch-first. It reads a
:class:`Batch` of :class:`PostInput` and returns one :class:`Column` per signal name, so a
batch of 5,000 posts costs a handful of array operations rather than 5,000 object builds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol, runtime_checkable

import numpy as np
import scipy.sparse as sp

from goodword.signals.features import TextFeatures

# The yes/no signals every post gets, each a probability: named once for analyzers,
# the classify output and the correction tasks.
BINARY_SIGNALS = (
    "gratitude",
    "complaint",
    "question",
    "apology",
    "solved",
    "referral",
    "uninvited_mention",
)

SHARED_FEATURES = TextFeatures(2**18)


@dataclass(frozen=True, slots=True)
class PostInput:
    """A post as analyzers see it: its text and what is known of its context.

    ``role`` is customer|staff|brand, or None when unknown (``goodword classify``).
    ``reply_to_role`` is the role of the post it answers (None for a thread root or unknown).
    """

    text: str
    role: str | None = None
    kind: str | None = None
    accepted: bool = False
    followers: int | None = None
    score: int | None = None
    brand: str | None = None
    reply_to_role: str | None = None
    is_root: bool | None = None


@dataclass(frozen=True)
class Column:
    """One signal over a batch: a score per post and, where the signal has one, a label;
    for a yes/no signal, ``cuts`` holds the score at which each post's label turns yes."""

    scores: np.ndarray
    labels: tuple[str | None, ...] | None = None
    cuts: np.ndarray | None = None


class Batch:
    """Posts to analyze, with the shared feature matrix computed once on first use."""

    def __init__(self, posts: Sequence[PostInput]) -> None:
        self.posts = list(posts)

    def __len__(self) -> int:
        return len(self.posts)

    @cached_property
    def texts(self) -> list[str]:
        return [p.text or "" for p in self.posts]

    @cached_property
    def triggers(self) -> list[set[str]]:
        """Per text, the cue and occasion patterns whose trigger words it holds."""
        from goodword.signals.patterns import triggered  # patterns reads PostInput from here

        return [triggered(t) for t in self.texts]

    @cached_property
    def features(self) -> sp.csr_matrix:
        """The shared hashed word features (one vectorisation for every linear head)."""
        return SHARED_FEATURES.transform(self.texts)


@runtime_checkable
class Analyzer(Protocol):
    """Reads posts and returns signals. Register one with ``goodword.signals.register``."""

    name: str
    version: str
    signals: tuple[str, ...]

    def fit(self, posts: Sequence[PostInput], y: object = None) -> Analyzer:
        """Learn from posts (a no-op for shipped, pre-trained analyzers); returns self."""
        ...

    def predict(self, batch: Batch) -> dict[str, Column]:
        """One Column per name in ``signals`` for every post of ``batch``."""
        ...

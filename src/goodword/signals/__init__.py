"""Signals: analyzers that read posts, their trained models, and the runs that store them.

The public surface::

    from goodword.signals import default_analyzers, register, analyze, PostInput, Column

See ``goodword.signals.registry`` for the extension point and docs/signals.md for the
signal names, scores and labels.
"""

from goodword.signals.base import Analyzer, Batch, Column, PostInput
from goodword.signals.classify import analyze, classify_records
from goodword.signals.registry import default_analyzers, register, unregister

__all__ = [
    "Analyzer",
    "Batch",
    "Column",
    "PostInput",
    "analyze",
    "classify_records",
    "default_analyzers",
    "register",
    "unregister",
]

"""The service program: thread outcomes, Contributors, rankings, inbox, metrics and pilots."""

import importlib
from typing import Any

from goodword.metrics.records import PostRow, StaffReply, ThreadOutcome

_LAZY = {  # pandas-backed: loaded on first use
    "RefreshReport": "outcome_store",
    "refresh_outcomes": "outcome_store",
    "thread_outcomes": "outcomes",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'goodword.metrics' has no attribute {name!r}")
    return getattr(importlib.import_module(f"goodword.metrics.{_LAZY[name]}"), name)


__all__ = [
    "PostRow",
    "RefreshReport",
    "StaffReply",
    "ThreadOutcome",
    "refresh_outcomes",
    "thread_outcomes",
]

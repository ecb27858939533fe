"""The service program: thread outcomes, Contributors, rankings, inbox, metrics and pilots."""

from goodword.metrics.outcome_store import RefreshReport, refresh_outcomes
from goodword.metrics.outcomes import thread_outcomes
from goodword.metrics.records import PostRow, StaffReply, ThreadOutcome

__all__ = [
    "PostRow",
    "RefreshReport",
    "StaffReply",
    "ThreadOutcome",
    "refresh_outcomes",
    "thread_outcomes",
]

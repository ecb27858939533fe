"""IBM "Twitter customer care" dialogs: a JSON list of brand↔customer conversations.

Each dialog has ``dialogHeader`` (``company``, ``sessionID``, ``conversationDateTime`` …),
``dialogContent`` (turns, each ``{client|client1|agent: handle, datetime, message,
tweet_ID}``) and ``agentURL``, the brand's closing reply (``url_utterance``, ``tweet_ID``,
``turn``) which carries no time of its own: its time is read from its tweet id (a Twitter
snowflake id holds its creation time to the millisecond).

Every turn is a post whose external id is its tweet id, so a tweet that appears in two
dialogs is one post, and two dialogs that share their opening turns form one thread with two
branches. Each turn answers the turn before it; the first turn of a dialog is its root.
Records are numbered over turns across the whole file: the turns of dialog 1 in order, its
closing reply, then dialog 2 and so on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from goodword import sources
from goodword.errors import SourceError
from goodword.model import PostKind, RawPost, Reject, Role, VenueKind

TWITTER_EPOCH_MS = 1288834974657  # snowflake ids count milliseconds from here
CUSTOMER_KEYS = ("client", "client1", "client2")
STAFF_KEY = "agent"


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn of a dialog, before it is checked."""

    record_no: int
    dialog: str  # the dialog's sessionID
    index: int  # 0-based position in the dialog
    brand: str
    fields: dict[str, Any]
    closing: bool  # the agentURL reply that ends the dialog


class IbmCareSource:
    name = "ibm-care"

    def sniff(self, path: Path, head: str) -> bool:
        dialogs = '"dialogContent"' in head or '"dialogHeader"' in head
        return head.lstrip().startswith("[") and dialogs

    def read(self, path: Path, *, venue: str | None = None) -> Iterator[RawPost | Reject]:
        parent: str | None = None
        for turn in turns(_load(path)):
            if turn.index == 0:
                parent = None
            record = parse(turn, parent, venue or "twitter")
            parent = _tweet_id(turn)
            yield record


def _load(path: Path) -> list[Any]:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{path} is not valid JSON ({exc}); expected a list of dialogs") from None
    if not isinstance(data, list):
        raise SourceError(f"{path} holds a JSON {type(data).__name__}; expected a list of dialogs")
    return data


def turns(dialogs: list[Any]) -> Iterator[Turn]:
    """Every turn of every dialog, numbered from 1 across the file."""
    number = 0
    for d_no, dialog in enumerate(dialogs, start=1):
        dialog = dialog if isinstance(dialog, dict) else {}
        header = dialog.get("dialogHeader") or {}
        session = str(header.get("sessionID") or f"dialog{d_no}")
        brand = str(header.get("company") or "")
        content = [t if isinstance(t, dict) else {} for t in dialog.get("dialogContent") or []]
        closing = dialog.get("agentURL")
        steps = [(t, False) for t in content] + ([(closing, True)] if closing else [])
        for index, (fields, is_closing) in enumerate(steps):
            number += 1
            yield Turn(number, session, index, brand, fields, is_closing)


def parse(turn: Turn, parent: str | None, venue: str) -> RawPost | Reject:
    """One turn as a post answering ``parent``, or a rejection saying what is wrong."""
    problem = _problem(turn)
    if problem:
        where = f"dialog {turn.dialog} turn {turn.index + 1}"
        return Reject(turn.record_no, f"{where}: {problem}", _raw(turn))
    author, role = _author(turn)
    staff = role == Role.STAFF
    return RawPost(
        record_no=turn.record_no,
        venue=venue,
        venue_kind=VenueKind.SOCIAL,
        external_id=_tweet_id(turn),
        author=author,
        created_at=_time(turn),  # type: ignore[arg-type]
        text=_text(turn),
        parent_id=parent,
        role=role,
        brand=turn.brand if staff else None,
        kind=PostKind.POST,
        raw=_raw_fields(turn),
    )


def _problem(turn: Turn) -> str | None:
    if not turn.brand:
        return "the dialog header names no company"
    if not _author(turn)[0]:
        return "the turn names no client or agent"
    if not _text(turn).strip():
        return "the message is empty"
    if _time(turn) is None:
        return _time_problem(turn)
    return None


def _author(turn: Turn) -> tuple[str, Role]:
    if turn.closing:
        return turn.brand, Role.STAFF
    if turn.fields.get(STAFF_KEY):
        return str(turn.fields[STAFF_KEY]), Role.STAFF
    for key in CUSTOMER_KEYS:
        if turn.fields.get(key):
            return str(turn.fields[key]), Role.CUSTOMER
    return "", Role.CUSTOMER


def _text(turn: Turn) -> str:
    key = "url_utterance" if turn.closing else "message"
    value = turn.fields.get(key)
    return value if isinstance(value, str) else ""


def _tweet_id(turn: Turn) -> str:
    """The tweet id, or ``<sessionID>:<turn>`` when the data has none."""
    value = str(turn.fields.get("tweet_ID") or "").strip()
    return value or f"{turn.dialog}:{turn.index + 1}"


def _time(turn: Turn) -> datetime | None:
    if turn.closing:
        return snowflake_time(str(turn.fields.get("tweet_ID") or ""))
    return iso_utc(str(turn.fields.get("datetime") or ""))


def _time_problem(turn: Turn) -> str:
    if turn.closing:
        return f"the closing reply's tweet_ID {turn.fields.get('tweet_ID')!r} holds no time"
    return f"datetime {turn.fields.get('datetime')!r} is not like '2020-04-01T17:31:32.000Z'"


def iso_utc(value: str) -> datetime | None:
    """An ISO 8601 time as naive UTC (a time without offset is taken as UTC)."""
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


def snowflake_time(tweet_id: str) -> datetime | None:
    """The creation time (naive UTC, whole seconds) held in a Twitter snowflake id."""
    if not tweet_id.isdigit() or int(tweet_id) < 1 << 22:
        return None
    ms = (int(tweet_id) >> 22) + TWITTER_EPOCH_MS
    return datetime.fromtimestamp(ms // 1000, UTC).replace(tzinfo=None)


def _raw_fields(turn: Turn) -> dict[str, Any]:
    raw = {"dialog": turn.dialog, "turn": turn.index + 1, "company": turn.brand}
    raw.update(turn.fields)
    return raw


def _raw(turn: Turn) -> str:
    return json.dumps(_raw_fields(turn), ensure_ascii=False, default=str)


sources.register(IbmCareSource())

"""Kaggle "Customer Support on Twitter" (TWCS) CSV.

Columns: an optional unnamed index, ``tweet_id, author_id, inbound, created_at, text,
response_tweet_id, in_response_to_tweet_id``. Brand accounts (``inbound=False``) are staff of
the brand named by their handle. Threads follow ``in_response_to_tweet_id`` (a float string
such as ``3.0``). A bare carriage return inside a tweet is kept as a line break.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import itemgetter
from pathlib import Path

from goodword import sources
from goodword.model import PostKind, RawPost, Reject, Role, VenueKind
from goodword.sources.textio import TextRecord, read_records, restore

COLUMNS = (
    "tweet_id",
    "author_id",
    "inbound",
    "created_at",
    "text",
    "response_tweet_id",
    "in_response_to_tweet_id",
)


class TwcsSource:
    name = "twcs"

    def sniff(self, path: Path, head: str) -> bool:
        first = head.splitlines()[0] if head else ""
        return all(col in first for col in ("tweet_id", "author_id", "inbound"))

    def read(self, path: Path, *, venue: str | None = None) -> Iterator[RawPost | Reject]:
        records = read_records(path)
        header = next(records, None)
        if header is None:
            return
        index = _column_index(header.fields)
        for rec in records:
            yield parse(rec, index, venue or "twitter")


@dataclass(frozen=True, slots=True)
class ColumnIndex:
    """Where the TWCS columns sit in a record, read off the header."""

    width: int  # fields a record must have
    pick: Callable[[list[str]], tuple[str, ...]]  # the COLUMNS of a record, in order


def _column_index(header: list[str]) -> ColumnIndex:
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        from goodword.errors import SourceError

        raise SourceError(f"TWCS header lacks columns {missing}; found {header}")
    return ColumnIndex(len(header), itemgetter(*(header.index(c) for c in COLUMNS)))


def parse(rec: TextRecord, index: ColumnIndex, venue: str) -> RawPost | Reject:
    """One TWCS record as a post, or a rejection saying what is wrong with it."""
    if len(rec.fields) != index.width:
        return _reject(
            rec,
            f"expected {index.width} fields, found {len(rec.fields)}: "
            "the row is cut short or has an unquoted delimiter",
        )
    tweet_id, author, inbound, when, body, answers, parent = index.pick(rec.fields)
    row = [
        tweet_id.strip(),
        author.strip(),
        inbound.strip(),
        when.strip(),
        body,
        answers,
        parent.strip(),
    ]
    created = _time(row[3])
    parent_id = _parent(row[6])
    problem = _problem(row, created, parent_id)
    if problem:
        return _reject(rec, problem)
    return _post(rec, row, venue, created, parent_id)  # type: ignore[arg-type]


def _problem(row: list[str], created: datetime | None, parent_id: str | None) -> str | None:
    tweet_id, author, inbound, when, _, _, parent = row
    if not tweet_id.isdigit():
        return f"tweet_id {tweet_id!r} is not a number"
    if not author:
        return "author_id is empty"
    if inbound not in ("True", "False"):
        return f"inbound is {inbound!r}; expected True or False"
    if created is None:
        return f"created_at {when!r} is not like 'Tue Oct 31 22:10:47 +0000 2017'"
    if parent_id == "":
        return f"in_response_to_tweet_id {parent!r} is not a tweet id"
    return None


def _post(
    rec: TextRecord, row: list[str], venue: str, created: datetime, parent_id: str | None
) -> RawPost:
    """The raw record kept is the record's own text, as it stands in the file."""
    tweet_id, author, inbound, _, body, _, _ = row
    staff = inbound == "False"
    return RawPost(
        record_no=rec.record_no,
        venue=venue,
        venue_kind=VenueKind.SOCIAL,
        external_id=tweet_id,
        author=author,
        created_at=created,
        text=body,
        parent_id=parent_id,
        role=Role.STAFF if staff else Role.CUSTOMER,
        brand=author if staff else None,
        kind=PostKind.POST,
        raw=(restore(rec.raw) if rec.recovered_cr else rec.raw).rstrip("\n"),
    )


_MONTHS = {
    m: f"{n:02d}"
    for n, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def _time(value: str) -> datetime | None:
    """``'Tue Oct 31 22:10:47 +0000 2017'`` as naive UTC; None when it is not like that."""
    try:
        _, month, day, clock, zone, year = value.split()
        if len(clock) != 8 or len(year) != 4 or len(day) > 2:
            return None
        # the C ISO parser: cheaper than six int() calls and a constructor
        stamp = datetime.fromisoformat(f"{year}-{_MONTHS[month]}-{day.zfill(2)}T{clock}")
        if zone == "+0000":
            return stamp
        if len(zone) != 5 or zone[0] not in "+-" or not zone[1:].isdigit():
            return None
        sign = -1 if zone[0] == "-" else 1
        return stamp - sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
    except (ValueError, KeyError):
        return None


def _parent(value: str) -> str | None:
    """``'3.0'`` → ``'3'``; empty → None; anything else → ``''`` (invalid)."""
    if not value or value.lower() == "nan":
        return None
    try:
        number = float(value)
    except ValueError:
        return ""
    return str(int(number)) if number.is_integer() and number > 0 else ""


def _reject(rec: TextRecord, reason: str) -> Reject:
    return Reject(rec.record_no, reason, restore(rec.raw))


sources.register(TwcsSource())

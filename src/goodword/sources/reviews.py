"""Product reviews in a CSV or TSV file (the delimiter is read from the header line).

Required columns: ``rating`` (1–5), a date (``date``, ``created_at`` or ``review_date``;
``31-Jul-18`` or ISO 8601) and the review text (``verified_reviews``, ``review_text``,
``review``, ``text``, ``body`` or ``content``). Optional: the product (``variation``,
``product``, ``product_name``), ``review_id``, ``author``, ``title``. Every review is the
root of its own thread.

Without a ``review_id`` a review's id is a fingerprint of what it says (rating, date,
product, title, author and text), so re-ingesting a file — or a later export that repeats
its rows — changes nothing, and a row repeated word for word is the same review. Without an
``author`` each review gets an anonymous author of its own. A review with a rating and no
text is stored with empty text (the rating still counts); ``raw.blank_text`` marks it.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from goodword import sources
from goodword.errors import SourceError
from goodword.model import PostKind, RawPost, Reject, Role, VenueKind
from goodword.sources.textio import TextRecord, read_records, restore

COLUMNS = {
    "rating": ("rating",),
    "date": ("date", "created_at", "review_date"),
    "text": ("verified_reviews", "review_text", "review", "text", "body", "content"),
    "product": ("variation", "product", "product_name"),
    "id": ("review_id",),
    "author": ("author",),
    "title": ("title",),
}
REQUIRED = ("rating", "date", "text")
CANONICAL = {"id", "author", "created_at", "text"}  # the canonical csv format's own header
MAX_ID, MAX_PRODUCT = 100, 200


class ReviewsSource:
    name = "reviews"

    def sniff(self, path: Path, head: str) -> bool:
        if path.is_dir():
            return False
        header = set(header_of(head))
        texts = set(COLUMNS["text"])
        return "rating" in header and bool(header & texts) and not CANONICAL <= header

    def read(self, path: Path, *, venue: str | None = None) -> Iterator[RawPost | Reject]:
        delimiter = delimiter_of(_first_line(path))
        records = read_records(path, delimiter=delimiter)
        header = next(records, None)
        if header is None:
            return
        names = [h.strip().lower() for h in header.fields]
        index = column_index(names)
        for rec in records:
            yield parse(rec, names, index, venue or f"reviews:{path.stem}")


def _first_line(path: Path) -> str:
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        return fh.readline()


def delimiter_of(line: str) -> str:
    """Tab when the header line holds one, else comma."""
    return "\t" if "\t" in line else ","


def header_of(head: str) -> list[str]:
    """The lower-cased column names of the first line of ``head``."""
    first = head.splitlines()[0] if head else ""
    fields = next(csv.reader([first], delimiter=delimiter_of(first)), [])
    return [f.strip().lower() for f in fields]


def column_index(header: list[str]) -> dict[str, int]:
    """Field → position of the first column that carries it."""
    index = {}
    for field, names in COLUMNS.items():
        found = next((n for n in names if n in header), None)
        if found is not None:
            index[field] = header.index(found)
    missing = [f"{f} ({' or '.join(COLUMNS[f])})" for f in REQUIRED if f not in index]
    if missing:
        raise SourceError(f"the reviews header lacks {', '.join(missing)}; found {header}")
    return index


def parse(rec: TextRecord, names: list[str], index: dict[str, int], venue: str) -> RawPost | Reject:
    """One row as a review, or a rejection saying what is wrong with it."""
    width = max(index.values()) + 1
    if len(rec.fields) < width:
        return _reject(rec, f"expected at least {width} fields, found {len(rec.fields)}")
    row = {f: rec.fields[i] for f, i in index.items()}
    problem = _problem(row)
    if problem:
        return _reject(rec, problem)
    return _post(rec, row, dict(zip(names, rec.fields, strict=False)), venue)


def _problem(row: dict[str, str]) -> str | None:
    if rating(row["rating"]) is None:
        return f"rating {row['rating']!r} is not a whole number from 1 to 5"
    if review_time(row["date"]) is None:
        return f"date {row['date']!r} is not like '31-Jul-18' or '2018-07-31'"
    if len(row.get("id", "").strip()) > MAX_ID:
        return f"review_id is longer than {MAX_ID} characters"
    return None


def _post(rec: TextRecord, row: dict[str, str], raw: dict[str, object], venue: str) -> RawPost:
    ext = row.get("id", "").strip() or fingerprint(row)
    text = row["text"].strip()
    if not text:
        raw["blank_text"] = True
    return RawPost(
        record_no=rec.record_no,
        venue=venue,
        venue_kind=VenueKind.REVIEWS,
        external_id=ext,
        author=row.get("author", "").strip() or f"anonymous:{ext}",
        created_at=review_time(row["date"]),  # type: ignore[arg-type]
        text=text,
        kind=PostKind.REVIEW,
        role=Role.CUSTOMER,
        rating=rating(row["rating"]),
        title=row.get("title", "").strip() or None,
        product_hint=product(row.get("product", "")),
        raw=raw,
    )


def fingerprint(row: dict[str, str]) -> str:
    """A review's id from what it says: the same review always gets the same id."""
    parts = (
        str(rating(row["rating"])),
        review_time(row["date"]).isoformat(),  # type: ignore[union-attr]
        product(row.get("product", "")) or "",
        row.get("title", "").strip(),
        row.get("author", "").strip(),
        row["text"].strip(),
    )
    return "r" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:20]


def rating(value: str) -> int | None:
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() and 1 <= number <= 5 else None


def review_time(value: str) -> datetime | None:
    """``31-Jul-18`` or ISO 8601, as naive UTC (a date alone is midnight)."""
    value = value.strip()
    try:
        return datetime.strptime(value, "%d-%b-%y")
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


def product(value: str) -> str | None:
    """The product name with its spacing tidied (``'Black  Dot'`` → ``'Black Dot'``)."""
    return " ".join(value.split())[:MAX_PRODUCT] or None


def _reject(rec: TextRecord, reason: str) -> Reject:
    return Reject(rec.record_no, reason, restore(rec.raw))


sources.register(ReviewsSource())

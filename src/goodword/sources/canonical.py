"""goodword's own schema, as JSON Lines (``jsonl``) or a CSV/TSV table (``csv``).

One record per post. Required: ``id``, ``author``, ``created_at`` (ISO 8601; a time without
offset is UTC) and ``text``. Optional: ``venue``, ``venue_kind``, ``parent_id``,
``author_name``, ``role``, ``brand``, ``title``, ``url``, ``score``, ``rating``, ``accepted``,
``kind``, ``followers``, ``product``. Fields outside the schema are kept in the post's raw
record. A CSV whose columns are named otherwise is read through a mapping:
``with_mapping({"text": "body", "id": "message_id"})``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from goodword import sources
from goodword.errors import SourceError
from goodword.model import PostKind, RawPost, Reject, Role, VenueKind
from goodword.sources.textio import TextRecord, read_records, restore

FIELDS = (
    "venue",
    "venue_kind",
    "id",
    "parent_id",
    "author",
    "author_name",
    "role",
    "brand",
    "created_at",
    "text",
    "title",
    "url",
    "score",
    "rating",
    "accepted",
    "kind",
    "followers",
    "product",
)
REQUIRED = ("id", "author", "created_at", "text")
MAX_LENGTH = {"id": 100, "parent_id": 100, "author": 200, "author_name": 200, "brand": 200}
MAX_LENGTH |= {"product": 200, "venue": 200}
TRUE, FALSE = ("true", "1", "yes", "y", "t"), ("false", "0", "no", "n", "f", "")
FORUM_KINDS = (PostKind.QUESTION, PostKind.ANSWER)


class Invalid(ValueError):
    """A field value that cannot be used; its message is the reason shown in quarantine."""


# --- one record → one post ------------------------------------------------------------------


def to_post(record_no: int, record: Mapping[str, Any], venue: str) -> RawPost | Reject:
    """A canonical record as a post, or a rejection naming the field and value at fault."""
    try:
        return _post(record_no, record, venue)
    except Invalid as exc:
        return Reject(record_no, str(exc), _dump(record))


def _post(record_no: int, r: Mapping[str, Any], venue: str) -> RawPost:
    for name in REQUIRED:
        if _blank(r.get(name)) and not (name == "text" and "text" in r and _has(r, "rating")):
            raise Invalid(f"required field {name!r} is missing or empty")
    kind = _choice(r, "kind", PostKind, PostKind.POST)
    return RawPost(
        record_no=record_no,
        venue=_string(r, "venue") or venue,
        venue_kind=_choice(r, "venue_kind", VenueKind, _venue_kind(kind)),
        external_id=_string(r, "id"),  # type: ignore[arg-type]
        parent_id=_string(r, "parent_id"),
        author=_string(r, "author"),  # type: ignore[arg-type]
        author_name=_string(r, "author_name"),
        role=_choice(r, "role", Role, Role.CUSTOMER),
        brand=_string(r, "brand"),
        created_at=_time(r, "created_at"),
        text=_text(r),
        title=_string(r, "title"),
        url=_string(r, "url"),
        score=_whole(r, "score"),
        rating=_rating(r),
        accepted=_flag(r, "accepted"),
        kind=kind,
        followers=_whole(r, "followers"),
        product_hint=_string(r, "product"),
        raw={k: v for k, v in r.items() if k not in FIELDS},
    )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _has(r: Mapping[str, Any], name: str) -> bool:
    return not _blank(r.get(name))


def _string(r: Mapping[str, Any], name: str) -> str | None:
    value = r.get(name)
    if _blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Invalid(f"{name} {value!r} is not a string")
    text = str(value).strip()
    limit = MAX_LENGTH.get(name)
    if limit and len(text) > limit:
        raise Invalid(f"{name} {text[:40]!r}… is longer than {limit} characters")
    return text


def _text(r: Mapping[str, Any]) -> str:
    value = r.get("text")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(f"text {value!r} is not a string")
    return value


def _choice(r: Mapping[str, Any], name: str, kind: Any, default: Any) -> Any:
    value = _string(r, name)
    if value is None:
        return default
    try:
        return kind(value.lower())
    except ValueError:
        choices = ", ".join(str(k) for k in kind)
        raise Invalid(f"{name} {value!r} is not one of: {choices}") from None


def _venue_kind(kind: PostKind) -> VenueKind:
    if kind in FORUM_KINDS:
        return VenueKind.FORUM
    return VenueKind.REVIEWS if kind == PostKind.REVIEW else VenueKind.SOCIAL


def _time(r: Mapping[str, Any], name: str) -> datetime:
    value = r.get(name)
    try:
        when = datetime.fromisoformat(str(value).strip())
    except ValueError:
        example = "'2024-05-01T10:00:00Z'"
        raise Invalid(f"{name} {value!r} is not an ISO 8601 time like {example}") from None
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


def _whole(r: Mapping[str, Any], name: str) -> int | None:
    value = r.get(name)
    if _blank(value):
        return None
    problem = Invalid(f"{name} {value!r} is not a whole number")
    if isinstance(value, bool):
        raise problem
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise problem from None
    if not number.is_integer():
        raise problem
    return int(number)


def _rating(r: Mapping[str, Any]) -> int | None:
    value = _whole(r, "rating")
    if value is not None and not 1 <= value <= 5:
        raise Invalid(f"rating {value!r} is not from 1 to 5")
    return value


def _flag(r: Mapping[str, Any], name: str) -> bool:
    value = r.get(name)
    if value is None or isinstance(value, bool):
        return bool(value)
    word = str(value).strip().lower()
    if word in TRUE or word in FALSE:
        return word in TRUE
    raise Invalid(f"{name} {value!r} is not true or false")


def _dump(record: Mapping[str, Any]) -> str:
    return json.dumps(dict(record), ensure_ascii=False, default=str)


# --- JSON Lines -----------------------------------------------------------------------------


class CanonicalJsonlSource:
    """One JSON object per line; blank lines are skipped, records are numbered by line."""

    name = "jsonl"

    def sniff(self, path: Path, head: str) -> bool:
        first = head.lstrip().split("\n", 1)[0].strip()
        if path.is_dir() or not first.startswith("{"):
            return False
        try:
            keys = set(json.loads(first))
        except ValueError:  # a first line longer than the sniffed head
            keys = {f for f in REQUIRED if f'"{f}"' in first}
        return "id" in keys and len(keys & set(REQUIRED)) >= 2

    def read(self, path: Path, *, venue: str | None = None) -> Iterator[RawPost | Reject]:
        default = venue or path.stem
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            for number, line in enumerate(fh, start=1):
                if line.strip():
                    yield _from_line(number, line, default, venue)


def _from_line(number: int, line: str, default: str, venue: str | None) -> RawPost | Reject:
    try:
        record = json.loads(line.strip())
    except json.JSONDecodeError as exc:
        reason = f"line {number} is not valid JSON: {exc.msg} at column {exc.colno}"
        return Reject(number, reason, line)
    if not isinstance(record, dict):
        kind = type(record).__name__
        return Reject(number, f"line {number} is a JSON {kind}; expected an object", line)
    return _raw_line(to_post(number, _override(record, venue), default), line)


def _override(record: dict[str, Any], venue: str | None) -> dict[str, Any]:
    """``--venue`` files every record under one venue, whatever the records say."""
    return record | {"venue": venue} if venue else record


# --- CSV ------------------------------------------------------------------------------------


class CanonicalCsvSource:
    """A CSV or TSV table of canonical records, its columns named by ``mapping`` if given.

    ``mapping`` maps a canonical field to the column that holds it (``{"text": "body"}``);
    unmapped fields are read from the column of the same name.
    """

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self.mapping = dict(mapping or {})
        unknown = sorted(set(self.mapping) - set(FIELDS))
        if unknown:
            raise SourceError(f"cannot map {unknown}: the fields are {', '.join(FIELDS)}")
        self.name = "csv" if not self.mapping else f"csv+map-{_digest(self.mapping)}"

    def sniff(self, path: Path, head: str) -> bool:
        if self.mapping or path.is_dir() or not head:
            return False
        first = head.splitlines()[0]
        return set(REQUIRED) <= set(_split(first))

    def read(self, path: Path, *, venue: str | None = None) -> Iterator[RawPost | Reject]:
        records = read_records(path, delimiter=_delimiter(_first_line(path)))
        header = next(records, None)
        if header is None:
            return
        names = [h.strip() for h in header.fields]
        columns = self.columns(names)
        for rec in records:
            yield _from_row(rec, names, columns, venue or path.stem, venue)

    def columns(self, header: list[str]) -> dict[str, int]:
        """Field → column position; a clear error when a required column is absent."""
        wanted = {f: self.mapping.get(f, f) for f in FIELDS}
        found = {f: header.index(c) for f, c in wanted.items() if c in header}
        missing = [f"{f} (column {wanted[f]!r})" for f in REQUIRED if f not in found]
        if missing:
            raise SourceError(
                f"the csv header lacks {', '.join(missing)}; found {header}. "
                "Name the columns with --map FIELD=COLUMN"
            )
        return found


def _from_row(
    rec: TextRecord, names: list[str], columns: dict[str, int], default: str, venue: str | None
) -> RawPost | Reject:
    if len(rec.fields) != len(names):
        reason = f"expected {len(names)} fields, found {len(rec.fields)}: the row is cut short "
        return Reject(rec.record_no, reason + "or has an unquoted delimiter", restore(rec.raw))
    post = to_post(rec.record_no, _override(_row(rec.fields, names, columns), venue), default)
    return _raw_line(post, restore(rec.raw))


def _raw_line(post: RawPost | Reject, line: str) -> RawPost | Reject:
    """A rejection keeps the record exactly as the file wrote it."""
    return Reject(post.record_no, post.reason, line) if isinstance(post, Reject) else post


def _row(fields: list[str], header: list[str], columns: dict[str, int]) -> dict[str, Any]:
    """Canonical fields from their columns, other columns kept under their own names."""
    used = set(columns.values())
    pairs = enumerate(zip(header, fields, strict=True))
    row: dict[str, Any] = {h: v for i, (h, v) in pairs if i not in used}
    row.update({f: fields[i] for f, i in columns.items()})
    return row


def _first_line(path: Path) -> str:
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        return fh.readline()


def _delimiter(line: str) -> str:
    return "\t" if "\t" in line else ","


def _split(line: str) -> list[str]:
    return [c.strip().strip('"') for c in line.split(_delimiter(line))]


def _digest(mapping: Mapping[str, str]) -> str:
    text = json.dumps(sorted(mapping.items()))
    return hashlib.sha1(text.encode()).hexdigest()[:8]


def with_mapping(mapping: Mapping[str, str]) -> CanonicalCsvSource:
    """A ``csv`` source reading canonical field ``f`` from column ``mapping[f]``."""
    return CanonicalCsvSource(mapping=mapping)


def register_mapping(mapping: Mapping[str, str]) -> str:
    """Register the mapped ``csv`` source (for ``--map``) and return its format name."""
    return sources.register(with_mapping(mapping)).name


sources.register(CanonicalJsonlSource())
sources.register(CanonicalCsvSource())

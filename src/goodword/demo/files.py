"""Write the demo's posts and sales in the real formats goodword ingests.

* ``twitter/twcs.csv``: Kaggle "Customer Support on Twitter" (leading unnamed index column,
  ``inbound`` True/False, ``created_at`` like ``Tue Oct 31 22:10:47 +0000 2017``,
  ``in_response_to_tweet_id`` as a float string).
* ``forum/Posts.xml`` and ``forum/Users.xml``: a Stack Exchange data dump.
* ``reviews/reviews.tsv``: the Amazon Alexa reviews TSV (BOM, CRLF) plus ``review_id`` and
  ``author`` columns.
* ``catalog.csv``, ``daily.csv``, ``orders.csv``, ``roster.csv``, ``labels.csv``.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from goodword.demo import company
from goodword.demo.sales import DayRow, Order
from goodword.demo.world import DemoPost, ThreadFact

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TWCS_HEADER = (
    "", "tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
    "in_response_to_tweet_id",
)  # fmt: skip
REVIEW_HEADER = (
    "rating", "date", "variation", "verified_reviews", "feedback", "review_id", "author",
)  # fmt: skip


def twitter_time(at: datetime) -> str:
    """``Tue Oct 31 22:10:47 +0000 2017``, independent of the locale."""
    return (
        f"{DAY_NAMES[at.weekday()]} {MONTHS[at.month - 1]} {at.day:02d} "
        f"{at:%H:%M:%S} +0000 {at.year}"
    )


def review_date(day: date) -> str:
    """``1-Jul-18``, as the Amazon reviews file writes dates."""
    return f"{day.day}-{MONTHS[day.month - 1]}-{day.year % 100:02d}"


def forum_time(at: datetime, salt: int) -> str:
    """``2015-01-27T20:09:32.720``: Stack Exchange timestamps carry milliseconds."""
    return f"{at:%Y-%m-%dT%H:%M:%S}.{salt * 37 % 1000:03d}"


def _write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def _csv_text(rows: Iterable[Sequence[object]], **fmt: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=fmt.pop("lineterminator", "\n"), **fmt)  # type: ignore[arg-type]
    writer.writerows(rows)
    return buffer.getvalue()


def write_twcs(path: Path, posts: Sequence[DemoPost]) -> None:
    """The social venue as ``twcs.csv``."""
    replies: dict[str, list[str]] = defaultdict(list)
    for post in posts:
        if post.parent_id:
            replies[post.parent_id].append(post.post_id)
    rows: list[Sequence[object]] = [TWCS_HEADER]
    for index, post in enumerate(sorted(posts, key=lambda p: int(p.post_id))):
        inbound = "True" if post.role == "customer" else "False"
        parent = f"{post.parent_id}.0" if post.parent_id else ""
        rows.append((index, post.post_id, post.author, inbound, twitter_time(post.created_at),
                     post.text, ",".join(replies[post.post_id]), parent))  # fmt: skip
    _write_text(path, _csv_text(rows))


def _xml_attr(value: object) -> str:
    text = str(value)
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        text = text.replace(raw, escaped)
    return text.replace("\n", "&#xA;")


def _xml_row(attrs: Iterable[tuple[str, object]]) -> str:
    body = " ".join(f'{k}="{_xml_attr(v)}"' for k, v in attrs if v is not None)
    return f"  <row {body} />"


def _xml_doc(root: str, rows: Iterable[str]) -> str:
    lines = ['\ufeff<?xml version="1.0" encoding="utf-8"?>', f"<{root}>", *rows, f"</{root}>"]
    return "\n".join(lines)


def write_forum(folder: Path, posts: Sequence[DemoPost], users: dict[str, int]) -> None:
    """The forum venue as a Stack Exchange dump: ``Posts.xml`` and ``Users.xml``."""
    answers: dict[str, list[DemoPost]] = defaultdict(list)
    for post in posts:
        if post.kind == "answer":
            answers[post.thread_id].append(post)
    rows = [_post_row(p, users, answers) for p in sorted(posts, key=lambda p: int(p.post_id))]
    _write_text(folder / "Posts.xml", _xml_doc("posts", rows))
    _write_text(folder / "Users.xml", _xml_doc("users", _user_rows(posts, users)))


def _post_row(post: DemoPost, users: dict[str, int], answers: dict[str, list[DemoPost]]) -> str:
    salt = int(post.post_id)
    own = answers.get(post.post_id, [])
    last = max([post.created_at, *(a.created_at for a in own)])
    if post.kind == "question":
        accepted = next((a.post_id for a in own if a.accepted), None)
        attrs = [("Id", post.post_id), ("PostTypeId", 1), ("AcceptedAnswerId", accepted),
                 ("CreationDate", forum_time(post.created_at, salt)), ("Score", post.score),
                 ("ViewCount", 20 + salt * 7 % 900), ("Body", post.text),
                 ("OwnerUserId", users[post.author]),
                 ("LastActivityDate", forum_time(last, salt)), ("Title", post.title),
                 ("Tags", "".join(f"<{t}>" for t in post.tags)), ("AnswerCount", len(own)),
                 ("CommentCount", 0)]  # fmt: skip
    else:
        attrs = [("Id", post.post_id), ("PostTypeId", 2), ("ParentId", post.parent_id),
                 ("CreationDate", forum_time(post.created_at, salt)), ("Score", post.score),
                 ("Body", post.text), ("OwnerUserId", users[post.author]),
                 ("LastActivityDate", forum_time(post.created_at, salt)),
                 ("CommentCount", 0)]  # fmt: skip
    return _xml_row(attrs)


_SITE_OPENED = datetime(2024, 1, 1, 9, 0)


def _user_rows(posts: Sequence[DemoPost], users: dict[str, int]) -> list[str]:
    reputation: dict[str, int] = defaultdict(lambda: 1)
    first_seen: dict[str, datetime] = {}
    for post in posts:
        reputation[post.author] += 10 * post.score + (15 if post.accepted else 0)
        first_seen.setdefault(post.author, post.created_at)
    rows = []
    for name, user_id in sorted(users.items(), key=lambda item: item[1]):
        since = first_seen.get(name, _SITE_OPENED) - timedelta(days=user_id * 17 % 400)
        staff = name in company.staff_handles()
        rows.append(_xml_row([("Id", user_id), ("Reputation", reputation[name] + 500 * staff),
                              ("CreationDate", forum_time(since, user_id)),
                              ("DisplayName", name), ("Views", user_id * 13 % 200),
                              ("UpVotes", 0), ("DownVotes", 0),
                              ("AccountId", 90000 + user_id)]))  # fmt: skip
    return rows


def write_reviews(path: Path, posts: Sequence[DemoPost]) -> None:
    """The reviews venue as the Amazon Alexa TSV, with ``review_id`` and ``author`` added."""
    rows: list[Sequence[object]] = [REVIEW_HEADER]
    for post in posts:
        rating = post.rating or 3
        rows.append((rating, review_date(post.created_at.date()),
                     company.product(post.skus[0]).name, post.text, int(rating >= 3),
                     post.post_id, post.author))  # fmt: skip
    _write_text(path, _csv_text(rows, delimiter="\t", lineterminator="\r\n"), "utf-8-sig")


def write_catalog(path: Path) -> None:
    rows: list[Sequence[object]] = [("sku", "name", "aliases", "url", "category")]
    for p in company.PRODUCTS:
        rows.append((p.sku, p.name, "|".join(p.aliases), p.url, p.category))
    _write_text(path, _csv_text(rows))


def write_daily(path: Path, days: Sequence[DayRow]) -> None:
    rows: list[Sequence[object]] = [("sku", "day", "units", "revenue", "ad_spend")]
    for r in days:
        rows.append((r.sku, r.day.isoformat(), f"{r.units:g}", f"{r.revenue:.2f}",
                     f"{r.ad_spend:.2f}"))  # fmt: skip
    _write_text(path, _csv_text(rows))


def write_orders(path: Path, orders: Sequence[Order]) -> None:
    rows: list[Sequence[object]] = [("order_id", "time", "sku", "amount", "customer", "code")]
    for o in orders:
        rows.append((o.order_id, o.time.isoformat(), o.sku, f"{o.amount:.2f}", o.customer, o.code))
    _write_text(path, _csv_text(rows))


def write_roster(path: Path, venue_keys: dict[str, str]) -> None:
    """Who serves where under which handle, and when (``ends`` empty: still serving)."""
    rows: list[Sequence[object]] = [("name", "team", "venue", "handle", "starts", "ends")]
    for c in company.CONTRIBUTORS:
        ends = c.ends.isoformat() if c.ends else ""
        for venue, handle in (("social", c.social_handle), ("forum", c.forum_handle)):
            rows.append((c.name, c.team, venue_keys[venue], handle, c.starts.isoformat(), ends))
    _write_text(path, _csv_text(rows))


LABEL_HEADER = (
    "venue", "post_id", "thread_id", "parent_id", "author", "role", "created_at", "kind",
    "intents", "sentiment", "skus", "scenario", "occasion", "target", "accepted",
)  # fmt: skip


def write_labels(path: Path, posts: Iterable[DemoPost]) -> None:
    """The planted label of every post, to check analyzers and metrics against."""
    rows: list[Sequence[object]] = [LABEL_HEADER]
    for p in posts:
        rows.append((p.venue, p.post_id, p.thread_id, p.parent_id or "", p.author, p.role,
                     p.created_at.isoformat(), p.kind, "|".join(p.intents), p.sentiment,
                     "|".join(p.skus), p.scenario or "", p.occasion or "", p.target or "",
                     int(p.accepted)))  # fmt: skip
    _write_text(path, _csv_text(rows))


def write_codes(path: Path, facts: Iterable[ThreadFact], venue_keys: dict[str, str]) -> None:
    """Tracking codes Contributors handed out in public, with the thread each was given in."""
    rows: list[Sequence[object]] = [("code", "venue", "contributor", "thread", "sku", "issued_at")]
    for f in facts:
        if f.code and f.code_at:
            rows.append((f.code, venue_keys[f.venue], f.served_by, f.thread_id, f.sku,
                         f.code_at.isoformat()))  # fmt: skip
    _write_text(path, _csv_text(rows))

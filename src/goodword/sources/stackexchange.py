"""Stack Exchange data dumps: ``Posts.xml`` (and ``Users.xml`` beside it, when present).

Questions (``PostTypeId`` 1) are thread roots with their title and tags; answers (2) reply
to their ``ParentId`` and are *accepted* when the question's ``AcceptedAnswerId`` names
them. ``Score`` becomes the post's score (its net votes). Bodies are HTML and are stored as
plain text with their paragraphs kept. Other post types (tag wikis, nominations …) are
quarantined. The file is streamed twice — once for the accepted answer ids, once for the
posts — holding only those ids (and ``Users.xml`` names), however large the dump.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

from goodword import sources
from goodword.errors import SourceError
from goodword.model import PostKind, RawPost, Reject, Role, VenueKind

POST_TYPES = {
    "3": "orphaned tag wiki",
    "4": "tag wiki excerpt",
    "5": "tag wiki",
    "6": "moderator nomination",
    "7": "wiki placeholder",
    "8": "privilege wiki",
}
SPACES = re.compile(r"\s+")


class StackExchangeSource:
    name = "stackexchange"

    def sniff(self, path: Path, head: str) -> bool:
        if path.is_dir():
            return (path / "Posts.xml").is_file()
        return "<posts" in head and "PostTypeId=" in head

    def read(self, path: Path, *, venue: str | None = None) -> Iterator[RawPost | Reject]:
        posts = path / "Posts.xml" if path.is_dir() else path
        site = Site.of(posts.parent, venue)
        accepted = accepted_answers(posts)
        names = display_names(posts.parent / "Users.xml")
        for number, row in enumerate(rows(posts), start=1):
            yield parse(number, row, site, accepted, names)


class Site:
    """Where a dump came from: its venue key and, when known, its web address."""

    def __init__(self, venue: str, host: str | None) -> None:
        self.venue = venue
        self.host = host

    @classmethod
    def of(cls, folder: Path, venue: str | None) -> Site:
        """``coffee.stackexchange.com/`` or ``stackexchange-coffee/`` → coffee.stackexchange.com."""
        name = folder.resolve().name
        host = None
        if name.endswith((".stackexchange.com", ".com", ".net")):
            host = name
        elif name.startswith("stackexchange-") and len(name) > len("stackexchange-"):
            host = f"{name.removeprefix('stackexchange-')}.stackexchange.com"
        return cls(venue or f"stackexchange:{name}", host)

    def url(self, kind: PostKind, post_id: str) -> str | None:
        if self.host is None:
            return None
        return f"https://{self.host}/{'q' if kind == PostKind.QUESTION else 'a'}/{post_id}"


def rows(path: Path) -> Iterator[dict[str, str]]:
    """The attributes of every ``<row>``, streamed; each element is freed once read."""
    try:
        context = ET.iterparse(path, events=("start", "end"))
        _, root = next(context)
        for event, element in context:
            if event == "end" and element.tag == "row":
                yield dict(element.attrib)
                root.clear()
    except ET.ParseError as exc:
        raise SourceError(f"{path} is not well-formed XML ({exc}); is the dump complete?") from None


def accepted_answers(path: Path) -> set[str]:
    """Ids of every answer a question in ``path`` marks as accepted."""
    return {row["AcceptedAnswerId"] for row in rows(path) if row.get("AcceptedAnswerId")}


def display_names(path: Path) -> dict[str, str]:
    """User id → display name from ``Users.xml``; empty when the file is absent."""
    if not path.is_file():
        return {}
    return {r["Id"]: r["DisplayName"] for r in rows(path) if r.get("Id") and r.get("DisplayName")}


def parse(
    number: int, row: dict[str, str], site: Site, accepted: set[str], names: dict[str, str]
) -> RawPost | Reject:
    """One ``<row>`` as a question or answer, or a rejection saying what is wrong."""
    text = html_to_text(row.get("Body", ""))
    problem = _problem(row, text)
    if problem:
        return Reject(number, f"post {row.get('Id', '?')}: {problem}", _xml(row))
    question = row["PostTypeId"] == "1"
    kind = PostKind.QUESTION if question else PostKind.ANSWER
    author, author_name = _author(row, names)
    return RawPost(
        record_no=number,
        venue=site.venue,
        venue_kind=VenueKind.FORUM,
        external_id=row["Id"],
        author=author,
        author_name=author_name,
        created_at=_time(row["CreationDate"]),  # type: ignore[arg-type]
        text=text,
        parent_id=None if question else row["ParentId"],
        role=Role.CUSTOMER,
        kind=kind,
        title=row.get("Title") or None,
        url=site.url(kind, row["Id"]),
        score=int(row["Score"]) if row.get("Score") else None,
        accepted=not question and row["Id"] in accepted,
        raw=_raw(row),
    )


def _problem(row: dict[str, str], text: str) -> str | None:
    kind = row.get("PostTypeId", "")
    if kind not in ("1", "2"):
        name = POST_TYPES.get(kind, "unknown post type")
        return f"not a question or answer (PostTypeId {kind}: {name})"
    if not row.get("Id", "").isdigit():
        return f"Id {row.get('Id')!r} is not a number"
    if kind == "2" and not row.get("ParentId", "").isdigit():
        return f"answer has no question (ParentId {row.get('ParentId')!r})"
    if _time(row.get("CreationDate", "")) is None:
        return f"CreationDate {row.get('CreationDate')!r} is not like '2015-01-27T20:09:32.720'"
    if row.get("Score") and not row["Score"].lstrip("-").isdigit():
        return f"Score {row['Score']!r} is not a whole number"
    if not text.strip() and not row.get("Title"):
        return "Body is empty"
    return None


def _author(row: dict[str, str], names: dict[str, str]) -> tuple[str, str | None]:
    """(handle, display name): the user id when there is one, else the name the post shows."""
    uid = row.get("OwnerUserId")
    if uid:
        return uid, names.get(uid) or row.get("OwnerDisplayName") or f"user{uid}"
    if row.get("OwnerDisplayName"):
        return f"name:{row['OwnerDisplayName']}", row["OwnerDisplayName"]
    return f"anonymous:{row['Id']}", None


def _time(value: str) -> datetime | None:
    """Dump times are UTC without an offset."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _raw(row: dict[str, str]) -> dict[str, object]:
    raw: dict[str, object] = {k: v for k, v in row.items() if k != "Body"}
    if row.get("Tags"):
        raw["tags"] = tags(row["Tags"])
    return raw


def tags(value: str) -> list[str]:
    """``<storage><whole-bean>`` (or ``|storage|whole-bean|``) → ``['storage', 'whole-bean']``."""
    return [t for t in value.replace("<", "|").replace(">", "|").split("|") if t]


def _xml(row: dict[str, str]) -> str:
    element = ET.Element("row", row)
    return ET.tostring(element, encoding="unicode")


class _TextParser(HTMLParser):
    """HTML → text: block elements become blank lines, code blocks keep their layout."""

    BLOCKS = frozenset(
        {"p", "div", "pre", "blockquote", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = [""]
        self.in_pre = 0
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        breaks = {"br": "\n", "li": "\n- "}
        if tag in self.BLOCKS or tag in breaks:
            self.parts.append(breaks.get(tag, "\n\n"))
        if tag == "a":
            self.links.append(dict(attrs).get("href"))
        if tag == "pre":
            self.in_pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        if tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)
        if tag == "a" and self.links:
            self._cite(self.links.pop())

    def handle_data(self, data: str) -> None:
        if not self.in_pre:
            data = SPACES.sub(" ", data)
            if self.parts[-1].endswith(("\n", "- ")) or not self.parts[-1]:
                data = data.lstrip()
        self.parts.append(data)

    def _cite(self, href: str | None) -> None:
        """A link keeps its address after its words, unless the words are the address."""
        if href and href.startswith("http") and not self.parts[-1].strip().endswith(href):
            self.parts.append(f" ({href})")


def html_to_text(html: str) -> str:
    """Plain text of a post body: paragraphs separated by one blank line."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "\n".join(line.rstrip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


sources.register(StackExchangeSource())

"""Input formats and connectors: each turns one outside source into ``RawPost`` records.

A source is registered under a name with :func:`register`; ``goodword ingest`` picks one by
``--format`` or by asking each registered source whether it recognises the file
(:meth:`Source.sniff`). Built-in formats register through the same mechanism as outside ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from goodword.errors import UnknownFormatError
from goodword.model import RawPost, Reject

Record = RawPost | Reject


class Source(Protocol):
    """One input format. ``read`` yields every record, numbered from 1, stored or rejected."""

    name: str

    def sniff(self, path: Path, head: str) -> bool:
        """True when ``path`` (whose first 4 KB are ``head``) is in this format."""
        ...

    def read(self, path: Path, *, venue: str | None = None) -> Iterator[Record]:
        """Every record of ``path``, in order; unusable ones as :class:`Reject`."""
        ...


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Make ``source`` available to ``goodword ingest --format NAME`` and detection."""
    _SOURCES[source.name] = source
    return source


def names() -> list[str]:
    _load_builtins()
    return sorted(_SOURCES)


def get(name: str) -> Source:
    _load_builtins()
    try:
        return _SOURCES[name]
    except KeyError:
        raise UnknownFormatError(
            f"no input format named {name!r}; choose one of: {', '.join(names())}"
        ) from None


def detect(path: Path) -> Source:
    """The registered source that recognises ``path``."""
    _load_builtins()
    head = _head(path)
    for source in _SOURCES.values():
        if source.sniff(path, head):
            return source
    raise UnknownFormatError(
        f"cannot tell the format of {path}; pass --format with one of: {', '.join(names())}"
    )


def _head(path: Path) -> str:
    target = path
    if path.is_dir():
        target = next((p for p in sorted(path.iterdir()) if p.is_file()), path)
    if not target.is_file():
        return ""
    with open(target, "rb") as fh:
        return fh.read(4096).decode("utf-8-sig", errors="replace")


_BUILTINS = ("twcs", "ibm_care", "stackexchange", "reviews", "canonical")
_loaded = False


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for name in _BUILTINS:
        try:
            importlib.import_module(f"goodword.sources.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"goodword.sources.{name}":
                raise

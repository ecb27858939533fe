"""Reading messy delimited text: records split only on real line ends, bare CRs recovered."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import NamedTuple, TextIO

CR_MARK = "\x1e"  # stands in for a bare carriage return while the CSV parser runs


class TextRecord(NamedTuple):
    """One delimited record: its 1-based number, fields, raw text, and whether a CR was kept.

    A named tuple rather than a dataclass: one is made for every line of a large file."""

    record_no: int
    fields: list[str]
    raw: str
    recovered_cr: bool


_BLOCK = 1 << 20  # characters read at a time


class _Lines:
    """A file's physical lines, ending at ``\\n`` only (a bare ``\\r`` stays inside its line),
    read in blocks; :meth:`take` returns the text of the lines a CSV record used."""

    def __init__(self, fh: TextIO) -> None:
        self._fh = fh
        self._blocks: list[tuple[int, list[str]]] = []  # (number of its first line, lines)
        self._read = 0  # lines read so far
        self._taken = 0  # lines handed out by take()

    def __iter__(self) -> Iterator[str]:
        return chain.from_iterable(self._next_blocks())

    def _next_blocks(self) -> Iterator[list[str]]:
        while lines := self._fh.readlines(_BLOCK):
            if "\r" in "".join(lines):
                lines = [_mark_cr(line) for line in lines]
            self._blocks.append((self._read, lines))
            self._read += len(lines)
            yield lines

    def take(self, upto: int) -> str:
        """The text of the lines after the last call, up to line number ``upto``."""
        start, self._taken = self._taken, upto
        first, lines = self._blocks[0]
        if upto - first <= len(lines):
            text = (
                lines[start - first]
                if upto - start == 1
                else "".join(lines[start - first : upto - first])
            )
        else:
            text = "".join(self._line(i) for i in range(start, upto))
        while len(self._blocks) > 1 and self._blocks[1][0] <= upto:
            del self._blocks[0]
        return text

    def _line(self, i: int) -> str:
        for first, lines in self._blocks:
            if i < first + len(lines):
                return lines[i - first]
        raise IndexError(i)


def _mark_cr(line: str) -> str:
    return line.replace("\r\n", "\n").replace("\r", CR_MARK) if "\r" in line else line


def read_records(
    path: Path, *, delimiter: str = ",", encoding: str = "utf-8-sig"
) -> Iterator[TextRecord]:
    """Every record, the header row included (record 0 is the header)."""
    with open(path, encoding=encoding, errors="replace", newline="\n") as fh:
        lines = _Lines(fh)
        reader = csv.reader(lines, delimiter=delimiter)
        for number, fields in enumerate(reader):
            raw = lines.take(reader.line_num)
            if CR_MARK in raw:
                yield TextRecord(number, [f.replace(CR_MARK, "\n") for f in fields], raw, True)
            else:
                yield TextRecord(number, fields, raw, False)


def restore(text: str) -> str:
    """Undo the CR mark in raw text kept for quarantine."""
    return text.replace(CR_MARK, "\r")

"""Reading messy delimited text: records split only on real line ends, bare CRs recovered."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CR_MARK = "\x1e"  # stands in for a bare carriage return while the CSV parser runs


@dataclass(frozen=True, slots=True)
class TextRecord:
    """One delimited record: its 1-based number, fields, raw text, and whether a CR was kept."""

    record_no: int
    fields: list[str]
    raw: str
    recovered_cr: bool


def _lines(path: Path, encoding: str) -> Iterator[str]:
    """Physical lines ending at ``\\n`` only; a bare ``\\r`` stays inside its line."""
    with open(path, encoding=encoding, errors="replace", newline="\n") as fh:
        for line in fh:
            if "\r" in line:
                line = line.replace("\r\n", "\n").replace("\r", CR_MARK)
            yield line


def read_records(
    path: Path, *, delimiter: str = ",", encoding: str = "utf-8-sig"
) -> Iterator[TextRecord]:
    """Every record after the header row (record 0 is the header)."""
    buffer: list[str] = []

    def feed() -> Iterator[str]:
        for line in _lines(path, encoding):
            buffer.append(line)
            yield line

    reader = csv.reader(feed(), delimiter=delimiter)
    for number, fields in enumerate(reader):
        raw = "".join(buffer)
        buffer.clear()
        recovered = CR_MARK in raw
        yield TextRecord(number, [f.replace(CR_MARK, "\n") for f in fields], raw, recovered)


def restore(text: str) -> str:
    """Undo the CR mark in raw text kept for quarantine."""
    return text.replace(CR_MARK, "\r")

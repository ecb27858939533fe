"""Make a large TWCS-format file from a real one: copies with fresh tweet ids and threads.

Used by the ingest benchmark and the crash-resume test. Copy ``k`` shifts every tweet id by
``k * stride`` and renames customer accounts, so threads keep their real shape.
"""

from __future__ import annotations

import csv
from pathlib import Path

from goodword.sources.textio import read_records
from goodword.sources.twcs import COLUMNS

HEADER = ["", *COLUMNS]


def replicate(src: Path, dst: Path, rows: int) -> int:
    """Write ``rows`` TWCS records to ``dst`` built from ``src``; returns rows written."""
    records = [r.fields for r in list(read_records(src))[1:] if len(r.fields) == 8]
    stride = 10 ** len(str(max(int(f[1]) for f in records)))
    with open(dst, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(HEADER)
        for n in range(rows):
            copy, f = divmod(n, len(records))
            out.writerow(_shifted(n, records[f], copy * stride))
    return rows


def _shifted(n: int, f: list[str], offset: int) -> list[str]:
    author = f[2] if f[3] == "False" or not offset else f"{f[2]}x{offset}"
    return [
        str(n),
        _ids(f[1], offset),
        author,
        f[3],
        f[4],
        f[5],
        _ids(f[6], offset),
        _ids(f[7], offset, as_float=True),
    ]


def _ids(value: str, offset: int, *, as_float: bool = False) -> str:
    if not value:
        return value
    shifted = [str(int(float(v)) + offset) for v in value.split(",") if v]
    return ",".join(f"{v}.0" if as_float else v for v in shifted)

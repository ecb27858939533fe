"""Ingest benchmark: N TWCS-format posts into SQLite against a bare executemany floor.

    python benchmarks/ingest.py [--rows 1000000] [--repeat 3]

The input is made by replicating the real TWCS rows (../shared/data) with fresh tweet ids and
threads. In the same run it times (1) a bare ``sqlite3.executemany`` of the same rows into a
plain table — the floor — and (2) ``goodword.ingest.ingest_path`` with threads rebuilt, each in
a fresh child process so its peak RSS is its own. Memory is checked flat in file size by also
ingesting a quarter and twice the rows. Results go to docs/benchmarks/ingest.md.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("GOODWORD_DATA_DIR", ROOT.parent / "shared" / "data"))
OUT = ROOT / "docs" / "benchmarks" / "ingest.md"


def _floor(path: str, db: str, queue: mp.Queue) -> None:
    """Parse with csv and executemany into a plain 7-column table: the floor."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r[1:8] for r in csv.reader(fh)][1:]
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TABLE t (tweet_id, author_id, inbound, created_at, text, "
        "response_tweet_id, in_response_to_tweet_id)"
    )
    start = time.perf_counter()
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.commit()
    queue.put((time.perf_counter() - start, _rss_mb()))


def _ingest(path: str, db: str, queue: mp.Queue) -> None:
    from goodword.ingest import ingest_path
    from goodword.store import Store

    store = Store.open(f"sqlite:///{db}")
    start = time.perf_counter()
    report = ingest_path(store, path)
    elapsed = time.perf_counter() - start
    # the writer's peak, and the reader process's (ingest forks one for large files)
    rss = max(_rss_mb(), _rss_mb(resource.RUSAGE_CHILDREN))
    queue.put((elapsed, rss, report.stored, report.threads))


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _child(target, path: Path, tmp: Path, name: str) -> tuple:  # type: ignore[no-untyped-def]
    db = tmp / f"{name}-{time.monotonic_ns()}.db"
    queue: mp.Queue = mp.get_context("spawn").Queue()
    proc = mp.get_context("spawn").Process(target=target, args=(str(path), str(db), queue))
    proc.start()
    result = queue.get()
    proc.join()
    for f in tmp.glob(f"{db.name}*"):
        f.unlink()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from goodword.sources.twcs_replicate import replicate

    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        big, small, double = tmp / "big.csv", tmp / "small.csv", tmp / "double.csv"
        replicate(DATA / "twcs-head5000" / "twcs.csv", big, args.rows)
        replicate(DATA / "twcs-head5000" / "twcs.csv", small, args.rows // 4)
        replicate(DATA / "twcs-head5000" / "twcs.csv", double, args.rows * 2)
        floors = [_child(_floor, big, tmp, "floor") for _ in range(args.repeat)]
        runs = [_child(_ingest, big, tmp, "ingest") for _ in range(args.repeat)]
        quarter = _child(_ingest, small, tmp, "quarter")
        twice = _child(_ingest, double, tmp, "double")
        size_mb = big.stat().st_size / 2**20
    _write(args.rows, size_mb, floors, runs, quarter, twice)


def _write(
    rows: int, size_mb: float, floors: list, runs: list, quarter: tuple, twice: tuple
) -> None:
    floor = statistics.median(f[0] for f in floors)
    full = statistics.median(r[0] for r in runs)
    lines = [
        "# Ingest benchmark",
        "",
        f"Machine: {describe()}.",
        f"Input: {rows:,} TWCS-format posts ({size_mb:.0f} MiB), replicated from the real",
        "TWCS rows with fresh ids and threads. Each measurement runs in a fresh process.",
        "",
        "| measurement | median s | runs (s) | posts/s | peak RSS MiB |",
        "|---|---|---|---|---|",
        _row("floor: bare sqlite3.executemany", floors, rows),
        _row("goodword ingest (parse, store, quarantine, threads)", runs, rows),
        "",
        f"**Ratio ingest / floor: {full / floor:.1f}×** (target ≤ 10×). Threads rebuilt: "
        f"{runs[0][3]:,}; posts stored: {runs[0][2]:,}.",
        "",
        "By design memory is bounded by a few batches in flight, SQLite's page cache "
        "(64 MiB) and the final index sort (which spills to a file past the cache), not by "
        f"the file. Peak RSS: a quarter of the rows ({rows // 4:,}) {quarter[1]:.0f} MiB, "
        f"all {rows:,} rows {statistics.median(r[1] for r in runs):.0f} MiB, twice as many "
        f"({rows * 2:,}) {twice[1]:.0f} MiB (the larger of the writer and the reader "
        f"process; twice the rows took {twice[0]:.1f} s).",
        "The floor holds its rows in memory before the timed executemany; ingest streams.",
        "",
        "What the ratio compares: the floor inserts the file's 7 columns into a table with no "
        "key or index. Ingest parses and checks every record (times, ids, quarantine), "
        "hashes it, and stores 21 columns per post — the raw record among them — under a "
        "unique (venue, external id) key and indexes on thread, parent and time, plus "
        "authors, threads with their counts, and the resume cursor, committing every "
        "20,000 records. Records are read and prepared in a second process while the first "
        "writes.",
        "",
        "Run: `python benchmarks/ingest.py --rows 1000000 --repeat 3`.",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def _row(name: str, results: list, rows: int) -> str:
    times = [r[0] for r in results]
    med = statistics.median(times)
    rss = statistics.median(r[1] for r in results)
    runs = ", ".join(f"{t:.2f}" for t in times)
    return f"| {name} | {med:.2f} | {runs} | {rows / med:,.0f} | {rss:.0f} |"


if __name__ == "__main__":
    main()

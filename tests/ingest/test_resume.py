"""A SIGKILL mid-ingest, then a rerun, leaves the same database as one clean run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from goodword.sources.twcs_replicate import replicate

QUERIES = {
    "posts": "SELECT p.external_id, p.content_hash, a.handle, p.parent_id IS NULL, "
    "t.root_external_id FROM posts p JOIN authors a ON a.id = p.author_id "
    "JOIN threads t ON t.id = p.thread_id ORDER BY p.external_id",
    "threads": "SELECT root_external_id, orphan, post_count, started_at, last_post_at, brand "
    "FROM threads ORDER BY root_external_id",
    "authors": "SELECT handle, role, brand FROM authors ORDER BY handle",
    "quarantine": "SELECT record_no, reason FROM quarantine ORDER BY record_no",
}


def _ingest(db: Path, path: Path) -> subprocess.Popen:
    env = {**os.environ, "GOODWORD_BATCH_SIZE": "500"}
    cmd = [sys.executable, "-m", "goodword", "--db", str(db), "--quiet", "ingest", str(path)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _cursor(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            row = conn.execute("SELECT max(cursor) FROM ingest_runs").fetchone()
            return row[0] or 0
    except sqlite3.Error:
        return 0


def _dump(db: Path) -> dict[str, list]:
    with sqlite3.connect(db) as conn:
        return {name: conn.execute(q).fetchall() for name, q in QUERIES.items()}


def test_sigkill_midway_then_rerun_equals_clean_run(tmp_path: Path, shared_data: Path) -> None:
    big = tmp_path / "big.csv"
    replicate(shared_data / "twcs-head5000" / "twcs.csv", big, 40_000)
    crashed = tmp_path / "crashed.db"
    proc = _ingest(crashed, big)
    deadline = time.monotonic() + 60
    while _cursor(crashed) < 5_000 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = _cursor(crashed)
    assert 0 < killed_at < 40_000

    rerun = _ingest(crashed, big)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    assert f"resumed after record {killed_at}" in out.decode()

    clean = tmp_path / "clean.db"
    assert _ingest(clean, big).wait(timeout=120) == 0
    assert _dump(crashed) == _dump(clean)

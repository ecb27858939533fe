"""Read and prepare an input file's batches in a second process while the first one writes.

Parsing, hashing and building driver rows cost about as much as writing them. On Linux a
forked reader runs :func:`goodword.store.prepare.prepare` over the source's batches and
sends them over a pipe; a thread of the writer takes them off it, at most AHEAD batches
ahead, so memory stays flat and the two halves overlap on two cores. Elsewhere, and for
small files, batches are prepared in-process. Either way the writer receives the same
batches in the same order.
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from goodword.model import RawPost, Reject
from goodword.store.prepare import PreparedBatch, batches_of, prepare

Records = Callable[[], Iterable[RawPost | Reject]]

_DONE = "done"
AHEAD = 2  # batches taken off the pipe and waiting for the writer


@contextmanager
def prepared_batches(
    records: Records,
    *,
    source: str,
    dialect: str,
    size: int,
    skip_to: int,
    parallel: bool,
) -> Iterator[Iterator[PreparedBatch]]:
    """The prepared batches of ``records()`` after record ``skip_to``, in order.

    With ``parallel`` (on Linux) the reader process forks on entering, so a caller that opens
    its database connection inside the ``with`` hands the reader none; leaving stops it.
    """
    if not parallel or sys.platform != "linux":  # fork is safe there; elsewhere it may not be
        yield (prepare(batch, source, dialect) for batch in batches_of(records(), size, skip_to))
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    args = (source, dialect, size, skip_to)
    reader = context.Process(target=_read, args=(records, args, receive, send), daemon=True)
    reader.start()
    send.close()  # the reader holds the only sending end: its exit ends the stream
    ready: queue.Queue = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()
    taker = threading.Thread(target=_take, args=(receive, reader, ready, stop), daemon=True)
    taker.start()
    try:
        yield _ready(ready)
    finally:
        stop.set()
        if reader.is_alive():
            reader.terminate()  # its end of the pipe closes: the taker wakes and stops
        reader.join()
        taker.join()
        receive.close()


def _ready(ready: queue.Queue) -> Iterator[PreparedBatch]:
    while True:
        kind, item = ready.get()
        if kind == _DONE:
            return
        if kind == "error":
            raise item
        yield item


def _take(receive: Any, reader: Any, ready: queue.Queue, stop: threading.Event) -> None:
    """Take batches off the pipe (unpickling them) while the writer writes: SQLite releases
    the interpreter as it writes, so this overlaps it, and up to AHEAD wait ready."""
    kind = "batch"
    while kind == "batch" and not stop.is_set():
        try:
            kind, item = receive.recv()
        except EOFError:
            kind, item = (
                "error",
                RuntimeError(
                    f"the reader process stopped (exit code {reader.exitcode}) before the "
                    "end of the file; run the ingest again to resume"
                ),
            )
        while not stop.is_set():
            try:
                ready.put((kind, item), timeout=0.2)
                break
            except queue.Full:
                continue


def _read(records: Records, args: tuple[str, str, int, int], receive: Any, send: Any) -> None:
    """The reader process: prepare each batch and send it; a send blocks until the writer
    takes it, so the reader stays one batch ahead. A killed writer ends it (broken pipe)."""
    receive.close()
    source, dialect, size, skip_to = args
    try:
        for batch in batches_of(records(), size, skip_to):
            send.send(("batch", prepare(batch, source, dialect)))
        send.send((_DONE, None))
    except (BrokenPipeError, ConnectionResetError):
        return
    except Exception as exc:  # the writer raises it again
        send.send(("error", exc))
    finally:
        send.close()

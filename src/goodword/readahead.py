"""Read and prepare an input file's batches in a second process while the first one writes.

Parsing, hashing and building driver rows cost about as much as writing them. On Linux a
forked reader runs :func:`goodword.store.prepare.prepare` over the source's batches and
sends them over a pipe; a thread of the writer takes them off it, at most AHEAD batches
ahead, so memory stays flat and the two halves overlap on two cores. Elsewhere, and for
small files, batches are prepared in-process. Either way the writer receives the same
batches in the same order.
"""

from __future__ import annotations

import io
import multiprocessing
import pickle
import queue
import signal
import sys
import threading
import traceback
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
    the interpreter as it writes, so this overlaps it, and up to AHEAD wait ready. Whatever
    goes wrong here reaches the writer as an error, so it never waits for nothing."""
    kind = "batch"
    while kind == "batch" and not stop.is_set():
        try:
            kind, item = pickle.loads(receive.recv_bytes())
        except EOFError:
            reader.join(timeout=5)
            kind, item = (
                "error",
                RuntimeError(
                    f"the reader process stopped (exit code {reader.exitcode}) before the "
                    "end of the file; run the ingest again to resume"
                ),
            )
        except BaseException as exc:  # e.g. a batch or an error that does not unpickle
            kind, item = "error", RuntimeError(f"a batch from the reader was lost: {exc!r}")
        _hand_over(ready, (kind, item), stop)


def _hand_over(ready: queue.Queue, item: tuple[str, Any], stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            ready.put(item, timeout=0.2)
            return
        except queue.Full:
            continue


def _read(records: Records, args: tuple[str, str, int, int], receive: Any, send: Any) -> None:
    """The reader process: prepare each batch and send it. A send blocks while the pipe is
    full, so the reader stays a few batches ahead at most; a killed writer ends it (broken
    pipe), and Ctrl-C is the writer's to handle. It inherits the writer's collector
    thresholds (ingest forks it inside :func:`goodword.collector.few_collections`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    receive.close()
    source, dialect, size, skip_to = args
    try:
        for batch in batches_of(records(), size, skip_to):
            send.send_bytes(_batch_bytes(("batch", prepare(batch, source, dialect))))
        send.send_bytes(pickle.dumps((_DONE, None)))
    except (BrokenPipeError, ConnectionResetError):
        return
    except Exception as exc:  # the writer raises it again
        send.send_bytes(pickle.dumps(("error", _portable(exc))))
    finally:
        send.close()


def _batch_bytes(item: tuple[str, PreparedBatch]) -> memoryview:
    """A batch pickled without a memo, much faster: remembering each of a batch's
    hundreds of thousands of strings is most of what pickling it costs. A batch holds no
    cycles, and the few objects it shares are simply written twice."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo
    pickler.dump(item)
    return buffer.getbuffer()


def _portable(exc: Exception) -> Exception:
    """``exc`` if it survives pickling, else a RuntimeError that names it and where it arose."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        where = "".join(traceback.format_exception(exc)[-3:])
        return RuntimeError(f"the reader failed: {type(exc).__name__}: {exc}\n{where}")

"""The cyclic garbage collector during batch work.

Batch work (ingest, enrichment) makes hundreds of thousands of tuples, lists and strings per
batch, all freed by reference counting. With the default first threshold (700 allocations)
the cyclic collector runs thousands of times over a large file and re-examines each batch's
live objects every time (benchmarks/signals.py times both). Inside :func:`few_collections`
it runs rarely; cyclic garbage is still collected, later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

FEW_COLLECTIONS = (100_000, 50, 1000)


@contextmanager
def few_collections() -> Iterator[None]:
    """Collect cyclic garbage rarely inside the block (the earlier thresholds come back)."""
    before = gc.get_threshold()
    gc.set_threshold(*FEW_COLLECTIONS)
    try:
        yield
    finally:
        gc.set_threshold(*before)

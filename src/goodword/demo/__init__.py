"""goodword's demo: a believable fictional company, generated deterministically.

``generate(out_dir, seed)`` writes Brewbird's conversations (social, forum, reviews), its
catalog, staff roster, daily sales and orders in the real formats goodword ingests, plus
``truth.json``: the planted truths metrics can be checked against. ``run_demo`` loads them
into a store through the ordinary ingest path.
"""

from __future__ import annotations

from goodword.demo.generate import generate
from goodword.demo.truth import DemoTruth

__all__ = ["DemoTruth", "generate"]

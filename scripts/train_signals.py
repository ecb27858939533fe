"""Train the shipped text-signal heads and write src/goodword/signals/models/signals.joblib.

Reads the public sets and data/labels from GOODWORD_DATA_DIR (default ../shared/data);
every split is seeded, so a rerun rebuilds the same weights. Also writes the held-out
scores to src/goodword/signals/models/signals-scores.json for the model cards.

    python scripts/train_signals.py
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import joblib

from goodword.signals.analyzers import SIGNALS_MODEL, shipped
from goodword.signals.evaluate import score_head
from goodword.signals.heads import HeadStack
from goodword.signals.training import HOME_MADE, fit_head, home_task, public_tasks

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    data = Path(os.environ.get("GOODWORD_DATA_DIR", ROOT.parent / "shared" / "data"))
    tasks = public_tasks(data) + [home_task(h, data) for h in HOME_MADE]
    heads = {t.head: fit_head(t) for t in tasks}
    stack = HeadStack().fit(heads)
    thresholds = json.dumps([stack.thresholds_, stack.unknown_place_thresholds_], sort_keys=True)
    digest = hashlib.sha1(stack.weights_.data.tobytes() + thresholds.encode()).hexdigest()[:8]
    version = f"1.0+{digest}"
    out = shipped(SIGNALS_MODEL)
    joblib.dump({"stack": stack, "version": version}, out, compress=3)
    scores = {t.head: score_head(stack, t) for t in tasks}
    out.with_name("signals-scores.json").write_text(json.dumps(scores, indent=2) + "\n")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB), version {version}")
    print(json.dumps(scores, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

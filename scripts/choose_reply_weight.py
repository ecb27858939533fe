"""Choose the weight of a labelled customer reply in the complaint head's training
(``training.REPLY_WEIGHT``).

The replies' training split (``data/labels/complaint.csv``) is cut in 5 folds by dialog; for
each weight, each fold's complaint head learns everything the shipped head learns (the
complaints tweets, the TweetSumm openings, the unlabelled pool with its teacher readings)
and the other four folds' replies, and reads the fold's replies at the head's threshold. It
prints the F1 of every weight over the training replies, and, as a check only, the
complaints 20% held-out F1 of a head trained on every training reply at that weight.

    python scripts/choose_reply_weight.py    # about 3 minutes on 2 cores
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import GroupKFold

from goodword.signals.heads import LinearHead
from goodword.signals.labelled import COMPLAINT, load_task
from goodword.signals.training import (
    HEAD_PARAMS,
    POOL_WEIGHT,
    complaint_task,
    design_of,
    with_soft_rows,
    words_and_cues,
)

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = (1.0, 3.0, 10.0)


def main() -> int:
    data = Path(os.environ.get("GOODWORD_DATA_DIR", ROOT.parent / "shared" / "data"))
    task = complaint_task(data)
    replies = [e for e in load_task(COMPLAINT, data) if e.split == "train"]
    n_all = len(task.train_labels)
    n_base = n_all - len(replies)
    X = words_and_cues(design_of(task.train_posts))
    y = np.asarray(task.train_labels)
    X_pool = words_and_cues(design_of(task.soft_posts))
    p_pool = np.asarray(task.soft_yes)
    X_test = words_and_cues(design_of(task.test_posts))
    y_test = np.asarray(task.test_labels) == "yes"
    params = {k: v for k, v in HEAD_PARAMS["complaint"].items() if k != "class_weight"}
    threshold = float(params.pop("threshold"))  # type: ignore[arg-type]
    dialogs = np.array([e.thread_id for e in replies])

    def fit(rows: np.ndarray, weight: float) -> LinearHead:
        X_fit, y_fit, w = with_soft_rows(X[rows], y[rows], X_pool, p_pool, POOL_WEIGHT)
        w[: len(rows)][rows >= n_base] *= weight
        return LinearHead(**params).fit(X_fit, y_fit, sample_weight=w)  # type: ignore[arg-type]

    y_replies = y[n_base:] == "yes"
    base = np.arange(n_base)
    for weight in WEIGHTS:
        out_of_fold = np.zeros(len(replies))
        for train, test in GroupKFold(5).split(np.zeros(len(replies)), groups=dialogs):
            head = fit(np.concatenate([base, n_base + train]), weight)
            out_of_fold[test] = head.predict_proba(X[n_base + test])
        said = out_of_fold >= threshold
        held = fit(np.arange(n_all), weight).predict_proba(X_test) >= threshold
        print(
            f"weight {weight:g}: replies cross-validated F1 {f1_score(y_replies, said):.3f} "
            f"(P {precision_score(y_replies, said):.3f}, R {recall_score(y_replies, said):.3f}); "
            f"complaints 20% F1 {f1_score(y_test, held):.3f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

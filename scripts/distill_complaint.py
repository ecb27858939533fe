"""Write the embeddings teacher's complaint readings of unlabelled posts (needs
``goodword[embeddings]``): data/distill/complaint.csv, which scripts/train_signals.py reads.

The default complaint head learns from about 2,700 labelled tweets. The optional embeddings
head (words + all-MiniLM-L6-v2, trained on the same labelled part only) reads complaints
better but a few hundred times slower. Here it reads about 40,000 unlabelled posts to brands
(`datasets.complaint_pool`: CrowdFlower tweets, TWCS and IBM customer posts, no tweet of the
complaints set), and the default head is then trained on the labels plus these readings as
soft labels (`training.with_soft_rows`), so it learns part of what the embedding knows at
no cost at run time.

    GOODWORD_EMBEDDINGS_CACHE=/tmp/emb python scripts/distill_complaint.py
    GOODWORD_EMBEDDINGS_CACHE=/tmp/emb python scripts/distill_complaint.py --cross-validate

``--cross-validate`` repeats the choice of the pool weight, and with it the default head's
penalty C and threshold: in 5 folds of the training part, a teacher is trained on four
folds, reads the pool, and the default head trained on the same four folds plus the pool is
scored on the fifth (complaints rows). It prints the F1 of every weight and C at its best
threshold; the chosen ones are ``training.POOL_WEIGHT`` and ``training.HEAD_PARAMS``. About
25 minutes on 2 cores once the pool's embeddings are cached.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from goodword.signals import datasets
from goodword.signals.analyzers import load_bundle, shipped
from goodword.signals.base import PostInput
from goodword.signals.embeddings import (
    EMBEDDINGS_MODEL,
    embed_cached,
    embedding_design,
    load_encoder,
)
from goodword.signals.heads import LinearHead
from goodword.signals.training import (
    DISTILLED,
    TEACHER_PARAMS,
    THRESHOLDS,
    _from_labelled,
    design_of,
    with_soft_rows,
    words_and_cues,
)

ROOT = Path(__file__).resolve().parents[1]
POOL_WEIGHTS = (0.0, 0.3, 1.0, 2.0)
STUDENT_CS = (4.0, 8.0, 16.0, 32.0, 64.0)


def main() -> int:
    data = Path(os.environ.get("GOODWORD_DATA_DIR", ROOT.parent / "shared" / "data"))
    pool = datasets.complaint_pool(data)
    pool_posts = [PostInput(t) for t in pool]
    bundle = load_bundle(shipped(EMBEDDINGS_MODEL))
    teacher, weight = bundle["heads"]["complaint"], bundle["weight"]
    encoder = load_encoder()
    print(f"embedding {len(pool)} pool posts", flush=True)
    pool_design = embedding_design(
        pool_posts, embed_cached(encoder, "complaint-pool", pool), weight
    )
    if "--cross-validate" in sys.argv:
        cross_validate(data, encoder, pool_posts, pool_design, weight)
    p_yes = teacher.predict_proba(pool_design)
    DISTILLED.parent.mkdir(parents=True, exist_ok=True)
    with DISTILLED.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["key", "p_yes"])
        out.writerows((datasets.pool_key(t), f"{p:.4f}") for t, p in zip(pool, p_yes, strict=True))
    print(f"wrote {DISTILLED}: {len(pool)} readings, mean P(complaint) {p_yes.mean():.3f}")
    return 0


def cross_validate(data: Path, encoder: object, pool_posts, pool_design, weight: float) -> None:  # noqa: ANN001
    """Cross-validated F1 of the default complaint head for each pool weight and C."""
    complaints = datasets.complaints(data)
    task = _from_labelled("complaint", [complaints, datasets.tweetsumm_openings(data)])
    scored = np.arange(len(task.train_labels)) < len(complaints.part(False)[0])
    texts = [p.text for p in task.train_posts]
    teach = embedding_design(
        task.train_posts, embed_cached(encoder, "complaint-train", texts), weight
    )
    X, X_pool = words_and_cues(design_of(task.train_posts)), words_and_cues(design_of(pool_posts))
    y = np.asarray(task.train_labels)
    grid = [(w, c) for w in POOL_WEIGHTS for c in STUDENT_CS]
    oof = {key: np.zeros(len(y)) for key in grid}
    folds = StratifiedKFold(5, shuffle=True, random_state=datasets.SEED)
    for train, test in folds.split(np.zeros(len(y)), y):
        fold_teacher = LinearHead(**TEACHER_PARAMS).fit(teach[train], y[train])  # type: ignore[arg-type]
        p_pool = fold_teacher.predict_proba(pool_design)
        for w in POOL_WEIGHTS:
            rows, labels, weights = with_soft_rows(X[train], y[train], X_pool, p_pool, w)
            for c in STUDENT_CS:
                student = LinearHead(C=c).fit(rows, labels, weights)
                oof[(w, c)][test] = student.predict_proba(X[test])
    truth = y[scored] == "yes"
    for w, c in grid:
        f1s = [f1_score(truth, oof[(w, c)][scored] >= t) for t in THRESHOLDS]
        best = int(np.argmax(f1s))
        print(
            f"pool weight {w}, C {c}: cross-validated F1 {f1s[best]:.4f} at threshold "
            f"{THRESHOLDS[best]} ({f1_score(truth, oof[(w, c)][scored] >= 0.5):.4f} at 0.5)",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())

"""The complaint head's unlabelled pool: what goes in, how its readings weigh, what is shipped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from goodword.errors import ModelError
from goodword.signals import datasets
from goodword.signals.base import PostInput
from goodword.signals.training import (
    DISTILLED,
    Task,
    design_of,
    fit_head,
    teacher_readings,
    with_soft_rows,
    words_and_cues,
)


def test_soft_rows_weigh_each_pool_post_by_the_teachers_reading() -> None:
    X = sp.csr_matrix(np.eye(4))
    y = np.array(["yes", "no", "no", "no"])
    X_pool = sp.csr_matrix(np.ones((2, 4)))
    rows, labels, weights = with_soft_rows(X, y, X_pool, np.array([0.9, 0.2]), 0.5)
    assert rows.shape == (8, 4)
    assert list(labels) == ["yes", "no", "no", "no", "yes", "yes", "no", "no"]
    # labelled rows as balanced classes: 4 / (2 * 1) for the yes, 4 / (2 * 3) for each no
    assert np.allclose(weights[:4], [2.0, 2 / 3, 2 / 3, 2 / 3])
    assert np.allclose(weights[4:], [0.45, 0.1, 0.05, 0.4])


def test_the_complaint_head_learns_what_the_teacher_read() -> None:
    labelled = ["my parcel is late again", "thanks, great service", "where is my refund", "love it"]
    posts = tuple(PostInput(t) for t in labelled)
    plain = Task("complaint", "test", posts, ("yes", "no", "yes", "no"), (), ())
    pool = tuple(PostInput(t) for t in ["the app keeps crashing", "app crashing all day"] * 5)
    taught = Task(**{**plain.__dict__, "soft_posts": pool, "soft_yes": (0.95,) * len(pool)})
    probe = words_and_cues(design_of([PostInput("the app is crashing")]))
    before = fit_head(plain, log=lambda _: None).predict_proba(probe)[0]
    after = fit_head(taught, log=lambda _: None).predict_proba(probe)[0]
    assert after > before + 0.2  # the pool says "crashing" is a complaint


def test_the_pool_holds_no_labelled_or_held_out_complaint_tweet(shared_data: Path) -> None:
    pool = datasets.complaint_pool(shared_data)
    keys = [datasets.match_key(t) for t in pool]
    assert len(keys) == len(set(keys)) > 30_000
    labelled = {datasets.match_key(t) for t in datasets.complaints(shared_data).texts}
    labelled |= {datasets.match_key(t) for t in datasets.tweetsumm_openings(shared_data).texts}
    assert not labelled & set(keys)


def test_the_shipped_readings_cover_the_pool(shared_data: Path) -> None:
    readings = teacher_readings(DISTILLED)
    pool = datasets.complaint_pool(shared_data)
    assert {datasets.pool_key(t) for t in pool} == set(readings)
    values = np.fromiter(readings.values(), float)
    assert ((values >= 0) & (values <= 1)).all()
    assert 0.1 < values.mean() < 0.9  # the teacher reads both complaints and others


def test_missing_readings_say_how_to_rebuild_them(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="distill_complaint.py"):
        teacher_readings(tmp_path / "complaint.csv")


def test_held_out_replies_keep_their_dialogs_out_of_complaint_training(shared_data: Path) -> None:
    from goodword.signals.labelled import load_task
    from goodword.signals.training import REPLY_WEIGHT, complaint_task

    replies = load_task("complaint", shared_data)
    held = {e.record_id.split(":")[0] for e in replies if e.split == "test"}
    train = [e for e in replies if e.split == "train"]
    openings = datasets.tweetsumm_openings(shared_data)
    kept = datasets.tweetsumm_openings(shared_data, frozenset(held))
    assert len(openings.texts) - len(kept.texts) == len(held)  # each held dialog's opening
    task = complaint_task(shared_data)
    texts = [p.text for p in task.train_posts]
    assert texts[-len(train) :] == [e.text for e in train]
    assert task.train_weights[-len(train) :] == (REPLY_WEIGHT,) * len(train)
    assert set(task.train_weights[: -len(train)]) == {1.0}


def test_a_heavier_labelled_post_pulls_the_head_its_way() -> None:
    texts = ["fixed, thanks", "my parcel is late again", "where is my refund", "love it"]
    posts = tuple(PostInput(t) for t in texts)
    pool = tuple(PostInput(t) for t in ["fixed again, thanks", "it is fixed"] * 5)
    plain = Task(
        "complaint", "test", posts, ("no", "yes", "yes", "no"), (), (),
        soft_posts=pool, soft_yes=(0.9,) * len(pool),
    )  # fmt: skip
    heavier = Task(**{**plain.__dict__, "train_weights": (20.0, 1.0, 1.0, 1.0)})
    probe = words_and_cues(design_of([PostInput("fixed, thanks")]))
    before = fit_head(plain, log=lambda _: None).predict_proba(probe)[0]
    after = fit_head(heavier, log=lambda _: None).predict_proba(probe)[0]
    assert after < before / 3  # the labelled "no" outweighs the pool's readings more


def test_per_post_weights_without_a_pool_are_refused() -> None:
    posts = (PostInput("my parcel is late"), PostInput("love it"))
    task = Task("complaint", "test", posts, ("yes", "no"), (), (), train_weights=(3.0, 1.0))
    with pytest.raises(ModelError, match="per-post weights"):
        fit_head(task, log=lambda _: None)

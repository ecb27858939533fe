"""The hand-labelled examples: every id resolves to a real post, and the splits are usable."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from goodword.errors import SourceError
from goodword.signals.features import words
from goodword.signals.labelled import (
    LABELLED_TASKS,
    THREAD_SOURCES,
    LabelledExample,
    label_rows,
    labels_dir,
    load_task,
    rule_negatives,
    taxonomy_labels,
    twcs_records,
    tweetsumm_records,
)
from goodword.signals.taxonomy import load_taxonomy
from goodword.signals.training import home_task

DONE = [task for task in LABELLED_TASKS if (labels_dir() / f"{task}.csv").is_file()]
DATA = Path(os.environ.get("GOODWORD_DATA_DIR", Path(__file__).parents[3] / "shared" / "data"))


@pytest.fixture(scope="module", params=DONE)
def labelled(request: pytest.FixtureRequest) -> tuple[str, list[LabelledExample]]:
    if not DATA.is_dir():
        pytest.skip(f"shared data folder {DATA} is absent (set GOODWORD_DATA_DIR)")
    return request.param, load_task(request.param, DATA)


def test_every_id_resolves_to_a_text(labelled: tuple[str, list[LabelledExample]]) -> None:
    task, examples = labelled
    assert len(examples) == len(label_rows(task))
    assert all(example.text.strip() for example in examples)


def test_each_task_has_at_least_300_examples(labelled: tuple[str, list[LabelledExample]]) -> None:
    _, examples = labelled
    assert len(examples) >= 300


def test_both_labels_in_both_splits(labelled: tuple[str, list[LabelledExample]]) -> None:
    _, examples = labelled
    counts = Counter((example.split, example.label) for example in examples)
    assert {key for key, n in counts.items() if n >= 5} == {
        ("train", 0),
        ("train", 1),
        ("test", 0),
        ("test", 1),
    }


def test_no_thread_straddles_the_splits(labelled: tuple[str, list[LabelledExample]]) -> None:
    _, examples = labelled
    splits: dict[str, set[str]] = {}
    for example in examples:
        splits.setdefault(example.thread_id, set()).add(example.split)
    assert all(len(found) == 1 for found in splits.values())


def test_ids_are_unique_and_fine_labels_agree(labelled: tuple[str, list[LabelledExample]]) -> None:
    _, examples = labelled
    assert len({(e.source, e.record_id) for e in examples}) == len(examples)
    positive = {e.fine for e in examples if e.label == 1}
    negative = {e.fine for e in examples if e.label == 0}
    assert not positive & negative


def test_replies_carry_their_parent_text(labelled: tuple[str, list[LabelledExample]]) -> None:
    _, examples = labelled
    threaded = ("twcs", "ibm-care")  # Reddit comments come without the post they answer
    replies = [e for e in examples if not e.is_first_in_thread and e.source in threaded]
    assert sum(e.parent_text is not None for e in replies) >= 0.9 * len(replies)


def test_a_reply_knows_whom_it_answers(labelled: tuple[str, list[LabelledExample]]) -> None:
    _, examples = labelled
    for e in examples:
        if e.source in ("stackexchange", "goemotions", "semeval") and not e.is_first_in_thread:
            assert e.parent_role == "customer"  # forums have no staff
        if e.parent_text is not None:
            assert e.parent_role in ("customer", "staff")


def test_a_review_posted_twice_stays_in_one_split(
    labelled: tuple[str, list[LabelledExample]],
) -> None:
    _, examples = labelled
    splits: dict[str, set[str]] = {}
    for example in examples:
        if example.source in ("alexa-reviews", "goemotions", "semeval"):  # own threads
            key = " ".join(example.text.lower().split())
            splits.setdefault(key, set()).add(example.split)
    assert all(len(found) == 1 for found in splits.values())


def test_twcs_reader_keeps_the_bare_carriage_return_tweet_whole(shared_data: Path) -> None:
    records = {r.record_id: r for r in twcs_records(shared_data / "twcs-head5000" / "twcs.csv")}
    assert len(records) == 5000
    assert records["3399"].role == "customer" and records["3399"].brand == "AskPayPal"
    assert "\r" not in records["3399"].text


def test_tweetsumm_reader_gives_each_turn_its_role_thread_and_brand(shared_data: Path) -> None:
    records = tweetsumm_records(shared_data / "tweetsumm" / "dialogs_labeled.csv")
    assert len({r.thread_id for r in records}) == 989
    by_id = {r.record_id: r for r in records}
    assert len(by_id) == len(records)
    first = by_id["b065262210783596c1fe79466b8f8985:0"]
    assert first.is_first_in_thread and first.parent_id is None and first.role == "customer"
    agent = by_id["b065262210783596c1fe79466b8f8985:2"]
    assert agent.role == "staff" and agent.text.startswith("@135060 Let’s investigate")
    assert agent.parent_id == "b065262210783596c1fe79466b8f8985:1"
    assert {r.brand for r in records if r.thread_id == first.thread_id} == {"AppleSupport"}
    assert all(r.text.strip() and not r.text.startswith(("Customer:", "Agent:")) for r in records)
    # a tweet with line breaks stays one turn
    form = by_id["373afaea00a355858b81cce36b3d21ba:3"].text
    assert form.startswith("@AirAsiaSupport") and "\nBirthdate:" in form


def test_unknown_task_or_missing_data_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="choose one of"):
        label_rows("sarcasm")
    with pytest.raises(SourceError, match="GOODWORD_DATA_DIR"):
        load_task(DONE[0], tmp_path)


def test_taxonomy_labels_name_default_nodes_and_resolve(shared_data: Path) -> None:
    labelled = taxonomy_labels(shared_data)
    nodes = {node.path for node in load_taxonomy()}
    assert len(labelled) >= 1000
    assert {row.path for row, _ in labelled} <= nodes
    assert all(record.text.strip() and record.role == "customer" for _, record in labelled)
    assert all(record.is_first_in_thread for _, record in labelled)
    assert len({row.record_id for row, _ in labelled}) == len(labelled)
    tops = Counter((row.split, row.path.split("/")[0]) for row, _ in labelled)
    # every top-level node with at least 5 posts has some in each split
    for top in {t for (_, t), n in tops.items() if n >= 5}:
        assert tops[("train", top)] and tops[("test", top)]


def test_a_taxonomy_id_missing_from_the_data_is_named(shared_data: Path, tmp_path: Path) -> None:
    (tmp_path / "taxonomy.csv").write_text(
        "source,record_id,path,split,note\ntwcs,999999999,praise,train,x\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match="twcs:999999999"):
        taxonomy_labels(shared_data, tmp_path)


@pytest.mark.parametrize(
    ("task", "role"), [("uninvited_mention", "staff"), ("apology", "customer")]
)
def test_posts_their_rule_rules_out_are_no(shared_data: Path, task: str, role: str) -> None:
    """Staff posts for a customer signal, customer posts for apology: `no` by rule 1."""
    examples = load_task(task, shared_data)
    extra = rule_negatives(task, examples, shared_data)
    split_of = {e.thread_id: e.split for e in examples}
    assert len(extra) > 100
    assert all(e.role == role and e.label == 0 and e.fine == role for e in extra)
    in_threads = [e for e in extra if e.source in THREAD_SOURCES]
    assert len(in_threads) > 100
    # every support source the task's labels come from gives its threads' ruled-out posts
    assert {e.source for e in in_threads} == {e.source for e in examples} & set(THREAD_SOURCES)
    assert all(split_of[e.thread_id] == e.split for e in in_threads)  # no thread straddles
    keys = [(e.source, e.record_id) for e in examples + extra]
    assert len(keys) == len(set(keys))
    public = [e for e in extra if e.source not in THREAD_SOURCES]
    if task == "apology":  # reviews and comments labelled elsewhere: no text in both splits
        assert len(public) > 500
        splits: dict[str, set[str]] = {}
        for e in public:
            splits.setdefault(e.text.strip().lower(), set()).add(e.split)
        assert all(len(found) == 1 for found in splits.values())
    else:
        assert public == []


def test_a_split_that_is_neither_train_nor_test_is_refused(tmp_path: Path) -> None:
    (tmp_path / "solved.csv").write_text(
        "source,record_id,label,fine,split,note\ntwcs,26,0,no,tset,typo\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match="neither train nor test"):
        label_rows("solved", tmp_path)


def test_identical_tweets_share_a_taxonomy_split(shared_data: Path) -> None:
    splits: dict[str, set[str]] = {}
    for row, record in taxonomy_labels(shared_data):
        splits.setdefault(" ".join(words(record.text)), set()).add(row.split)
    assert all(len(found) == 1 for found in splits.values())


def test_the_uninvited_mention_task_trains_and_scores_with_its_threads_staff_posts(
    shared_data: Path,
) -> None:
    task = home_task("uninvited_mention", shared_data)
    parts = ((task.train_posts, task.train_labels), (task.test_posts, task.test_labels))
    for posts, labels in parts:
        staff = [y for p, y in zip(posts, labels, strict=True) if p.role == "staff"]
        assert len(staff) > 100 and set(staff) == {"no"}
    assert "staff posts" in task.source


def test_posts_whose_place_settles_the_label_are_not_read_without_it(shared_data: Path) -> None:
    """An accepted answer is solved because it was accepted, a reply to the brand is not an
    uninvited mention because of where it sits: the place-unknown reading neither learns
    from nor is scored on them; every post still trains as it sits in its thread."""
    import numpy as np

    from goodword.signals.labelled import load_task
    from goodword.signals.training import design_of, with_unknown_place

    for head, fine in (("solved", "accepted"), ("uninvited_mention", "in_reply")):
        task = home_task(head, shared_data)
        examples = [e for e in load_task(head, shared_data) if e.split == "train"]
        settled = {e.text for e in examples if e.fine == fine}
        assert len(settled) > 10
        from_words = np.asarray(task.train_from_words)
        assert len(from_words) == len(task.train_posts) == len(task.train_threads)
        for post, readable in zip(task.train_posts, from_words, strict=True):
            assert readable == (post.text not in settled), post.text
        X = design_of(task.train_posts)
        y = np.asarray(task.train_labels)
        X_both, y_both = with_unknown_place(X, y, from_words)
        assert X_both.shape[0] == len(y_both) == len(y) + from_words.sum()
        assert (X_both[: len(y)] != X).nnz == 0
        assert len(task.test_from_words) == len(task.test_posts) > sum(task.test_from_words)


def test_cross_validation_keeps_a_threads_posts_in_one_fold(shared_data: Path) -> None:
    import numpy as np

    from goodword.signals.training import folds

    task = home_task("solved", shared_data)
    threads = np.asarray(task.train_threads)
    y = np.asarray(task.train_labels)
    assert len(set(threads)) < len(threads)  # threads hold several labelled posts
    seen = np.zeros(len(y), dtype=int)
    for train, test in folds(y, threads):
        assert not set(threads[train]) & set(threads[test])
        assert "yes" in set(y[test])
        seen[test] += 1
    assert (seen == 1).all()


def test_a_home_made_task_built_without_flags_reads_every_post() -> None:
    """A Task made without thread ids or words-settle flags trains and scores every post."""
    from goodword.signals.base import PostInput
    from goodword.signals.training import Task, design_of, fit_head

    yes = [f"that fixed it, thanks {i}" for i in range(30)]
    no = [f"still broken after update {i}" for i in range(30)]
    posts = tuple(PostInput(t, role="customer") for t in yes + no)
    labels = ("yes",) * 30 + ("no",) * 30
    task = Task("solved", "test", posts, labels, posts, labels)
    head = fit_head(task, log=lambda _: None)
    assert head.unknown_place_threshold is not None
    p = head.predict_proba(design_of(posts))
    assert (p[:30] > 0.5).all() and (p[30:] < 0.5).all()
    assert _text_only_posts(task) == len(posts)


def _text_only_posts(task) -> int:  # noqa: ANN001 - a Task
    from goodword.signals.analyzers import TextSignals
    from goodword.signals.evaluate import _text_only

    return _text_only(TextSignals().fit(), task)["n"]


def test_a_sentiment_that_is_not_a_class_is_refused(tmp_path: Path) -> None:
    (tmp_path / "complaint.csv").write_text(
        "source,record_id,label,fine,split,sentiment,note\n"
        "tweetsumm,abc:2,1,complaint,train,angry,typo\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match="not negative, neutral or positive"):
        label_rows("complaint", tmp_path)


def test_customer_replies_carry_a_sentiment_and_answer_the_agent(shared_data: Path) -> None:
    examples = load_task("complaint", shared_data)
    assert {e.sentiment for e in examples} == {"negative", "neutral", "positive"}
    assert all(e.role == "customer" and not e.is_first_in_thread for e in examples)
    assert all(e.parent_text for e in examples)


def test_customer_tweets_that_apologise_are_no_for_apology_in_their_halfs_split(
    shared_data: Path,
) -> None:
    from goodword.signals.datasets import brand_tweet_sentiment, match_key
    from goodword.signals.training import customer_tweets, home_task

    brand = brand_tweet_sentiment(shared_data)
    pairs = zip(brand.texts, brand.test, strict=True)
    half = {match_key(t): "test" if held else "train" for t, held in pairs}
    tweets = customer_tweets("apology", shared_data)
    assert len(tweets) > 150
    assert {e.split for e in tweets} == {"train", "test"}
    for e in tweets:
        assert (e.label, e.fine, e.role, e.source) == (0, "customer", "customer", "crowdflower")
        assert half[match_key(e.text)] == e.split
    task = home_task("apology", shared_data)
    held = {p.text for p in task.test_posts}
    assert {e.text for e in tweets if e.split == "test"} <= held

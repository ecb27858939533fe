"""The public sets' readers: what each head trains on and what it is scored on."""

from __future__ import annotations

from pathlib import Path

from goodword.signals import datasets


def test_sentiment_trains_on_semeval_alone_and_holds_out_the_validation_tweets(
    shared_data: Path,
) -> None:
    labelled = datasets.sentiment(shared_data)
    train, _ = labelled.part(False)
    held, _ = labelled.part(True)
    train_keys = {datasets.match_key(t) for t in train}
    semeval = {datasets.match_key(t) for t, _ in datasets.semeval_rows(shared_data)}
    crowdflower = {datasets.match_key(t) for t, _ in datasets.crowdflower_rows(shared_data)}
    assert train_keys <= semeval
    assert len(train_keys & (crowdflower - semeval)) == 0  # no CrowdFlower-only tweet
    assert len(held) == 2000 and not train_keys & {datasets.match_key(t) for t in held}


def test_one_semeval_file_reads_as_its_tweets(shared_data: Path) -> None:
    folder = shared_data / "semeval2017-task4"
    later = datasets.semeval_file(folder / "SemEval2017-task4-dev.subtask-A.english.INPUT.txt")
    assert len(later) > 20_000
    assert {label for _, label in later} == set(datasets.SENTIMENT_LABELS)
    assert all(text and "\\u" not in text for text, _ in later[:500])  # escapes decoded

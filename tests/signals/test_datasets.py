"""The public sets' readers: what each head trains on and what it is scored on."""

from __future__ import annotations

from pathlib import Path

from goodword.signals import datasets


def test_the_sentiment_set_is_semeval_with_the_validation_tweets_held_out(
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


def test_tweets_to_brands_are_split_in_halves_and_share_no_tweet(shared_data: Path) -> None:
    from goodword.signals.training import public_tasks

    brand = datasets.brand_tweet_sentiment(shared_data)
    train, train_labels = brand.part(False)
    held, held_labels = brand.part(True)
    assert all("@" in t for t in train + held)
    assert abs(len(train) - len(held)) <= 3 and set(train_labels) == set(held_labels)
    keys = [datasets.match_key(t) for t in train + held]
    assert len(set(keys)) == len(keys)  # each tweet once, so no held-out tweet is learnt
    semeval = {datasets.match_key(t) for t, _ in datasets.semeval_rows(shared_data)}
    assert not set(keys) & semeval
    # the sentiment head learns the SemEval tweets and the training half, nothing held out
    sentiment = next(t for t in public_tasks(shared_data) if t.head == "sentiment")
    learnt = {datasets.match_key(p.text) for p in sentiment.train_posts}
    assert {datasets.match_key(t) for t in train} <= learnt
    assert not learnt & {datasets.match_key(t) for t in held}


def test_one_semeval_file_reads_as_its_tweets(shared_data: Path) -> None:
    folder = shared_data / "semeval2017-task4"
    later = datasets.semeval_file(folder / "SemEval2017-task4-dev.subtask-A.english.INPUT.txt")
    assert len(later) > 20_000
    assert {label for _, label in later} == set(datasets.SENTIMENT_LABELS)
    assert all(text and "\\u" not in text for text, _ in later[:500])  # escapes decoded


def test_a_tweetsumm_opening_is_the_whole_tweet(shared_data: Path) -> None:
    """An opening with line breaks is read whole, as the labelled turns are: cut at its first
    line, 24 more openings were a bare @handle carrying their dialog's complaint label."""
    import re

    openings = datasets.tweetsumm_openings(shared_data).texts
    assert len(openings) == 989
    assert sum("\n" in t for t in openings) == 42
    bare = [t for t in openings if re.fullmatch(r"(?:@\w+\s*)+", t)]
    assert bare == ["@AirAsiaSupport", "@AirAsiaSupport"]  # tweets that say nothing else

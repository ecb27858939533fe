"""goodword classify, eval, label and taxonomy train through the real CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from goodword.cli import app

runner = CliRunner()
FIELDS = {
    "sentiment",
    "sentiment_score",
    "gratitude",
    "complaint",
    "question",
    "apology",
    "solved",
    "referral",
    "taxonomy",
    "delight",
}


def test_classify_writes_one_json_object_per_line() -> None:
    complaint = '{"text": "@AmazonHelp my package never arrived, terrible service"}'
    lines = f"thank you so much, that fixed it\n{complaint}\n\n"
    result = runner.invoke(app, ["classify", "-"], input=lines)
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(records) == 3
    for r in records:
        assert FIELDS <= set(r)
        assert r["sentiment"] in ("negative", "neutral", "positive")
        assert -1.0 <= r["sentiment_score"] <= 1.0
        assert all(
            0.0 <= r[k] <= 1.0
            for k in FIELDS - {"sentiment", "sentiment_score", "taxonomy", "delight"}
        )
    assert records[0]["gratitude"] > 0.8 and records[1]["complaint"] > 0.5


def test_classify_scores_reach_one_half_where_the_model_says_yes() -> None:
    """Yes/no fields are rescaled so 0.5 is each head's decision; the model's own
    probabilities sit under "probability"."""
    from goodword.signals.analyzers import TextSignals
    from goodword.signals.base import Batch, PostInput

    texts = [
        "@115712 Please send us a Private Message so that we can further assist you.",
        "@sprintcare I have sent several private messages and no one is responding as usual",
        "I'm so sorry, that was our mistake. We have refunded your order.",
        "Thanks, that worked! All sorted now.",
        "I recommend the Baratza Encore to anyone starting out, you should get one",
    ]
    result = runner.invoke(app, ["classify", "-"], input="\n".join(texts) + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.splitlines()]
    readings = TextSignals().fit().predict(Batch([PostInput(t) for t in texts]))
    for i, r in enumerate(records):
        for name in ("apology", "solved", "referral", "uninvited_mention"):
            said_yes = readings[name].labels[i] == "yes"
            assert (r[name] >= 0.5) == said_yes, (name, texts[i], r[name])
            assert r["probability"][name] == round(float(readings[name].scores[i]), 4)
    # a staff reply read without its thread is not taken for a customer's uninvited mention
    assert records[0]["uninvited_mention"] < 0.5
    assert records[4]["referral"] >= 0.5


def test_posts_without_a_place_take_the_stricter_threshold() -> None:
    from goodword.signals.analyzers import TextSignals
    from goodword.signals.base import Batch, PostInput

    analyzer = TextSignals().fit()
    unknown = analyzer.stack_.unknown_place_thresholds_
    assert set(unknown) == {"solved", "apology", "referral", "uninvited_mention"}
    posts = [PostInput("it works now, thanks"), PostInput("it works now, thanks", role="customer")]
    cuts = analyzer.predict(Batch(posts))["solved"].cuts
    assert cuts is not None
    assert list(cuts) == [unknown["solved"], analyzer.stack_.thresholds_["solved"]]


def _write_csv(path: Path) -> Path:
    rows = [
        ("I want my money back", "billing/refund"),
        ("refund me please", "billing/refund"),
        ("where is my refund", "billing/refund"),
        ("my parcel is late", "delivery/late"),
        ("package still not here", "delivery/late"),
        ("delivery is late again", "delivery/late"),
    ]
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows(rows * 4)
    return path


def test_taxonomy_train_then_classify_with_it(tmp_path: Path) -> None:
    model = tmp_path / "tax.joblib"
    db = str(tmp_path / "g.db")
    runner.invoke(app, ["--db", db, "label", "taxonomy", "delivery/late", "--text", "no parcel"])
    result = runner.invoke(
        app,
        [
            "--db",
            db,
            "taxonomy",
            "train",
            str(_write_csv(tmp_path / "l.csv")),
            "--out",
            str(model),
            "--with-corrections",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "billing/refund" in result.output and "1 corrections" in result.output
    result = runner.invoke(
        app, ["classify", "--taxonomy-model", str(model)], input="I want a refund\n"
    )
    assert json.loads(result.stdout)["taxonomy"] == "billing/refund"


def test_unknown_label_task_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--db", str(tmp_path / "g.db"), "label", "mood", "yes", "--text", "hi"]
    )
    assert result.exit_code != 0


def test_classify_reads_a_posts_place_from_jsonl() -> None:
    """JSONL lines may say who wrote a post and what it answers; the home-made signals then
    read it as `goodword enrich` reads a stored post."""
    from goodword.signals.analyzers import TextSignals
    from goodword.signals.base import Batch, PostInput
    from goodword.signals.classify import decision_score

    text = "@AmazonHelp that fixed it, thanks so much!"
    placed = PostInput(text, role="customer", reply_to_role="staff", is_root=False)
    lines = [
        json.dumps({"text": text}),
        json.dumps({"text": text, "role": "customer", "reply_to_role": "staff", "is_root": False}),
        json.dumps({"text": text, "role": "staff"}),
    ]
    result = runner.invoke(app, ["classify", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    bare, in_thread, staff = (json.loads(x) for x in result.stdout.splitlines())
    readings = TextSignals().fit().predict(Batch([PostInput(text), placed]))
    for name in ("solved", "uninvited_mention"):
        assert bare["probability"][name] == round(float(readings[name].scores[0]), 4)
        assert in_thread["probability"][name] == round(float(readings[name].scores[1]), 4)
    # each is judged at its own threshold: a post alone at the stricter one
    solved = readings["solved"]
    assert solved.cuts is not None and solved.cuts[0] > solved.cuts[1]
    assert bare["solved"] == round(decision_score(solved, 0), 4)
    assert in_thread["solved"] == round(decision_score(solved, 1), 4)
    # staff never make an uninvited mention
    assert staff["uninvited_mention"] == 0.0


def test_classify_echoes_each_lines_id_across_batches() -> None:
    """A JSONL line's id comes back first in its own output line, past a batch boundary
    (2,048 posts), and a plain line or an object without an id gets none."""
    lines = []
    for i in range(2_100):
        if i % 3 == 0:
            lines.append(f"plain line {i}")
        elif i % 3 == 1:
            lines.append(json.dumps({"id": f"post-{i}", "text": f"thanks for the help {i}"}))
        else:
            lines.append(json.dumps({"text": "where is my parcel"}))
    result = runner.invoke(app, ["classify", "--backend", "linear", "-"], input="\n".join(lines))
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(records) == 2_100
    for i, record in enumerate(records):
        if i % 3 == 1:
            assert next(iter(record)) == "id" and record["id"] == f"post-{i}"
            assert record["gratitude"] > 0.5
        else:
            assert "id" not in record


def test_classify_warns_of_a_bad_field_and_still_reads_the_line() -> None:
    lines = [
        json.dumps({"text": "thanks, all sorted", "role": "robot", "followers": -3}),
        json.dumps({"text": "where is my parcel", "is_root": "yes"}),
        "[1, 2]",
        json.dumps({"body": "a JSONL line without text"}),
        json.dumps({"text": 42}),
    ]
    result = runner.invoke(app, ["classify", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 5
    assert "line 1: role is 'robot', not one of customer, staff, brand" in result.stderr
    assert "line 1: followers is -3" in result.stderr
    assert "line 2: is_root is 'yes', not true or false" in result.stderr
    assert "line 4: text is None, not a string; read as an empty post" in result.stderr
    assert "line 5: text is 42, not a string" in result.stderr


def test_classify_with_places_reproduces_the_held_out_scores(shared_data: Path) -> None:
    """The held-out uninvited-mention posts, fed to `goodword classify` as JSONL with their
    place in the thread, are called as `goodword eval` scores them in their threads."""
    from sklearn.metrics import precision_score, recall_score

    from goodword.signals.analyzers import TextSignals
    from goodword.signals.evaluate import predicted_labels
    from goodword.signals.training import home_task

    task = home_task("uninvited_mention", shared_data)
    lines = []
    for post in task.test_posts:
        record = {"text": post.text, "role": post.role, "reply_to_role": post.reply_to_role}
        record |= {"is_root": post.is_root, "accepted": post.accepted, "brand": post.brand}
        lines.append(json.dumps(record))
    result = runner.invoke(app, ["classify", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    called = [
        "yes" if json.loads(x)["uninvited_mention"] >= 0.5 else "no"
        for x in result.stdout.splitlines()
    ]
    assert called == predicted_labels(TextSignals().fit(), task)
    # the posts of support threads; the public tweets have no place to give
    placed = [i for i, post in enumerate(task.test_posts) if post.role is not None]
    assert len(placed) > 700
    truth = [task.test_labels[i] for i in placed]
    called = [called[i] for i in placed]
    assert precision_score(truth, called, pos_label="yes") >= 0.85
    assert recall_score(truth, called, pos_label="yes") >= 0.7


def test_a_place_without_a_role_is_left_out() -> None:
    """The heads learnt a post with its whole place or with none: without the author's role
    the other place fields are not read, and a role's case does not matter."""
    text = "@AcmeHelp that fixed it, thanks!"
    lines = [
        json.dumps({"text": text}),
        json.dumps({"text": text, "reply_to_role": "staff", "is_root": False, "brand": "Acme"}),
        json.dumps({"text": text, "role": "Customer", "reply_to_role": "staff"}),
        json.dumps({"text": text, "role": "customer", "reply_to_role": "staff", "is_root": False}),
    ]
    result = runner.invoke(app, ["classify", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    bare, no_role, capital, full = (json.loads(x) for x in result.stdout.splitlines())
    assert no_role == bare
    assert capital == full  # a reply without is_root does not open its thread
    assert "line 2: reply_to_role, is_root, brand read only with a role" in result.stderr


def test_a_role_alone_opens_its_thread() -> None:
    from goodword.signals.classify import read_posts

    (post,) = read_posts([json.dumps({"text": "my order never came @Acme", "role": "customer"})])
    assert post.role == "customer" and post.is_root is True and post.reply_to_role is None


def test_a_warning_is_printed_as_it_is_written() -> None:
    line = json.dumps({"text": "hi", "role": "[/]"})
    result = runner.invoke(app, ["classify", "-"], input=line + "\n")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1
    assert "role is '[/]', not one of customer, staff, brand" in result.stderr


def test_eval_prints_the_held_out_scores_the_model_was_shipped_with(shared_data: Path) -> None:
    """`goodword eval --json` scores every head where the training script did (its stored
    scores), and adds tweets to brands, the text-only readings, the delight tables and the
    customers' replies in support threads."""
    from goodword.signals.analyzers import shipped

    result = runner.invoke(app, ["eval", "--json"], env={"GOODWORD_DATA_DIR": str(shared_data)})
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    stored = json.loads(shipped("signals-scores.json").read_text())
    for head, expected in stored.items():
        assert scores[head]["n"] == expected["n"]
        assert scores[head]["macro_f1"] == expected["macro_f1"], head
    assert scores["sentiment (tweets to brands)"]["n"] > 10_000
    for head in ("solved", "apology", "referral", "uninvited_mention"):
        assert f"{head} (text only)" in scores
    delight = scores["delight (any occasion)"]
    assert delight["labels"]["yes"]["support"] >= 50
    assert 0.0 < delight["labels"]["yes"]["precision"] <= 1.0
    assert "delight (fresh pattern hits, posts to or about a company)" in scores
    assert scores["question"]["labels"]["yes"]["support"] >= 30
    replies = "customer replies in support threads"
    assert scores[f"complaint ({replies})"]["labels"]["yes"]["support"] >= 50
    assert set(scores[f"sentiment ({replies})"]["labels"]) == {"negative", "neutral", "positive"}

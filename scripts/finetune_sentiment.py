"""Fine-tune all-MiniLM-L6-v2 with LoRA for sentiment: the embeddings backend's sentiment model.

    python scripts/finetune_sentiment.py                 # the shipped adapters
    python scripts/finetune_sentiment.py --later-period  # the later-period check
    python scripts/finetune_sentiment.py --export-only   # the ONNX graph of the shipped adapters

The shipped model trains on the same tweets as the default sentiment head (SemEval-2017 task
4A, the 2,000 TweetEval validation tweets held out, and the training half of the CrowdFlower
tweets to brands) for one epoch (LoRA rank 16 on every attention and feed-forward projection,
learning rate 5e-4, batches of 64, classes balanced in the loss), writes
``src/goodword/signals/models/sentiment-minilm-lora.safetensors`` (the embeddings backend's
adapters) and, with the adapters merged in and quantized weights, ``sentiment-minilm.onnx``
and the base model's ``minilm-tokenizer.json`` beside it (the transformer backend, read
without torch), and prints the macro recall of both on the validation tweets and on the
held-out half of the tweets to brands. ``--export-only`` writes the ONNX graph and the
tokenizer from the shipped adapters without training.

``--later-period`` asks how the models fare on tweets from a later period than they learnt
from, as a user's own tweets will be: it holds out the SemEval-2016 test tweets (the file
``SemEval2017-task4-dev.subtask-A.english.INPUT.txt``), trains the fine-tuned model and the
default words head on the rest, and prints the macro recall of both, of the fine-tuned
model exported as the transformer backend reads it (quantized ONNX), and of VADER, on the
held-out later tweets, the validation tweets and the held-out tweets to brands.

``--epochs N`` trains for N epochs instead of one. One epoch over the shipped model's tweets
takes about 40 minutes on a 2-core CPU; on a GPU, the earlier recipe (SemEval alone, 3
epochs) scored 0.702 / 0.707 / 0.705 on the later tweets after epochs 1–3.
``--limit N`` learns from N tweets only: a quick check that the script runs.

Needs the embeddings extra (``pip install -e '.[embeddings]'``). Uses a CUDA GPU when there is
one: on an H200 the earlier recipe's 3 epochs took about 100 seconds (timed once, not a
benchmark).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file
from sklearn.metrics import recall_score
from torch import nn

from goodword.signals import datasets, finetuned, training, transformer
from goodword.signals.analyzers import SENTIMENT, shipped
from goodword.signals.base import PostInput
from goodword.signals.heads import LinearHead

LATER_FILE = "SemEval2017-task4-dev.subtask-A.english.INPUT.txt"
EPOCHS, RATE, BATCH = 1, 5e-4, 64


def train(
    model: finetuned.MiniLMClassifier,
    ids: list[list[int]],
    y: np.ndarray,
    device: str,
    epochs: int = EPOCHS,
) -> None:
    """AdamW with a linear warm-up (6% of the steps) and decay, classes balanced in the loss."""
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    model.to(device)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=RATE, weight_decay=0.01)
    steps = epochs * math.ceil(len(ids) / BATCH)
    warm = int(0.06 * steps)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / max(1, warm), max(0.0, (steps - s) / (steps - warm)))
    )
    counts = np.bincount(y, minlength=len(SENTIMENT))
    weight = torch.tensor(len(y) / (len(SENTIMENT) * counts), dtype=torch.float32, device=device)
    loss_of = nn.CrossEntropyLoss(weight=weight)
    labels = torch.tensor(y)
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(ids)).tolist()
        for rows, x, m in finetuned.padded(ids, order, BATCH, device):
            with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
                logits = model(x, m)
            loss = loss_of(logits.float(), labels[rows].to(device))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
        print(f"epoch {epoch + 1} of {epochs} done", flush=True)


def fine_tuned(
    texts: list[str], labels: list[str], device: str, epochs: int = EPOCHS
) -> finetuned.MiniLMClassifier:
    tok = finetuned.tokenizer()
    model = finetuned.MiniLMClassifier(len(SENTIMENT))
    y = np.array([SENTIMENT.index(label) for label in labels])
    train(model, finetuned.token_ids(tok, texts), y, device, epochs)
    return model


def macro_recall(truth: list[str], predicted: list[str]) -> float:
    return float(recall_score(truth, predicted, average="macro"))


def readings(model: finetuned.MiniLMClassifier, texts: list[str], device: str) -> list[str]:
    p = finetuned.predict_proba(model, finetuned.token_ids(finetuned.tokenizer(), texts), device)
    return [SENTIMENT[i] for i in p.argmax(axis=1)]


def onnx_readings(reader: transformer.SentimentModel, texts: list[str]) -> list[str]:
    return [SENTIMENT[i] for i in reader.predict_proba(texts).argmax(axis=1)]


def exported(model: finetuned.MiniLMClassifier, folder: Path) -> transformer.SentimentModel:
    """``model`` exported as the transformer backend ships it, into ``folder``, and loaded."""
    onnx_path = folder / transformer.SENTIMENT_MODEL
    tokenizer_path = folder / transformer.TOKENIZER
    finetuned.export_onnx(model, onnx_path)
    shutil.copyfile(finetuned.base_path() / "tokenizer.json", tokenizer_path)
    return transformer.SentimentModel(onnx_path, tokenizer_path).fit()


def vader(texts: list[str]) -> list[str]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    compound = [analyzer.polarity_scores(t)["compound"] for t in texts]
    return ["positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral" for c in compound]


def words_head(texts: list[str], labels: list[str]) -> LinearHead:
    """The default sentiment head (same features and parameters), fitted on ``texts``."""
    X = training.words_and_cues(training.design_of([PostInput(t) for t in texts]))
    return LinearHead(**training.HEAD_PARAMS["sentiment"]).fit(X, labels)  # type: ignore[arg-type]


def words_readings(head: LinearHead, texts: list[str]) -> list[str]:
    X = training.words_and_cues(training.design_of([PostInput(t) for t in texts]))
    return [head.classes_[i] for i in head.predict_proba(X).argmax(axis=1)]


def training_tweets(data: Path, leave_out: frozenset[str] = frozenset()) -> tuple[list, list]:
    """What the words head learns: SemEval's tweets (the validation tweets held out) and the
    training half of the CrowdFlower tweets to brands; less any tweet keyed in ``leave_out``."""
    texts, labels = datasets.sentiment(data).part(False)
    brand_texts, brand_labels = datasets.brand_tweet_sentiment(data).part(False)
    rows = zip((*texts, *brand_texts), (*labels, *brand_labels), strict=True)
    kept = [(t, y) for t, y in rows if datasets.match_key(t) not in leave_out]
    return [t for t, _ in kept], [y for _, y in kept]


def held_out(data: Path) -> dict[str, tuple[list, list]]:
    """The held-out sets every run is scored on: texts and labels."""
    val_texts, val_labels = datasets.sentiment(data).part(True)
    brand_texts, brand_labels = datasets.brand_tweet_sentiment(data).part(True)
    return {
        "validation": (list(val_texts), list(val_labels)),
        "tweets to brands": (list(brand_texts), list(brand_labels)),
    }


def print_scores(sets: dict[str, tuple[list, list]], rows: dict[str, dict[str, list]]) -> None:
    """Macro recall of each model (a row: its labels per set) on each held-out set."""
    print(f"{'model':28}" + "".join(f"{name:>18}" for name in sets) + "   (macro recall)")
    for model, called in rows.items():
        scores = (macro_recall(sets[name][1], called[name]) for name in sets)
        print(f"{model:28}" + "".join(f"{x:18.3f}" for x in scores), flush=True)


def later_period(data: Path, device: str, limit: int | None, epochs: int) -> None:
    sets = held_out(data)
    held = {datasets.match_key(t) for t in sets["validation"][0]}
    later = datasets.semeval_file(data / "semeval2017-task4" / LATER_FILE)
    later = [(t, y) for t, y in later if datasets.match_key(t) not in held]
    sets = {"later tweets": ([t for t, _ in later], [y for _, y in later]), **sets}
    texts, labels = training_tweets(data, frozenset(datasets.match_key(t) for t, _ in later))
    texts, labels = texts[:limit], labels[:limit]
    print(f"{len(texts)} earlier tweets to learn from; {len(later)} later ones held out")
    head = words_head(texts, labels)
    model = fine_tuned(texts, labels, device, epochs)
    with tempfile.TemporaryDirectory() as tmp:
        reader = exported(model, Path(tmp))
        rows = {
            "VADER": {name: vader(x) for name, (x, _) in sets.items()},
            "words head": {name: words_readings(head, x) for name, (x, _) in sets.items()},
            "fine-tuned MiniLM": {
                name: readings(model, x, device) for name, (x, _) in sets.items()
            },
            "the same, quantized ONNX": {
                name: onnx_readings(reader, x) for name, (x, _) in sets.items()
            },
        }
    print_scores(sets, rows)


def ship(data: Path, device: str, limit: int | None, epochs: int) -> None:
    texts, labels = training_tweets(data)
    model = fine_tuned(texts[:limit], labels[:limit], device, epochs)
    path = shipped(finetuned.SENTIMENT_ADAPTER)
    save_file(finetuned.adapter_state(model), str(path))
    print(f"wrote {path}")
    sets = held_out(data)
    print_scores(
        sets, {"fine-tuned MiniLM": {n: readings(model, x, device) for n, (x, _) in sets.items()}}
    )
    export(data, device, limit, epochs)


def export(data: Path, device: str, limit: int | None, epochs: int) -> None:
    """The shipped adapters as the transformer backend reads them: quantized ONNX and tokenizer."""
    model = finetuned.load(shipped(finetuned.SENTIMENT_ADAPTER))
    folder = shipped(transformer.SENTIMENT_MODEL).parent
    reader = exported(model, folder)
    print(f"wrote {folder / transformer.SENTIMENT_MODEL}")
    sets = held_out(data)
    print_scores(
        sets, {"quantized ONNX": {n: onnx_readings(reader, x) for n, (x, _) in sets.items()}}
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--later-period", action="store_true", help="the later-period check")
    parser.add_argument("--export-only", action="store_true", help="export, do not train")
    parser.add_argument("--limit", type=int, help="learn from this many tweets only")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="passes over the tweets")
    args = parser.parse_args()
    data = Path(os.environ.get("GOODWORD_DATA_DIR", "../shared/data"))
    device = "cuda" if torch.cuda.is_available() else "cpu"
    print(f"training on {device}", flush=True)
    run = later_period if args.later_period else export if args.export_only else ship
    run(data, device, args.limit, args.epochs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Train the shipped default taxonomy model (src/goodword/signals/models/taxonomy-default.joblib).

Training data, all read from GOODWORD_DATA_DIR (default ../shared/data):

* Banking77 queries (CC BY 4.0), each intent mapped to a node of the default taxonomy
  (BANKING77_TO_NODE below); a seeded fifth is held out for the per-node report;
* the example posts written into the default taxonomy YAML;
* GoEmotions comments (Apache-2.0): gratitude/admiration as ``praise``, neutral as ``other``;
* CrowdFlower tweets (MIT package) picked by a few cue phrases for the nodes Banking77 lacks
  (software_update, returns, store_staff, delivery/damaged, delivery/late): weak labels;
* TWCS customer thread openers read by hand (``data/labels/taxonomy.csv``): the 872 of the
  ``train`` split, counted three times; the 371 of ``test`` are never trained on.

The report (``taxonomy-default-scores.json``) has two held-out parts, ``banking77_mapped``
and ``customer_tweets``: exact-path and top-level accuracy, and per-node precision/recall.

The default model uses the shared word features only, so it adds no vectorisation to the
other signals. ``goodword taxonomy train`` trains richer (words + characters) models.

    python scripts/train_taxonomy.py
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from goodword.signals import datasets
from goodword.signals.analyzers import TAXONOMY_MODEL, shipped
from goodword.signals.labelled import taxonomy_labels
from goodword.signals.taxonomy import TaxonomyModel, load_taxonomy, node_scores

ROOT = Path(__file__).resolve().parents[1]
PER_CUE = 250

BANKING77_TO_NODE = {
    "billing/refund": "request_refund Refund_not_showing_up reverted_card_payment? top_up_reverted",
    "billing/charge": (
        "extra_charge_on_statement card_payment_fee_charged transaction_charged_twice "
        "declined_card_payment declined_transfer declined_cash_withdrawal top_up_failed "
        "failed_transfer card_payment_not_recognised direct_debit_payment_not_recognised "
        "cash_withdrawal_not_recognised wrong_amount_of_cash_received pending_card_payment "
        "pending_transfer pending_top_up pending_cash_withdrawal "
        "balance_not_updated_after_cheque_or_cash_deposit balance_not_updated_after_bank_transfer "
        "transfer_not_received_by_recipient card_payment_wrong_exchange_rate "
        "wrong_exchange_rate_for_cash_withdrawal"
    ),
    "pricing": (
        "exchange_rate exchange_charge transfer_fee_charged top_up_by_bank_transfer_charge "
        "top_up_by_card_charge cash_withdrawal_charge disposable_card_limits top_up_limits"
    ),
    "delivery/late": "card_arrival",
    "delivery/tracking": "card_delivery_estimate",
    "account/access": (
        "passcode_forgotten pin_blocked unable_to_verify_identity verify_my_identity "
        "why_verify_identity verify_source_of_funds verify_top_up terminate_account"
    ),
    "account/security": "compromised_card lost_or_stolen_card lost_or_stolen_phone",
    "product_defect": (
        "card_not_working contactless_not_working virtual_card_not_working card_swallowed"
    ),
}

CUES = {
    "software_update": r"\b(?:update|updated|upgrade|ios ?\d+|new version|latest version)\b",
    "returns": r"\b(?:return (?:it|this|my|the)|returning|exchange (?:it|this|my)|return label)\b",
    "store_staff": r"\b(?:staff|rude|employee|cashier|on hold|customer service rep|agent was)\b",
    "delivery/damaged": r"\b(?:arrived (?:broken|damaged|crushed)|wrong item|damaged)\b",
    "delivery/late": r"\b(?:lost (?:my )?(?:bag|luggage|package)|never arrived|still waiting)\b",
}


def banking_rows(data: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(train, held-out) Banking77 rows mapped to default nodes; unmapped intents -> how_to."""
    node_of = {i: node for node, intents in BANKING77_TO_NODE.items() for i in intents.split()}
    labelled = datasets.banking77(data)
    parts = []
    for held in (False, True):
        texts, labels = labelled.part(held)
        parts.append([(t, node_of.get(y, "how_to")) for t, y in zip(texts, labels, strict=True)])
    return parts[0], parts[1]


def goemotion_rows(data: Path) -> list[tuple[str, str]]:
    rows = []
    for emotion, node, n in (
        ("gratitude", "praise", 300),
        ("admiration", "praise", 300),
        ("neutral", "other", 600),
    ):
        texts, labels = datasets.goemotions(data, emotion).part(False)
        rows += [(t, node) for t, y in zip(texts, labels, strict=True) if y == "yes"][:n]
    return rows


def cue_rows(data: Path) -> list[tuple[str, str]]:
    texts = [t for t, _ in datasets.crowdflower_rows(data)]
    rows = []
    for node, cue in CUES.items():
        rx = re.compile(cue, re.IGNORECASE)
        rows += [(t, node) for t in texts if rx.search(t)][:PER_CUE]
    return rows


def labelled_tweets(data: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(train, test) customer tweets read by hand (``data/labels/taxonomy.csv``)."""
    train, test = [], []
    for row, record in taxonomy_labels(data):
        (test if row.split == "test" else train).append((record.text, row.path))
    return train, test


def fit(
    rows: list[tuple[str, str]],
    cue_tweets: list[tuple[str, str]],
    tweets: list[tuple[str, str]],
    repeat: int = 3,
) -> TaxonomyModel:
    """The default model: the public rows, the cue-picked tweets, and the hand-read tweets
    repeated ``repeat`` times (chosen by a one-off 5-fold cross-validation on the hand-read
    train part, its script not kept: 1 -> 0.37, 3 -> 0.42, 10 -> 0.42 accuracy)."""
    everything = rows + cue_tweets + tweets * repeat
    return TaxonomyModel(features="words").fit(
        [t for t, _ in everything], [y for _, y in everything]
    )


def scored(model: TaxonomyModel, held_out: list[tuple[str, str]]) -> dict[str, object]:
    """Exact-path and top-level accuracy and per-node precision/recall on ``held_out``."""
    truth = [y for _, y in held_out]
    predicted = model.predict([t for t, _ in held_out])
    exact = sum(a == b for a, b in zip(truth, predicted, strict=True)) / len(truth)
    top = sum(
        a.split("/")[0] == b.split("/")[0] for a, b in zip(truth, predicted, strict=True)
    ) / len(truth)
    return {
        "n": len(truth),
        "accuracy": round(exact, 3),
        "top_level_accuracy": round(top, 3),
        "nodes": [
            s.__dict__ | {"precision": round(s.precision, 3), "recall": round(s.recall, 3)}
            for s in node_scores(truth, predicted)
        ],
    }


def main() -> int:
    data = Path(os.environ.get("GOODWORD_DATA_DIR", ROOT.parent / "shared" / "data"))
    train, held_out = banking_rows(data)
    yaml_rows = [(e, n.path) for n in load_taxonomy() for e in n.examples]
    tweets, tweets_held_out = labelled_tweets(data)
    rows = train + yaml_rows * 5 + goemotion_rows(data)
    model = fit(rows, cue_rows(data), tweets)
    out = model.save(shipped(TAXONOMY_MODEL))
    report = {
        "banking77_mapped": scored(model, held_out),
        "customer_tweets": scored(model, tweets_held_out),
    }
    out.with_name("taxonomy-default-scores.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")
    for name, part in report.items():
        print(f"{name}: accuracy {part['accuracy']}, top level {part['top_level_accuracy']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

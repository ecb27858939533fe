"""CLI commands: signals (classify, enrich, eval, label, taxonomy train)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table

from goodword.cli.context import state

taxonomy_app = typer.Typer(help="The issue taxonomy: train a classifier from labelled examples.")


BACKEND_HELP = (
    "Text-signal backend: linear, transformer or embeddings "
    "(default: GOODWORD_SIGNALS_BACKEND, else {default})."
)


def _backend(ctx: typer.Context, chosen: str | None, default: str) -> str:
    """The backend a command runs: its flag, else the setting, else the command's default."""
    return chosen or state(ctx).settings.signals_backend or default


def _analyzers(taxonomy_model: Path | None, backend: str = "linear") -> list:
    from goodword.signals.analyzers import IssueTaxonomy
    from goodword.signals.registry import analyzers_for

    analyzers = analyzers_for(backend)
    if taxonomy_model is not None:
        analyzers = [a for a in analyzers if a.name != IssueTaxonomy.name]
        analyzers.append(IssueTaxonomy(taxonomy_model).fit())
    return analyzers


def classify(
    ctx: typer.Context,
    source: str = typer.Argument(
        "-",
        help="File of texts, one per line, or JSONL with a 'text' field and optionally an "
        "'id' (echoed first in its output line) and the post's place: role, reply_to_role "
        "(customer|staff|brand), is_root, accepted, brand, followers; '-' reads stdin.",
    ),
    taxonomy_model: Path = typer.Option(
        None, "--taxonomy-model", help="A model from `goodword taxonomy train` (default: shipped)."
    ),
    backend: str = typer.Option(None, "--backend", help=BACKEND_HELP.format(default="transformer")),
) -> None:
    """Print one JSON object of signals per input text (sentiment, gratitude, taxonomy…).

    Sentiment comes from the fine-tuned transformer (150–250 texts a second on two cores);
    ``--backend linear`` reads it with the words head, as fast as the other signals.
    Solved, apology, referral and uninvited mention read a post better knowing its place in
    its thread (who wrote it, what it answers); without it they read the words alone, with
    the thresholds their heads learnt for posts without a place.
    """
    from goodword.signals.classify import classify_lines

    analyzers = _analyzers(taxonomy_model, _backend(ctx, backend, "transformer"))
    stream = sys.stdin if source == "-" else Path(source).open(encoding="utf-8", errors="replace")

    def warn(line: str) -> None:
        typer.echo(f"warning: {line}", err=True)

    with stream:
        for record in classify_lines(analyzers, stream, warn):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def enrich(
    ctx: typer.Context,
    batch_size: int = typer.Option(2000, help="Posts per committed batch."),
    backend: str = typer.Option(None, "--backend", help=BACKEND_HELP.format(default="linear")),
) -> None:
    """Compute signals for every post not yet enriched by the current analyzers (resumable)."""
    from goodword.signals.enrich import enrich as run_enrich
    from goodword.signals.registry import analyzers_for

    st = state(ctx)
    analyzers = analyzers_for(_backend(ctx, backend, "linear"))
    with Progress(console=st.err, disable=st.quiet, transient=True) as bar:
        task = bar.add_task("enriching posts", total=None)
        report = run_enrich(
            st.store,
            analyzers,
            batch_size=batch_size,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    st.console.print(
        f"enriched {report.posts} posts in {report.batches} batches; "
        f"{report.threads} threads rolled up"
    )


def evaluate(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    backend: str = typer.Option(None, "--backend", help=BACKEND_HELP.format(default="linear")),
) -> None:
    """Per-label precision / recall / F1 and macro scores of the shipped models, held out."""
    from goodword.signals.evaluate import evaluate_all
    from goodword.signals.registry import text_analyzer

    st = state(ctx)
    log = (lambda _: None) if as_json else st.say
    analyzer = text_analyzer(_backend(ctx, backend, "linear"))
    results = evaluate_all(st.settings.data_dir, analyzer, log=log)
    if as_json:
        st.console.print_json(json.dumps(results))
        return
    for head, scores in results.items():
        st.console.print(_score_table(head, scores))


def _score_table(head: str, scores: dict) -> Table:
    table = Table(title=f"{head} — {scores['source']} (held out, n={scores['n']})")
    for column in ("label", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label, s in scores["labels"].items():
        table.add_row(
            label,
            f"{s['precision']:.3f}",
            f"{s['recall']:.3f}",
            f"{s['f1']:.3f}",
            str(s["support"]),
        )
    table.add_row(
        "macro",
        f"{scores['macro_precision']:.3f}",
        f"{scores['macro_recall']:.3f}",
        f"{scores['macro_f1']:.3f}",
        str(scores["n"]),
    )
    return table


def label(
    ctx: typer.Context,
    task: str = typer.Argument(..., help="Signal to correct: taxonomy, sentiment, solved…"),
    value: str = typer.Argument(..., help="The right label: a taxonomy path, or yes/no."),
    text: str = typer.Option(None, "--text", help="The post's text."),
    post: int = typer.Option(None, "--post", help="The id of a stored post."),
) -> None:
    """Record a correction; `goodword taxonomy train --with-corrections` learns from it."""
    from goodword.signals.corrections import record

    st = state(ctx)
    with st.store.begin() as conn:
        saved = record(conn, task, value, text=text, post_id=post)
    st.console.print(f"recorded correction {saved.id}: {task} = {saved.label}")


@taxonomy_app.command("train")
def taxonomy_train(
    ctx: typer.Context,
    labelled: Path = typer.Argument(..., help="CSV with columns text,label (label = node path)."),
    out: Path = typer.Option(Path("taxonomy.joblib"), "--out", "-o", help="Model file to write."),
    taxonomy: Path = typer.Option(
        None, "--taxonomy", help="Taxonomy YAML the labels must belong to (default: not checked)."
    ),
    with_corrections: bool = typer.Option(
        False, "--with-corrections", help="Also learn the taxonomy corrections in the store."
    ),
    words_only: bool = typer.Option(
        False, "--words-only", help="Word features only: faster to run, a little less accurate."
    ),
    held_out: float = typer.Option(0.2, help="Fraction held out (stratified) for the report."),
) -> None:
    """Learn a taxonomy from labelled examples; report per-node precision and recall."""
    from goodword.signals.taxonomy import load_taxonomy, read_labelled_csv, train_from_rows

    st = state(ctx)
    extra = []
    if with_corrections:
        from goodword.signals.corrections import corrections

        with st.store.connect() as conn:
            extra = [(c.text, c.label) for c in corrections(conn, "taxonomy")]
    st.say(f"training on {labelled} …")
    report = train_from_rows(
        read_labelled_csv(labelled),
        out,
        extra=extra,
        held_out=held_out,
        taxonomy=load_taxonomy(taxonomy) if taxonomy else None,
        features="words" if words_only else "words+chars",
    )
    st.console.print(_node_table(report))
    st.console.print(
        f"wrote {report.model_path}: {report.examples} examples + {report.corrections} "
        f"corrections; held-out accuracy {report.accuracy:.3f} on {report.held_out}"
    )


def _node_table(report) -> Table:  # noqa: ANN001
    table = Table(title="per-node scores (held out)")
    for column in ("node", "precision", "recall", "support"):
        table.add_column(column, justify="left" if column == "node" else "right")
    for s in report.nodes:
        table.add_row(s.path, f"{s.precision:.3f}", f"{s.recall:.3f}", str(s.support))
    return table


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("classify")(classify)
    app.command("enrich")(enrich)
    app.command("eval")(evaluate)
    app.command("label")(label)
    app.add_typer(taxonomy_app, name="taxonomy")

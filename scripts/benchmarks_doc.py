"""Assemble docs/benchmarks.md from each benchmark's own results file in docs/benchmarks/."""

from pathlib import Path

docs = Path(__file__).resolve().parents[1] / "docs"
ORDER = ["ingest", "signals", "metrics", "coverage"]
parts = sorted(
    (docs / "benchmarks").glob("*.md"),
    key=lambda p: (ORDER.index(p.stem) if p.stem in ORDER else len(ORDER), p.stem),
)
head = [
    "# Benchmarks",
    "",
    "Each benchmark lives in `benchmarks/`, runs with one command, times a baseline in the same",
    "process, and writes its results and machine to `docs/benchmarks/<name>.md`; this page",
    "gathers them (`python scripts/benchmarks_doc.py`). Figures are medians unless said.",
    "",
]
body = []
for p in parts:
    text = p.read_text(encoding="utf-8").strip().splitlines()
    body += ["#" + text[0] if text[0].startswith("# ") else text[0], *text[1:], ""]
(docs / "benchmarks.md").write_text("\n".join(head + body).rstrip() + "\n", encoding="utf-8")
print(f"wrote {docs / 'benchmarks.md'} from {len(parts)} results")

"""Scenarios: what customers come to talk about, discovered from the conversations.

:class:`ScenarioModel` follows the estimator contract: TF-IDF over each thread's opening
post, then non-negative matrix factorisation (NMF, fixed seed); each scenario is named by
its top terms. Product names are stop words (products are the other axis of a pilot
cell). :func:`discover_scenarios` fits it on a sample of threads, assigns every
thread to its strongest scenario and stores scenarios with example threads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sqlalchemy import Connection, delete, select

from goodword.store import Store
from goodword.store.schema import posts, products, scenarios, thread_scenarios, threads

_NOISE = re.compile(r"(@\w+|https?://\S+|&\w+;|\d+)")


@dataclass(frozen=True, slots=True)
class Scenario:
    """A discovered scenario: a name from its top terms and example threads."""

    id: int
    name: str
    terms: tuple[str, ...]
    examples: tuple[int, ...]
    size: int


def clean(text: str) -> str:
    """Drop handles, links, HTML entities and numbers before vectorising."""
    return _NOISE.sub(" ", text or "")


class ScenarioModel:
    """TF-IDF + NMF topic model over thread texts."""

    def __init__(
        self,
        n_scenarios: int = 8,
        max_features: int = 20000,
        random_state: int = 0,
        top_terms: int = 6,
        extra_stop_words: Sequence[str] = (),
    ) -> None:
        self.n_scenarios = n_scenarios
        self.max_features = max_features
        self.random_state = random_state
        self.top_terms = top_terms
        self.extra_stop_words = extra_stop_words

    def fit(self, texts: Sequence[str]) -> ScenarioModel:
        """Learn the vocabulary and the scenarios from ``texts``."""
        min_df = 2 if len(texts) >= 50 else 1
        self.vectorizer_ = TfidfVectorizer(
            stop_words=sorted(ENGLISH_STOP_WORDS | {w.lower() for w in self.extra_stop_words}),
            max_features=self.max_features,
            min_df=min_df,
            max_df=0.5,
            token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b",
            sublinear_tf=True,
        )
        matrix = self.vectorizer_.fit_transform([clean(t) for t in texts])
        k = max(1, min(self.n_scenarios, matrix.shape[0], matrix.shape[1]))
        self.nmf_ = NMF(
            n_components=k, init="nndsvd", random_state=self.random_state, max_iter=500, tol=1e-3
        ).fit(matrix)
        vocab = self.vectorizer_.get_feature_names_out()
        order = np.argsort(-self.nmf_.components_, axis=1)[:, : self.top_terms]
        self.terms_ = [tuple(str(vocab[i]) for i in row) for row in order]
        return self

    def transform(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(scenario index, weight share) of each text; weight 0 when nothing matched."""
        weights = self.nmf_.transform(self.vectorizer_.transform([clean(t) for t in texts]))
        total = weights.sum(axis=1)
        best = weights.argmax(axis=1)
        share = np.divide(weights.max(axis=1), total, out=np.zeros_like(total), where=total > 0)
        return best, share


def scenario_names(terms: Sequence[tuple[str, ...]]) -> list[str]:
    """Unique names from the top three terms of each scenario."""
    names: list[str] = []
    for row in terms:
        name = " / ".join(row[:3]) or "misc"
        names.append(name if name not in names else f"{name} ({len(names) + 1})")
    return names


def discover_scenarios(
    store: Store,
    *,
    n_scenarios: int = 8,
    sample_size: int = 20000,
    random_state: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> list[Scenario]:
    """Fit scenarios on a sample of threads, assign every thread, store the result."""
    with store.connect() as conn:
        ids, texts = _thread_texts(conn)
        names = _product_words(conn)
    if not ids:
        return []
    rng = np.random.default_rng(random_state)
    sample = rng.choice(len(ids), size=min(sample_size, len(ids)), replace=False)
    model = ScenarioModel(n_scenarios, random_state=random_state, extra_stop_words=names)
    model.fit([texts[i] for i in np.sort(sample)])
    best, share = _assign(model, texts, progress)
    return _store(store, model, ids, best, share)


def _product_words(conn: Connection) -> list[str]:
    """Words of product names, aliases and brands: the product axis, not a scenario."""
    words: set[str] = set()
    for name, aliases, brand in conn.execute(
        select(products.c.name, products.c.aliases, products.c.brand)
    ):
        text = " ".join([name or "", brand or "", *json.loads(aliases or "[]")])
        words.update(re.findall(r"[a-zA-Z]{2,}", text.lower()))
    return sorted(words)


def _thread_texts(conn: Connection) -> tuple[list[int], list[str]]:
    query = (
        select(threads.c.id, threads.c.title, posts.c.text)
        .select_from(threads.join(posts, posts.c.id == threads.c.root_post_id))
        .order_by(threads.c.id)
    )
    rows = conn.execute(query).all()
    return [r[0] for r in rows], [f"{r[1] or ''} {r[2] or ''}" for r in rows]


def _assign(
    model: ScenarioModel, texts: list[str], progress: Callable[[int, int], None] | None
) -> tuple[np.ndarray, np.ndarray]:
    parts = []
    for start, chunk in _chunks(texts, 50000):
        parts.append(model.transform(chunk))
        if progress:
            progress(start + len(chunk), len(texts))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _chunks(items: list[str], size: int) -> Iterator[tuple[int, list[str]]]:
    for start in range(0, len(items), size):
        yield start, items[start : start + size]


def _store(
    store: Store, model: ScenarioModel, ids: list[int], best: np.ndarray, share: np.ndarray
) -> list[Scenario]:
    names = scenario_names(model.terms_)
    found = []
    with store.begin() as conn:
        conn.execute(delete(thread_scenarios))
        conn.execute(delete(scenarios))
        for k, name in enumerate(names):
            members = np.flatnonzero((best == k) & (share > 0))
            top = members[np.argsort(-share[members], kind="stable")][:3]
            examples = tuple(int(ids[i]) for i in top)
            row = {
                "name": name,
                "terms": json.dumps(model.terms_[k]),
                "examples": json.dumps(examples),
                "size": len(members),
                "created_at": datetime.now(UTC).replace(tzinfo=None),
            }
            sid = conn.execute(scenarios.insert().values(**row)).inserted_primary_key[0]
            found.append(Scenario(sid, name, model.terms_[k], examples, len(members)))
            links = [
                {"thread_id": int(ids[i]), "scenario_id": sid, "weight": float(share[i])}
                for i in members
            ]
            if links:
                conn.execute(thread_scenarios.insert(), links)
    return found


def stored_scenarios(conn: Connection) -> list[Scenario]:
    """The scenarios last discovered, largest first."""
    rows = conn.execute(select(scenarios).order_by(scenarios.c.size.desc())).mappings()
    return [
        Scenario(
            r["id"],
            r["name"],
            tuple(json.loads(r["terms"])),
            tuple(json.loads(r["examples"])),
            r["size"],
        )
        for r in rows
    ]

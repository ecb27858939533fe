"""Products: the catalog, and fast multi-pattern matching of product mentions in posts.

Mentions are found with one Aho-Corasick automaton over every product name and alias
(lower-cased, whole words only), so matching cost does not grow with the catalog size.
Links are stored in ``post_products``; a thread carries the products of its posts.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import ahocorasick
from sqlalchemy import Connection, delete, func, select

from goodword.errors import CatalogError
from goodword.model import Product
from goodword.store import Store
from goodword.store import schema as s
from goodword.store.dialect import insert

_LINKED_UPTO = "products.linked_upto"
_CATALOG_HASH = "products.catalog_hash"


def read_catalog(path: Path | str) -> list[Product]:
    """Products from a CSV with columns sku, name, aliases (``|``-separated), url, category."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if rows and not {"sku", "name"} <= set(rows[0]):
        raise CatalogError(f"{path}: the header needs at least 'sku' and 'name' columns")
    return [_product(n, row, path) for n, row in enumerate(rows, start=2)]


def _product(line: int, row: dict[str, str], path: Path | str) -> Product:
    sku, name = (row.get("sku") or "").strip(), (row.get("name") or "").strip()
    if not sku or not name:
        raise CatalogError(f"{path} line {line}: every product needs a sku and a name")
    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    return Product(
        sku,
        name,
        aliases,
        row.get("url") or None,
        row.get("category") or None,
        row.get("brand") or None,
    )


def import_catalog(store: Store, path: Path | str) -> int:
    """Add or update the products in a catalog CSV; returns how many rows were read."""
    products = read_catalog(path)
    with store.begin() as conn:
        for p in products:
            _upsert(conn, p)
    return len(products)


def _upsert(conn: Connection, p: Product) -> None:
    values = {
        "sku": p.sku,
        "name": p.name,
        "aliases": json.dumps(list(p.aliases)),
        "url": p.url,
        "category": p.category,
        "brand": p.brand,
    }
    stmt = insert(conn, s.products).values(**values)
    conn.execute(stmt.on_conflict_do_update(index_elements=["sku"], set_=values))


def catalog(conn: Connection) -> list[tuple[int, Product]]:
    rows = conn.execute(select(s.products).order_by(s.products.c.id))
    return [
        (r.id, Product(r.sku, r.name, tuple(json.loads(r.aliases)), r.url, r.category, r.brand))
        for r in rows
    ]


class ProductMatcher:
    """Finds whole-word mentions of any product name or alias in a text."""

    def __init__(self, products: Iterable[tuple[int, Product]]) -> None:
        self._automaton = ahocorasick.Automaton()
        for pid, p in products:
            for term in (p.name, p.sku, *p.aliases):
                key = term.lower().strip()
                if key:
                    self._automaton.add_word(key, (pid, key))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def match(self, text: str) -> dict[int, str]:
        """``{product id: matched term}`` for every product mentioned in ``text``."""
        if self._empty or not text:
            return {}
        low = text.lower()
        found: dict[int, str] = {}
        for end, (pid, key) in self._automaton.iter(low):
            start = end - len(key) + 1
            if _boundary(low, start - 1) and _boundary(low, end + 1):
                found.setdefault(pid, key)
        return found


def _boundary(text: str, i: int) -> bool:
    return i < 0 or i >= len(text) or not text[i].isalnum()


def link_products(store: Store, *, batch_size: int = 20000) -> int:
    """Link posts to the products they mention; only posts not seen since the catalog changed."""
    with store.begin() as conn:
        products = catalog(conn)
        start = _start_after(conn, products)
    if not products:
        return 0
    matcher, linked = ProductMatcher(products), 0
    for rows in _post_batches(store, start, batch_size):
        with store.begin() as conn:
            linked += _link_batch(conn, matcher, rows)
            _set(conn, _LINKED_UPTO, str(rows[-1].id))
    return linked


def _start_after(conn: Connection, products: list[tuple[int, Product]]) -> int:
    digest = hashlib.md5(
        json.dumps([(i, p.name, p.sku, p.aliases) for i, p in products], default=list).encode()
    ).hexdigest()
    if _get(conn, _CATALOG_HASH) != digest:
        conn.execute(delete(s.post_products))
        _set(conn, _CATALOG_HASH, digest)
        _set(conn, _LINKED_UPTO, "0")
    return int(_get(conn, _LINKED_UPTO) or 0)


def _post_batches(store: Store, after: int, size: int) -> Iterator[list]:
    p = s.posts
    while True:
        q = (
            select(p.c.id, p.c.title, p.c.text, p.c.product_hint)
            .where(p.c.id > after)
            .order_by(p.c.id)
            .limit(size)
        )
        with store.connect() as conn:
            rows = conn.execute(q).all()
        if not rows:
            return
        yield rows
        after = rows[-1].id


def _link_batch(conn: Connection, matcher: ProductMatcher, rows: list) -> int:
    links = []
    for r in rows:
        text = " ".join(x for x in (r.product_hint, r.title, r.text) if x)
        links += [
            {"post_id": r.id, "product_id": pid, "matched": term}
            for pid, term in matcher.match(text).items()
        ]
    if links:
        stmt = insert(conn, s.post_products).on_conflict_do_nothing()
        conn.execute(stmt, links)
    return len(links)


def _get(conn: Connection, key: str) -> str | None:
    q = select(s.settings_kv.c.value).where(s.settings_kv.c.key == key)
    return conn.execute(q).scalar()


def _set(conn: Connection, key: str, value: str) -> None:
    stmt = insert(conn, s.settings_kv).values(key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def thread_products(conn: Connection, thread_id: int) -> list[str]:
    """SKUs mentioned anywhere in a thread."""
    q = (
        select(s.products.c.sku, func.count())
        .join(s.post_products, s.post_products.c.product_id == s.products.c.id)
        .join(s.posts, s.posts.c.id == s.post_products.c.post_id)
        .where(s.posts.c.thread_id == thread_id)
        .group_by(s.products.c.sku)
        .order_by(func.count().desc())
    )
    return [sku for sku, _ in conn.execute(q)]


def mention_counts(conn: Connection) -> list[tuple[str, str, tuple[str, ...], int]]:
    """(sku, name, aliases, posts mentioning it) for every product."""
    q = (
        select(
            s.products.c.sku,
            s.products.c.name,
            s.products.c.aliases,
            func.count(s.post_products.c.post_id),
        )
        .join(s.post_products, s.post_products.c.product_id == s.products.c.id, isouter=True)
        .group_by(s.products.c.sku, s.products.c.name, s.products.c.aliases)
        .order_by(s.products.c.sku)
    )
    return [(sku, name, tuple(json.loads(al)), int(n)) for sku, name, al, n in conn.execute(q)]

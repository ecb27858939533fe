"""Product catalog import and mention matching, through the CLI and the library."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from goodword.cli import app
from goodword.errors import CatalogError
from goodword.ingest import ingest_path
from goodword.model import Product
from goodword.products import ProductMatcher, import_catalog, link_products, thread_products
from goodword.store import Store
from goodword.store import schema as s

CATALOG = """sku,name,aliases,url,category
BB-KET,Brewbird Kettle,gooseneck kettle|the kettle,https://example.com/k,kettles
BB-GR1,Brewbird Grinder,burr grinder|BG1,,grinders
"""
HEADER = ",tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
T = "Tue Oct 31 22:10:47 +0000 2017"


def _matcher() -> ProductMatcher:
    return ProductMatcher(
        [
            (1, Product("BB-KET", "Brewbird Kettle", ("gooseneck kettle",))),
            (2, Product("BB-GR1", "Brewbird Grinder", ("burr grinder", "BG1"))),
        ]
    )


def test_matches_names_and_aliases_case_insensitively() -> None:
    m = _matcher()
    assert m.match("My GOOSENECK KETTLE leaks and the bg1 is loud") == {
        1: "gooseneck kettle",
        2: "bg1",
    }


def test_matches_whole_words_only() -> None:
    assert _matcher().match("the BG12 and xbg1 are other things") == {}


def test_catalog_needs_sku_and_name(tmp_path: Path) -> None:
    bad = tmp_path / "c.csv"
    bad.write_text("sku,name\n,Nameless\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="line 2"):
        import_catalog(Store.open(f"sqlite:///{tmp_path / 'x.db'}"), bad)


def test_posts_and_threads_carry_their_products(store: Store, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(CATALOG, encoding="utf-8")
    posts = tmp_path / "t.csv"
    posts.write_text(
        HEADER + f"0,1,c1,True,{T},@Brewbird my gooseneck kettle leaks,,\n"
        f"1,2,Brewbird,False,{T},Sorry! Is the Brewbird Grinder ok?,,1.0\n",
        encoding="utf-8",
    )
    assert import_catalog(store, catalog) == 2
    ingest_path(store, posts)  # ingest links new posts to known products
    with store.connect() as conn:
        tid = conn.execute(select(s.threads.c.id)).scalar_one()
        assert sorted(thread_products(conn, tid)) == ["BB-GR1", "BB-KET"]
    assert link_products(store) == 0  # nothing new: nothing relinked


def test_cli_import_and_list(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(CATALOG, encoding="utf-8")
    db = str(tmp_path / "g.db")
    runner = CliRunner()
    out = runner.invoke(app, ["--db", db, "products", "import", str(catalog)])
    assert out.exit_code == 0, out.output
    assert "2 products imported" in out.output
    listed = runner.invoke(app, ["--db", db, "products", "list"])
    assert "BB-KET" in listed.output and "gooseneck kettle" in listed.output

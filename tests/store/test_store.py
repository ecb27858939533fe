from sqlalchemy import text

from goodword.store import Store
from goodword.store.schema import metadata


def test_open_migrates_every_table(store: Store) -> None:
    assert {t.name for t in metadata.sorted_tables} <= store.tables()


def test_reopen_is_idempotent(db_url: str) -> None:
    Store.open(db_url).close()
    s = Store.open(db_url)
    with s.connect() as conn:
        heads = conn.execute(text("select version_num from alembic_version")).scalars().all()
    assert "0001" in heads or heads  # at least the core revision is applied
    s.close()


def test_migrations_match_schema(store: Store) -> None:
    """The Alembic revisions create exactly what schema.py declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_an_old_sqlite_library_is_refused_with_what_to_do() -> None:
    import pytest

    from goodword.errors import StoreError
    from goodword.store import _check_sqlite

    _check_sqlite((3, 35, 0))
    with pytest.raises(StoreError, match=r"3\.34\.1; goodword needs 3\.35\.0 or newer"):
        _check_sqlite((3, 34, 1))

"""Alembic environment: runs on the connection the store hands over."""

from alembic import context

from goodword.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - goodword always passes its connection
    raise RuntimeError("goodword migrations run through goodword.store.Store.migrate()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()

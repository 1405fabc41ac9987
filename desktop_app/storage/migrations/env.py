"""Alembic environment: runs on the connection the application hands over."""

from alembic import context

from desktop_app.storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the app always passes its connection
    raise RuntimeError("GigDesk migrations run through desktop_app.storage.db.migrate()")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

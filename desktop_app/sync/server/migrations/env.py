"""Alembic environment of the sync server: runs on the connection it is handed."""

from alembic import context

from desktop_app.sync.server.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - always run through server.db.migrate()
    raise RuntimeError("Server migrations run through desktop_app.sync.server.db.migrate()")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  version_table="gigdesk_server_version")
with context.begin_transaction():
    context.run_migrations()

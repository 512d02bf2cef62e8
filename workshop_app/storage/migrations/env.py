"""Alembic environment: always run from code, with the connection handed in by migrate.py."""

from __future__ import annotations

from alembic import context

from workshop_app.storage.search import include_name
from workshop_app.storage.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters tables by rebuilding them
    compare_type=True,
    include_name=include_name,  # the search index is not in the models (migration 0002)
)
with context.begin_transaction():
    context.run_migrations()

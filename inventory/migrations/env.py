"""Alembic environment: runs on the connection handed over by inventory.schema."""

from __future__ import annotations

from alembic import context

from inventory.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only via `alembic` CLI without our wrapper
    raise RuntimeError("Run migrations with `python -m inventory init`.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

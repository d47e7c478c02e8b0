"""PostgreSQL schemas for tests: each test that runs in the PostgreSQL pass (TEST_DATABASE_URL set)
gets a schema of its own, created empty and dropped afterwards. Shared by conftest.py, the API
tests and the browser tests, which start the app on such a schema through DATABASE_URL."""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

PG_URL = os.environ.get("TEST_DATABASE_URL")


def _base_url() -> URL:
    assert PG_URL is not None
    return make_url(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))


def pg_schema_url(schema: str) -> str:
    """A URL whose connections live in their own PostgreSQL schema, created empty."""
    base = _base_url()
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def drop_pg_schema(schema: str) -> None:
    admin = create_engine(_base_url())
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()

"""Shared fixtures: a real database per test (SQLite file, or PostgreSQL when
TEST_DATABASE_URL is set) and a seeded database shared by read-only tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from inventory.database import make_engine
from inventory.schema import upgrade
from inventory.seed import seed
from tests.pg_schemas import PG_URL, drop_pg_schema, pg_schema_url

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """An empty database, with no schema yet."""
    if PG_URL:
        schema = f"t_{uuid.uuid4().hex[:10]}"
        yield pg_schema_url(schema)
        drop_pg_schema(schema)
    else:
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def seeded_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database loaded from data/ once per test session; tests must not write to it."""
    if PG_URL:
        schema = f"s_{uuid.uuid4().hex[:10]}"
        url = pg_schema_url(schema)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'seeded.sqlite'}"
        schema = ""
    eng = make_engine(url)
    upgrade(eng)
    seed(eng)
    eng.dispose()
    yield url
    if PG_URL:
        drop_pg_schema(schema)


@pytest.fixture
def seeded_engine(seeded_url: str) -> Iterator[Engine]:
    eng = make_engine(seeded_url)
    yield eng
    eng.dispose()


@pytest.fixture
def seeded_app(seeded_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app on the shared seeded database (read-only), offline and without boundaries."""
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    monkeypatch.setenv("OPVANG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("OPVANG_BASEMAP", "none")
    monkeypatch.setenv("OPVANG_OFFLINE", "1")
    monkeypatch.delenv("OPVANG_BOUNDARIES", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield seeded_url
    st.cache_data.clear()
    st.cache_resource.clear()


def open_app_page(page: str, **params: str) -> AppTest:
    """Run the app with `params` in the URL, switch to `views/<page>.py`; fail on any exception."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params.update(params)
    at.run()
    at.query_params.clear()
    at.query_params.update(params)
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at

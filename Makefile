# Two commands for a fresh machine: `make run` (install and start the app) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: run test install install-dev lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# Municipality boundaries for the map: OPVANG_BOUNDARIES from the environment, else the shared file
# next to this checkout when it exists (exported only when set, so the app's own fallbacks still run).
OPVANG_BOUNDARIES ?= $(abspath $(wildcard ../shared/geo/gemeenten_2025.geojson))
ifneq ($(strip $(OPVANG_BOUNDARIES)),)
export OPVANG_BOUNDARIES
endif

# Settings (headless, no usage statistics, local address) come from .streamlit/config.toml.
run: install
	$(BIN)/python -m streamlit run app.py

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The suite runs on SQLite, then again on PostgreSQL when a server answers at PG_TEST_URL
# (browser tests there only when marked browser_pg).
test: lint
	$(BIN)/python -m pytest
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		echo "--- again on PostgreSQL ($(PG_TEST_URL))"; \
		TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest -m "not browser or browser_pg"; \
	else \
		echo "--- PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL run skipped"; \
	fi

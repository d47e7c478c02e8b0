"""Starting the real app for a browser test exactly as `make run` starts it, with a database the
test may prepare (accounts) and extra settings from the environment (a secrets file). Shared by
test_browser.py, the sign-in browser tests and test_api.py."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import socket
import subprocess
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from inventory.bootstrap import ensure_ready
from inventory.database import make_engine
from tests.pg_schemas import PG_URL, drop_pg_schema, pg_schema_url

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
BOUNDARIES = REPO.parent / "shared" / "geo" / "gemeenten_2025.geojson"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 60
DB_FILENAME = "opvangmonitor.sqlite"
# Hosts the app may reach without the proxy trap: a test's own local services (the OIDC provider).
LOCAL_HOSTS = "localhost,127.0.0.1"


def make_run_command() -> list[str]:
    """The command of the Makefile's `run` target, with $(BIN) filled in: the test starts the app
    with exactly what `make run` runs (its settings come from .streamlit/config.toml, not flags)."""
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", text, flags=re.MULTILINE)
    assert recipe, "no run target in the Makefile"
    lines = [line.strip() for line in recipe.group(1).splitlines() if "streamlit run" in line]
    assert len(lines) == 1, f"expected one streamlit command in `make run`, got {lines}"
    bin_dir = re.search(r"^BIN\s*:?=\s*\$\(VENV\)/bin\s*$", text, flags=re.MULTILINE)
    venv = re.search(r"^VENV\s*\?=\s*(\S+)\s*$", text, flags=re.MULTILINE)
    assert bin_dir and venv, "the Makefile no longer defines BIN as $(VENV)/bin"
    return shlex.split(lines[0].replace("$(BIN)", f"{venv.group(1)}/bin"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ProxyTrap:
    """A listener that records every connection: set as HTTP(S)_PROXY for the server, it catches
    any outbound HTTP request the server makes (requests and urllib both honour those variables)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.seen: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                with contextlib.suppress(OSError):
                    self.seen.append(conn.recv(200).decode("latin-1").splitlines()[0])

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


def _wait_healthy(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    url = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.3)
    pytest.fail(f"no health answer at {url} within {START_TIMEOUT_S} s:\n{log.read_text(errors='replace')[-3000:]}")


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, closed afterwards (a playwright Browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=20_000)
        try:
            yield browser
        finally:
            browser.close()


@dataclass(frozen=True)
class RunningApp:
    port: int
    log: Path
    trap: ProxyTrap

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def skip_without_browser() -> None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the machine
        pytest.skip("the playwright Python package is not installed")
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    if not (REPO / make_run_command()[0]).exists():
        pytest.skip("the virtual environment is missing: `make install` creates it")


def prepared_database(data_dir: Path, url: str | None = None) -> Engine:
    """The app's database, migrated and seeded before the app starts, so the test can add accounts
    to it: the SQLite file in `data_dir`, or the database at `url`."""
    data_dir.mkdir(exist_ok=True)
    engine = make_engine(url or f"sqlite:///{data_dir / DB_FILENAME}")
    ensure_ready(engine)
    return engine


@contextlib.contextmanager
def prepared_database_of_the_pass(data_dir: Path) -> Iterator[tuple[Engine, str | None]]:
    """`prepared_database` on the pass's database: in the PostgreSQL pass (TEST_DATABASE_URL set) a
    fresh schema of its own, dropped afterwards, with its URL for `running_app`; else the SQLite
    file in `data_dir` and no URL. The app must have stopped before this context ends."""
    schema = f"b_{uuid.uuid4().hex[:10]}" if PG_URL else ""
    url = pg_schema_url(schema) if schema else None
    try:
        engine = prepared_database(data_dir, url)
        try:
            yield engine, url
        finally:
            engine.dispose()
    finally:
        if schema:
            drop_pg_schema(schema)


@contextlib.contextmanager
def running_app(
    tmp: Path,
    data_dir: Path,
    extra_env: dict[str, str] | None = None,
    *,
    port: int | None = None,
    database_url: str | None = None,
) -> Iterator[RunningApp]:
    """The app on `port` (default: a free one), on the database at `database_url` (default: the
    SQLite file in `data_dir`); any request of the server to a host outside `LOCAL_HOSTS` lands in
    the proxy trap."""
    command = make_run_command()
    port = port or _free_port()
    (tmp / "home").mkdir(exist_ok=True)
    trap = ProxyTrap()
    proxy = f"http://127.0.0.1:{trap.port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_") and k.upper() != "NO_PROXY"}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(
        HOME=str(tmp / "home"),
        STREAMLIT_SERVER_PORT=str(port),
        OPVANG_DATA_DIR=str(data_dir),
        OPVANG_BASEMAP="none",
        HTTP_PROXY=proxy,
        HTTPS_PROXY=proxy,
        http_proxy=proxy,
        https_proxy=proxy,
        NO_PROXY=LOCAL_HOSTS,
        no_proxy=LOCAL_HOSTS,
        PYTHONUNBUFFERED="1",
        **(extra_env or {}),
    )
    if BOUNDARIES.is_file():
        env["OPVANG_BOUNDARIES"] = str(BOUNDARIES)
    log = tmp / "streamlit.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(port, server, log)
        yield RunningApp(port, log, trap)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
        trap.close()

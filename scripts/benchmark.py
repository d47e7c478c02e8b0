"""Page timings through Streamlit's AppTest, on the seed data and on a synthetic database; with
``--browser``, page load times in Chromium against the real server.

    python scripts/benchmark.py [--skip-synthetic] [--profile PAGE] [--out bench-results/benchmark.json]
    python scripts/benchmark.py --browser [--app-dir CHECKOUT ...] [--browser-repeats 5]

What is measured, per dataset and page (all in this process, on a temporary SQLite file):

* first render: a fresh AppTest of app.py switched to the page, with every ``st.cache_data``
  cache cleared (query results), but with the database already built and migrated and the
  ``st.cache_resource`` objects (engine, simplified boundaries) already loaded: that is what a new
  visitor meets on a running server. The once-per-process start (engine, migration check,
  boundary simplification) is reported separately as ``process_start``.
* rerun: the same AppTest after one filter change in the sidebar (a query not yet cached).
* the map page's deck JSON (what the browser receives for the map) in bytes.

Browser mode (``browser_benchmark``): the app started as ``make run`` starts it and, beside it, a bare
one-file page with one pydeck GeoJsonLayer of the same 342 simplified boundaries; headless Chromium
(software WebGL) visits each, warm, in turn, ``--browser-repeats`` times. Reported as medians: the map
page until its deck is drawn and the page settled, relative to the bare page (target <= 1.0), and the
Tables page until its table is shown (target <= 2 s). Written to bench-results/browser.json. Several
``--app-dir`` checkouts (e.g. an older commit from ``git archive``) are measured in the same run.

Environment: OPVANG_DATA_DIR points at a temporary directory (no DATABASE_URL), OPVANG_BOUNDARIES
at the shared boundary file, OPVANG_BASEMAP=none. The synthetic database is the seed data plus
inventory.synthetic.build_synthetic (342 municipalities, 5 offers each, 10 years of monthly
places/persons/waiting list: about 615k figures).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BOUNDARIES = REPO.parent / "shared" / "geo" / "gemeenten_2025.geojson"
TARGETS = {"seed": (1.5, 0.3), "synthetic": (3.0, 0.5)}
PAYLOAD_TARGET = 600_000
RUN_TIMEOUT_S = 600
PAGES = ("overview", "map", "municipality", "tables", "coverage")


@dataclass
class Result:
    dataset: str
    page: str
    first_render_s: float
    rerun_s: float
    change: str
    first_target_s: float
    rerun_target_s: float
    exceptions: list[str] = field(default_factory=list)
    deck_json_bytes: int | None = None

    @property
    def ok(self) -> bool:
        return (
            self.first_render_s <= self.first_target_s and self.rerun_s <= self.rerun_target_s and not self.exceptions
        )


_COMPONENTS: list[Any] = []


def _app_test(page: str, params: dict[str, str] | None = None) -> Any:
    """An AppTest of app.py on `page`. It reuses one component registry: AppTest otherwise scans
    every installed package for custom-component manifests (~0.5 s) on each new instance, which a
    running server does once at start, not per visitor."""
    from streamlit.components.v2.component_manager import BidiComponentManager
    from streamlit.testing.v1 import AppTest

    if not _COMPONENTS:
        manager = BidiComponentManager()
        manager.discover_and_register_components(start_file_watching=False)
        _COMPONENTS.append(manager)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=RUN_TIMEOUT_S)
    at._bidi_component_manager = _COMPONENTS[0]
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page != "overview":
        # st.navigation registers pages by url_path: one run of the app comes before a switch.
        at.run()
        at.query_params.clear()  # the overview writes its year into the URL
        for key, value in (params or {}).items():
            at.query_params[key] = value
        at.switch_page(f"views/{page}.py")
    return at


def _exceptions(at: Any) -> list[str]:
    return [str(e.value)[:300] for e in at.exception]


def _clear_data_caches() -> None:
    import streamlit as st

    st.cache_data.clear()


def _timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _change(page: str, at: Any, years: list[int], codes: list[str]) -> tuple[str, Callable[[], Any]]:
    """One filter change per page: the newest reference year, or another municipality."""
    if page == "municipality":
        other = codes[1]
        return f"municipality -> {other}", lambda: at.selectbox(key="muni_code").select(other).run()
    if page == "coverage":
        return (
            "shelter_form -> specialised_night",
            lambda: at.selectbox(key="coverage_shelter_form").select("specialised_night").run(),
        )
    year = years[0]
    return f"year -> {year}", lambda: at.selectbox(key=f"{page}_year").select(year).run()


def _measure_once(page: str, years: list[int], codes: list[str]) -> tuple[float, float, str, list[str], int | None]:
    params = {"taal": "en"}
    if page == "municipality":
        params["gemeente"] = codes[0]
    at = _app_test(page, params)
    _clear_data_caches()
    first = _timed(at.run)
    errors = _exceptions(at)
    deck_bytes = None
    if page == "map":
        charts = at.get("deck_gl_json_chart")
        deck_bytes = len(charts[0].proto.json.encode()) if charts else None
    label, action = _change(page, at, years, codes)
    rerun = _timed(action)
    errors += _exceptions(at)
    return first, rerun, label, errors, deck_bytes


def measure_page(dataset: str, page: str, years: list[int], codes: list[str], repeats: int = 3) -> Result:
    """Median of `repeats` measurements (the machine is shared, single runs are noisy)."""
    runs = [_measure_once(page, years, codes) for _ in range(repeats)]
    first = statistics.median(r[0] for r in runs)
    rerun = statistics.median(r[1] for r in runs)
    errors = sorted({e for r in runs for e in r[3]})
    first_target, rerun_target = TARGETS[dataset]
    return Result(dataset, page, first, rerun, runs[0][2], first_target, rerun_target, errors, runs[0][4])


def _prepare(dataset: str, directory: Path) -> dict[str, Any]:
    """Build the database for `dataset` in `directory`; returns facts about it."""
    from inventory.database import DB_FILENAME, make_engine, session_scope
    from inventory.queries import counts, municipalities, reference_years
    from inventory.schema import upgrade
    from inventory.seed import seed

    url = f"sqlite:///{directory / DB_FILENAME}"
    engine = make_engine(url)
    started = time.perf_counter()
    upgrade(engine)
    seed(engine)
    facts: dict[str, Any] = {"seed_s": round(time.perf_counter() - started, 2)}
    if dataset == "synthetic":
        from inventory.synthetic import build_synthetic

        report = build_synthetic(engine)
        facts["synthetic_build_s"] = round(report.seconds["total"], 2)
    with session_scope(engine) as session:
        facts["counts"] = counts(session)
        facts["years"] = reference_years(session)
        munis = municipalities(session)
    # Amsterdam and Rotterdam have seed figures; every municipality has synthetic ones.
    preferred = [c for c in ("GM0363", "GM0599") if c in set(munis["code"])]
    facts["codes"] = preferred if len(preferred) == 2 else list(munis["code"][:2])
    engine.dispose()
    return facts


def _process_start() -> dict[str, float]:
    """Every page once with every cache cleared first (engine and migration check, boundaries,
    queries, and the first import of what a page uses, e.g. altair for charts): what the first
    visitor after a server start waits for. Also warms the imports for the measurements."""
    import streamlit as st

    from geo.centroids import _read

    st.cache_data.clear()
    st.cache_resource.clear()
    _read.cache_clear()
    return {page: round(_timed(_app_test(page, {"taal": "en"}).run), 3) for page in PAGES}


def _profile(dataset: str, page: str, years: list[int], codes: list[str], top: int = 40) -> str:
    """cProfile of one measurement. The page runs in AppTest's script thread, so the profiler
    is switched on inside that thread (around ScriptRunner._run_script)."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    profiler = cProfile.Profile()
    original = ScriptRunner._run_script

    def profiled(self: Any, *args: Any, **kwargs: Any) -> Any:
        profiler.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            profiler.disable()

    ScriptRunner._run_script = profiled  # type: ignore[method-assign]
    try:
        result = measure_page(dataset, page, years, codes, repeats=1)
    finally:
        ScriptRunner._run_script = original  # type: ignore[method-assign]
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return f"{result}\n{out.getvalue()}"


def _table(results: list[Result]) -> str:
    head = f"{'dataset':<10} {'page':<13} {'first (s)':>10} {'target':>7} {'rerun (s)':>10} {'target':>7}  ok  change"
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.dataset:<10} {r.page:<13} {r.first_render_s:>10.3f} {r.first_target_s:>7.1f} "
            f"{r.rerun_s:>10.3f} {r.rerun_target_s:>7.1f}  {'yes' if r.ok else 'NO ':<3} {r.change}"
            + (f"  EXCEPTION: {r.exceptions[0]}" if r.exceptions else "")
        )
    return "\n".join(lines)


# --- browser mode: the real server in Chromium -------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
BROWSER_REPEATS = 5
BROWSER_TIMEOUT_MS = 60_000
BROWSER_TARGETS = {"map_vs_bare": 1.0, "tables_s": 2.0}
# The yardstick: one file, one pydeck GeoJsonLayer of the same simplified boundaries (deck.gl's
# defaults: filled and stroked), its data cached, no sidebar, no table.
BARE_PAGE = '''"""Yardstick: one pydeck GeoJsonLayer of the 342 simplified boundaries, nothing else."""
import json
import os

import pydeck as pdk
import streamlit as st


@st.cache_data
def shapes(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


layer = pdk.Layer(
    "GeoJsonLayer",
    data=shapes(os.environ["BARE_GEOJSON"]),
    pickable=True,
    stroked=True,
    filled=True,
    get_fill_color=[94, 201, 98, 200],
    get_line_color=[128, 128, 128],
    line_width_min_pixels=0.5,
    line_width_max_pixels=1,
)
view = pdk.ViewState(latitude=52.2, longitude=5.3, zoom=6.3)
st.pydeck_chart(pdk.Deck(layers=[layer], initial_view_state=view, map_provider=None), height=620)
'''
# Installed before any page script: "settled" is the last moment the page was busy (the target not yet
# visible, Streamlit's running widget shown, or a frame late by more than LONG_FRAME_MS because the main
# thread was blocked, e.g. by deck.gl's first draw in software WebGL), once it stayed quiet for QUIET_MS.
SETTLE_SCRIPT = """
(() => {
  const QUIET_MS = 1500, LONG_FRAME_MS = 100;
  const state = (window.__settle = { busyUntil: 0, done: null, visibleAt: null });
  let previous = performance.now();
  const tick = (now) => {
    const target = document.querySelector(%s);
    const visible = !!target && target.getBoundingClientRect().width > 0;
    const running = !!document.querySelector('[data-testid="stStatusWidget"]');
    if (visible && state.visibleAt === null) state.visibleAt = now;
    if (!visible || running || now - previous > LONG_FRAME_MS) state.busyUntil = now;
    previous = now;
    if (now - state.busyUntil > QUIET_MS) { state.done = state.busyUntil; return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""
DECK = '[data-testid="stDeckGlJsonChart"] canvas'
TABLE = '[data-testid="stDataFrame"] canvas'


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`python -m streamlit run SCRIPT` in `app_dir`, as `make run` starts it (settings from the
    checkout's .streamlit/config.toml); the port comes from STREAMLIT_SERVER_PORT."""

    def __init__(self, app_dir: Path, script: str, data_dir: Path, log: Path, extra_env: dict[str, str]) -> None:
        import subprocess

        self.port = _free_port()
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("STREAMLIT_")}
        env.update(
            OPVANG_DATA_DIR=str(data_dir),
            OPVANG_BOUNDARIES=str(BOUNDARIES),
            OPVANG_BASEMAP="none",
            OPVANG_OFFLINE="1",
            STREAMLIT_SERVER_PORT=str(self.port),
            # Only for a checkout without .streamlit/config.toml (an older one measured for comparison);
            # the file, where present, says the same.
            STREAMLIT_SERVER_HEADLESS="true",
            STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
            **extra_env,
        )
        venv_python = app_dir / ".venv" / "bin" / "python"
        python = str(venv_python) if venv_python.exists() else sys.executable
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [python, "-m", "streamlit", "run", script], cwd=app_dir, env=env, stdout=out, stderr=out
            )
        self._wait()

    def _wait(self, timeout_s: float = 90) -> None:
        import urllib.request

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"no health answer from {self.url}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        import subprocess

        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def _settle_time(browser: Any, url: str, target: str) -> float:
    """Seconds from navigation start until `url` showed `target` and stayed quiet; a fresh browser
    context each time, so every visit loads the page as a first visitor does."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.add_init_script(SETTLE_SCRIPT % json.dumps(target))
        page.goto(url, wait_until="commit", timeout=BROWSER_TIMEOUT_MS)
        page.wait_for_function("window.__settle && window.__settle.done !== null", timeout=BROWSER_TIMEOUT_MS)
        return float(page.evaluate("window.__settle.done")) / 1000
    finally:
        context.close()


def browser_benchmark(app_dirs: list[Path], repeats: int = BROWSER_REPEATS) -> dict[str, Any]:
    """For each checkout in `app_dirs`: the map page (time until the deck is drawn and the page
    settled) and the tables page (time until its table is shown and the page settled), beside the
    bare page, in one Chromium. Every server is warm (each page visited once before measuring), the
    visits interleave so a busy moment on the machine hits every case alike; medians are reported."""
    from playwright.sync_api import sync_playwright

    from geo.boundaries import read_boundaries_file, simplify_for_web

    names = [d.name for d in app_dirs]
    if len(set(names)) < len(names):  # same folder name twice: tell them apart by position
        names = [f"{i}:{name}" for i, name in enumerate(names)]
    servers: list[Server] = []
    with tempfile.TemporaryDirectory(prefix="opvang-browser-") as tmp:
        work = Path(tmp)
        geojson = work / "boundaries.geojson"
        geojson.write_text(simplify_for_web(read_boundaries_file(BOUNDARIES)).to_json(drop_id=True), encoding="utf-8")
        bare_script = work / "bare_page.py"
        bare_script.write_text(BARE_PAGE, encoding="utf-8")
        cases: dict[str, tuple[str, str]] = {}
        try:
            for i, (app_dir, name) in enumerate(zip(app_dirs, names, strict=True)):
                (work / f"data{i}").mkdir()
                app = Server(app_dir, "app.py", work / f"data{i}", work / f"app{i}.log", {})
                servers.append(app)
                cases[f"map@{name}"] = (f"{app.url}/kaart?taal=en", DECK)
                cases[f"tables@{name}"] = (f"{app.url}/tabellen?taal=en", TABLE)
            (work / "bare").mkdir()
            bare = Server(
                app_dirs[0], str(bare_script), work / "bare", work / "bare.log", {"BARE_GEOJSON": str(geojson)}
            )
            servers.append(bare)
            cases["bare"] = (f"{bare.url}/", DECK)
            times: dict[str, list[float]] = {case: [] for case in cases}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                try:
                    for url, target in cases.values():  # warm: seed, caches, first imports
                        _settle_time(browser, url, target)
                    for _ in range(repeats):
                        for case, (url, target) in cases.items():
                            times[case].append(_settle_time(browser, url, target))
                finally:
                    browser.close()
        finally:
            for server in servers:
                server.stop()
    median = {case: statistics.median(values) for case, values in times.items()}
    checkouts = {
        name: {
            "app_dir": str(app_dir),
            "map_s": round(median[f"map@{name}"], 3),
            "tables_s": round(median[f"tables@{name}"], 3),
            "map_vs_bare": round(median[f"map@{name}"] / median["bare"], 2),
        }
        for app_dir, name in zip(app_dirs, names, strict=True)
    }
    return {
        "repeats": repeats,
        "bare_s": round(median["bare"], 3),
        "checkouts": checkouts,
        "samples_s": {case: [round(v, 3) for v in values] for case, values in times.items()},
        "targets": BROWSER_TARGETS,
    }


def _browser_main(args: argparse.Namespace) -> int:
    dirs = [d.resolve() for d in (args.app_dir or [REPO])]
    result = browser_benchmark(dirs, args.browser_repeats)
    print(json.dumps(result["samples_s"]))
    print(f"bare page (one GeoJsonLayer): {result['bare_s']:.2f} s")
    ok = True
    for name, figures in result["checkouts"].items():
        fits = (
            figures["map_vs_bare"] <= BROWSER_TARGETS["map_vs_bare"]
            and figures["tables_s"] <= BROWSER_TARGETS["tables_s"]
        )
        ok = ok and fits
        print(
            f"{name}: map page {figures['map_s']:.2f} s = {figures['map_vs_bare']:.2f} x bare (target "
            f"<= {BROWSER_TARGETS['map_vs_bare']:.1f}); tables page to table {figures['tables_s']:.2f} s (target "
            f"<= {BROWSER_TARGETS['tables_s']:.1f} s){'' if fits else '  OVER TARGET'}"
        )
    out = args.out.with_name("browser.json") if args.out.name == "benchmark.json" else args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written {out}")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--only-synthetic", action="store_true")
    parser.add_argument("--pages", nargs="*", default=list(PAGES), choices=PAGES)
    parser.add_argument("--profile", choices=PAGES, help="print a cProfile of this page's measurement")
    parser.add_argument("--repeats", type=int, default=3, help="measurements per page (the median is reported)")
    parser.add_argument("--out", type=Path, default=REPO / "bench-results" / "benchmark.json")
    parser.add_argument("--browser", action="store_true", help="measure pages in Chromium (see browser_benchmark)")
    parser.add_argument(
        "--app-dir",
        type=Path,
        action="append",
        help="with --browser: a checkout to serve (default this one); repeat to compare checkouts in one run",
    )
    parser.add_argument("--browser-repeats", type=int, default=BROWSER_REPEATS, help="visits per page (median)")
    args = parser.parse_args(argv)
    if args.browser:
        return _browser_main(args)

    from streamlit.logger import set_log_level

    set_log_level("error")  # AppTest's "no runtime" warnings
    os.environ["OPVANG_BASEMAP"] = "none"
    os.environ["OPVANG_BOUNDARIES"] = str(BOUNDARIES)
    os.environ.pop("DATABASE_URL", None)
    datasets = [d for d in ("seed", "synthetic") if not (d == "synthetic" and args.skip_synthetic)]
    if args.only_synthetic:
        datasets = ["synthetic"]

    results: list[Result] = []
    report: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "targets": {"seed": TARGETS["seed"], "synthetic": TARGETS["synthetic"], "deck_json_bytes": PAYLOAD_TARGET},
        "datasets": {},
        "results": [],
    }
    with tempfile.TemporaryDirectory(prefix="opvang-bench-") as tmp:
        for dataset in datasets:
            directory = Path(tmp) / dataset
            directory.mkdir()
            print(f"[{dataset}] building database ...", flush=True)
            facts = _prepare(dataset, directory)
            os.environ["OPVANG_DATA_DIR"] = str(directory)
            facts["process_start_s"] = _process_start()
            print(f"[{dataset}] {json.dumps(facts, default=str)}", flush=True)
            report["datasets"][dataset] = facts
            for page in args.pages:
                if args.profile == page:
                    print(_profile(dataset, page, facts["years"], facts["codes"]))
                result = measure_page(dataset, page, facts["years"], facts["codes"], args.repeats)
                results.append(result)
                print(_table([result]).splitlines()[-1], flush=True)
    print()
    print(_table(results))
    maps = [r for r in results if r.deck_json_bytes is not None]
    for r in maps:
        verdict = "ok" if r.deck_json_bytes <= PAYLOAD_TARGET else "OVER TARGET"
        print(f"map deck JSON ({r.dataset}): {r.deck_json_bytes:,} bytes (target {PAYLOAD_TARGET:,}): {verdict}")
    report["results"] = [{**asdict(r), "ok": r.ok} for r in results]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())

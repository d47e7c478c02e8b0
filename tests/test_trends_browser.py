"""The trend charts in headless Chromium: the time axis reads in the page's language ("mrt 2026",
not "Mar 2026" or "12 PM · Wed 02") on a municipality with a year of synthetic months, on
Amsterdam (seed) and on the national chart; each chart is screenshotted into the test's folder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from inventory.synthetic import build_synthetic
from tests.browser_support import chromium, prepared_database, running_app, skip_without_browser

pytestmark = pytest.mark.browser
CHART = '[data-testid="stVegaLiteChart"]'
X_LABELS = f"""() => [...document.querySelectorAll('{CHART} svg g.role-axis')]
  .filter((axis) => (axis.getAttribute('aria-label') || '').startsWith('X-axis'))
  .flatMap((axis) => [...axis.querySelectorAll('g.role-axis-label text')].map((text) => text.textContent))"""
MONTH_YEAR = {
    "nl": re.compile(r"^(jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4}$"),
    "en": re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$"),
}
# Month names spelt differently in the other language: their presence proves the locale, not luck.
OWN_SPELLING = {"nl": {"mrt", "mei", "okt"}, "en": {"Mar", "May", "Oct"}}
SYNTHETIC_MUNICIPALITY = "GM0034"  # Almere: among the first codes, no figures in data/


def _time_labels(page: Any, url: str, shot: Path) -> list[str]:
    """The x-axis tick labels of every trend panel on the page at `url`; each panel screenshotted."""
    page.goto(url, wait_until="domcontentloaded", timeout=60_000)
    page.wait_for_selector(f"{CHART} svg g.role-axis-label text", timeout=60_000)
    page.wait_for_timeout(1000)
    charts = page.locator(CHART)
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        charts.nth(i).screenshot(path=str(shot.with_name(f"{shot.stem}_{i}.png")))
    # The tick labels of the x axes only (Vega names each axis group: "X-axis titled …").
    return page.evaluate(X_LABELS)


def _tooltip(page: Any) -> str:
    """The tooltip of the first point of the first panel (a legend's symbols are no marks)."""
    point = page.locator(f"{CHART} svg g.mark-symbol.role-mark path").first
    point.scroll_into_view_if_needed()
    point.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=10_000)
    return str(tooltip.inner_text())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_time_axes_read_in_the_page_language(tmp_path: Path, lang: str) -> None:
    skip_without_browser()
    data = tmp_path / "data"
    engine = prepared_database(data)
    build_synthetic(engine, municipalities=3, facilities_per_municipality=1, years=1, end_year=2026)
    engine.dispose()
    with running_app(tmp_path, data) as app, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        months = _time_labels(
            page,
            f"{app.base}/gemeente?gemeente={SYNTHETIC_MUNICIPALITY}&taal={lang}",
            tmp_path / f"synthetic_{lang}.png",
        )
        assert months and all(MONTH_YEAR[lang].match(m) for m in months), months
        assert {m.split()[0] for m in months} & OWN_SPELLING[lang], months
        assert any(m.endswith("2026") for m in months), months
        amsterdam = _time_labels(page, f"{app.base}/gemeente?gemeente=GM0363&taal={lang}", tmp_path / f"ams_{lang}.png")
        assert amsterdam and all(MONTH_YEAR[lang].match(m) for m in amsterdam), amsterdam
        tip = _tooltip(page)
        for word in (
            ("Bron", "Status", "Periode", "Vermeld door de bron", "(2016), regel"),
            ("Source", "Status", "Period", "Stated by the source", "(2016), line"),
        )[lang == "en"]:
            assert word in tip, tip
        national = _time_labels(page, f"{app.base}/?taal={lang}", tmp_path / f"national_{lang}.png")
        assert national and all(re.fullmatch(r"\d{4}", y) for y in national), national
        assert not app.trap.seen
        page.close()
    assert (tmp_path / f"synthetic_{lang}_0.png").stat().st_size > 10_000

"""Citing a page: the absolute URL (configured public base, else the address the reader used) and
the ready sentence (publisher, year, title, figure with its reference date, stand, URL), NL and EN.
Municipal and national figures come from the seeded database, as the pages show them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from inventory import citation, queries, stats
from inventory.citation import CitedFigure
from inventory.database import session_scope
from inventory.enums import Metric
from inventory.filters import Filters
from inventory.municipal import municipality_breakdown
from inventory.presentation import as_of
from views.paths import PAGE_PATHS

STAND = dt.date(2026, 12, 8)
PUBLIC = "https://opvang.example.nl"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            "Opvangmonitor (2026). Plaatsen in Amsterdam: 180, per 1 dec 2026. Stand 8 december 2026. "
            "https://opvang.example.nl/gemeente?gemeente=GM0363&stand=2026-12-08",
        ),
        (
            "en",
            "Opvangmonitor (2026). Places in Amsterdam: 180, as of 1 Dec 2026. As of 8 December 2026. "
            "https://opvang.example.nl/gemeente?gemeente=GM0363&stand=2026-12-08",
        ),
    ],
)
def test_the_sentence_names_publisher_year_figure_date_stand_and_url(lang: str, expected: str) -> None:
    url = citation.absolute_url(PUBLIC, "gemeente", {"gemeente": "GM0363", "stand": STAND.isoformat()})
    day = dt.date(2026, 12, 1)
    what = citation.t("cite_in_place", lang, what=Metric.PLACES.label(lang), place="Amsterdam")
    figure = CitedFigure(what, "180", as_of(day, day, lang, short=True))
    assert citation.sentence("", STAND, url, lang, figure) == expected


@pytest.mark.parametrize(("lang", "title"), [("nl", "Kaart"), ("en", "Map")])
def test_a_page_without_a_headline_figure_is_cited_by_its_title(lang: str, title: str) -> None:
    (text,) = citation.sentences("kaart", STAND, f"{PUBLIC}/kaart?stand=2026-12-08", lang)
    stand = "Stand 8 december 2026" if lang == "nl" else "As of 8 December 2026"
    assert text == f"Opvangmonitor (2026). {title}. {stand}. {PUBLIC}/kaart?stand=2026-12-08"


def test_the_configured_public_url_wins_over_the_request() -> None:
    environ = {citation.PUBLIC_URL_ENV: "https://opvang.example.nl/monitor/"}
    headers = {"Host": "127.0.0.1:8501"}
    assert citation.public_base("http://127.0.0.1:8501/kaart", headers, PAGE_PATHS, environ) == (
        "https://opvang.example.nl/monitor"
    )


@pytest.mark.parametrize("bad", ["opvang.example.nl", "ftp://opvang.example.nl", "https://x.nl/?a=1", "https://"])
def test_a_configured_value_that_is_no_url_is_ignored(bad: str) -> None:
    environ = {citation.PUBLIC_URL_ENV: bad}
    assert citation.configured_base(environ) is None
    assert citation.public_base(None, {"host": "opvang.local:8501"}, (), environ) == "http://opvang.local:8501"


def test_unset_the_browser_address_gives_the_base_without_the_page_path() -> None:
    empty: dict[str, str] = {}
    for url, base in [
        ("http://127.0.0.1:8501/gemeente", "http://127.0.0.1:8501"),
        ("http://127.0.0.1:8501/", "http://127.0.0.1:8501"),
        ("https://host.nl/sub/kaart", "https://host.nl/sub"),
        ("https://host.nl/sub", "https://host.nl/sub"),
    ]:
        assert citation.public_base(url, {}, PAGE_PATHS, empty) == base, url


def test_unset_the_request_host_is_used_and_a_forged_one_is_not() -> None:
    empty: dict[str, str] = {}
    assert citation.public_base(None, {"Host": "localhost:8501"}, (), empty) == "http://localhost:8501"
    proxied = {"host": "opvang.example.nl", "x-forwarded-proto": "https"}
    assert citation.public_base(None, proxied, (), empty) == "https://opvang.example.nl"
    for forged in ('evil.nl/"><script>', "a b", "", "host.nl/path"):
        assert citation.public_base(None, {"host": forged}, (), empty) is None, forged
    # Without any address the link stays a path, which still opens the view on this site.
    assert citation.absolute_url(None, "kaart", {"taal": "en"}) == "/kaart?taal=en"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_municipal_figures_cite_the_headline_with_its_period_and_say_a_sum(seeded_engine: Engine, lang: str) -> None:
    with session_scope(seeded_engine) as session:
        figures = queries.figures(session, Filters(municipality="GM0363"))
    values = {m: v for m in citation.MUNICIPAL_METRICS if (v := municipality_breakdown(figures, m).get("GM0363"))}
    cited = citation.municipal_figures("Amsterdam", values, lang)
    assert [c.value for c in cited] == [v.total.format(lang) for v in values.values()]
    places = values["places"]
    assert places.is_sum  # the seed adds two offers: the sentence must say so
    sum_word = citation.t("sum_of_parts", lang, n=len(places.parts))
    assert cited[0].what == f"{Metric.PLACES.label(lang)} in Amsterdam ({sum_word})"
    assert cited[0].when == as_of(places.period_start, places.period_end, lang, short=True)
    text = citation.sentence("", STAND, "https://x.nl/gemeente", lang, cited[0])
    assert text.startswith(f"Opvangmonitor (2026). {cited[0].what}: {cited[0].value}, {cited[0].when}. ")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_national_figures_keep_the_population_they_count(seeded_engine: Engine, lang: str) -> None:
    with session_scope(seeded_engine) as session:
        national = stats.national_figures(session, 2017)
    cited = citation.national_figures(national, [Metric.PERSONS.value], lang)
    population = "37 geïnterviewde gemeenten" if lang == "nl" else "37 interviewed municipalities"
    assert cited == [
        CitedFigure(
            f"{Metric.PERSONS.label(lang)}, {population}",
            "1.435" if lang == "nl" else "1,435",
            "dec 2016 – feb 2017" if lang == "nl" else "Dec 2016 – Feb 2017",
        )
    ]

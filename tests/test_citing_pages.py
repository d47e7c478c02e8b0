"""Citing and linking on the rendered pages (AppTest on a real seeded database, NL and EN): the
citation box's absolute link and ready sentences, no doubled brackets and no seed file names on
a public page (the figure page's full provenance excepted), and downloads that hold what the
page shows."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from inventory import citation, queries
from inventory.applicability import BROWSABLE_TABLES
from inventory.clock import local_today, utc_now
from inventory.filters import Filters
from inventory.i18n import t
from tests import test_app_pages
from tests.test_app_pages import open_page, query

# The pages' fixtures (a database the app seeds on its first start, fresh caches per test).
app_env, db, _fresh_caches = test_app_pages.app_env, test_app_pages.db, test_app_pages._fresh_caches

PUBLIC = "https://opvang.example.nl"
# Every public page, with the URLs that reach its different states.
PUBLIC_PAGES: list[tuple[str, dict[str, str]]] = [
    ("overview", {}),
    ("overview", {"jaar": "2016"}),
    ("map", {}),
    ("municipality", {"gemeente": "GM0363"}),  # offers, figures, a sum
    ("municipality", {"gemeente": "GM0344"}),  # Utrecht: programmes
    ("municipality", {"gemeente": "GM1680"}),  # no data: the nearest offers
    *[("tables", {"tabel": table}) for table in BROWSABLE_TABLES],
    ("coverage", {}),
    ("sign_in", {}),
]
FILE_NAME = re.compile(r"[\w.-]+\.(?:csv|txt)\b")
# A link's target is an address (the data API's `aggregates.csv`), not a file name shown.
LINK_TARGET = re.compile(r"\]\([^)\s]*\)")


def page_texts(at: AppTest) -> list[str]:
    """Every text the page shows: headings, prose, notices, code, metrics with their help, and
    every cell and header of its tables."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "code", "info", "warning", "error", "success"):
        texts += [str(element.value) for element in getattr(at, kind)]
    texts += [f"{m.label} {m.value} {m.help or ''}" for m in at.metric]
    for frame in [*(d.value for d in at.dataframe), *(tb.value for tb in at.table)]:
        texts += [str(c) for c in frame.columns] + [str(i) for i in frame.index]
        texts += [str(v) for v in frame.to_numpy().ravel()]
    return texts


def _figure_key(engine: Engine) -> str:
    frame = query(engine, queries.figures, Filters(municipality="GM0363"))
    return str(frame["key"].iloc[0])


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("page", "url"), PUBLIC_PAGES, ids=lambda v: v if isinstance(v, str) else "-".join(v.values()))
def test_no_public_page_shows_a_seed_file_name_or_doubled_brackets(
    db: Engine, page: str, url: dict[str, str], lang: str
) -> None:
    texts = page_texts(open_page(page, **url, taal=lang))
    assert texts
    joined = LINK_TARGET.sub("]", "\n".join(texts))
    assert "((" not in joined, [x for x in texts if "((" in x]
    assert not FILE_NAME.search(joined), FILE_NAME.findall(joined)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_figure_page_keeps_the_full_provenance_with_its_file_but_no_doubled_brackets(db: Engine, lang: str) -> None:
    texts = page_texts(open_page("figure", sleutel=_figure_key(db), taal=lang))
    joined = "\n".join(texts)
    assert FILE_NAME.search(joined) and "((" not in joined


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_source_notes_give_whole_titles(db: Engine, lang: str) -> None:
    at = open_page("overview", taal=lang)
    (notes,) = [c.value for c in at.caption if c.value.startswith(t("sources", lang) + ":")]
    title = "Valse of hoop of bittere noodzaak. Opvang van mensen zonder verblijfsrecht"
    assert title in notes and "…" not in notes


def cite_link(at: AppTest, lang: str) -> str:
    """The URL in the citation box's 'Link om te citeren' line."""
    head = t("cite_link", lang, date="").split("(")[0]
    (line,) = [c.value for c in at.caption if c.value.startswith(head)]
    match = re.search(r"\[(\S+)\]\((\S+)\)$", line)
    assert match and match.group(1) == match.group(2), line
    return match.group(1)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_with_a_public_url_the_municipality_is_cited_absolutely_with_its_headline(
    db: Engine, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(citation.PUBLIC_URL_ENV, PUBLIC + "/")
    at = open_page("municipality", gemeente="GM0363", taal=lang)
    stand = local_today(utc_now)
    url = cite_link(at, lang)
    assert url.startswith(f"{PUBLIC}/gemeente?"), url
    assert {"gemeente": "GM0363", "stand": stand.isoformat(), "taal": lang}.items() <= dict(
        parse_qsl(urlsplit(url).query)
    ).items()
    sentences = [c.value for c in at.code]
    shown = [m for m in at.metric if m.value != t("no_data", lang)]
    assert shown and len(sentences) == len(shown)
    stand_text = t("cite_stand", lang, date=citation.format_long_day(stand, lang))
    for metric, text in zip(shown, sentences, strict=True):
        # The sentence cites the value the headline shows, for this municipality, as of this stand.
        assert text.startswith(f"Opvangmonitor ({stand.year}). ") and text.endswith(f". {stand_text}. {url}")
        assert " in Amsterdam" in text and f": {metric.value}, " in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_without_a_public_url_the_overview_still_gives_a_whole_sentence(
    db: Engine, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # AppTest has no browser address: the link stays a path (the browser test checks the host).
    monkeypatch.delenv(citation.PUBLIC_URL_ENV, raising=False)
    at = open_page("overview", taal=lang)
    url = cite_link(at, lang)
    assert url.startswith("/overzicht?") and "stand=" in url
    sentences = [c.value for c in at.code]
    assert len(sentences) == 4
    stand = local_today(utc_now)
    stand_text = t("cite_stand", lang, date=citation.format_long_day(stand, lang))
    ending = re.escape(f". {stand_text}. {url}")
    pattern = rf"Opvangmonitor \({stand.year}\)\. [^:]+: .+, [^:,]+{ending}"
    assert all(re.fullmatch(pattern, s) for s in sentences), sentences


def _download_labels(at: AppTest) -> list[Any]:
    return [element.proto.label for element in at.get("download_button")]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_national_figures_table_offers_no_geojson_and_the_map_does(db: Engine, lang: str) -> None:
    national = open_page("tables", tabel="aggregates", taal=lang)
    labels = _download_labels(national)
    assert "CSV" in labels and not any("GeoJSON" in label for label in labels)
    assert _download_labels(open_page("map", taal=lang)) == [t("map_geojson", lang)]

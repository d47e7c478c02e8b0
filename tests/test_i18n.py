"""Readable in the chosen language: every stored English text has its Dutch wording, every
enumeration has labels, sources are cited as documents."""

from __future__ import annotations

import csv

import pytest

from inventory.enums import LabelledEnum
from inventory.i18n import DUTCH_TEXTS, TABLES, TEXT, data_text, t
from inventory.presentation import citation, md_escape, source_name
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("file", "column"),
    [("aggregates", "population"), ("outcomes", "population"), ("outcomes", "share_base"), ("aggregates", "table")],
)
def test_every_stored_text_has_a_dutch_label(file: str, column: str) -> None:
    with (REPO / "data" / f"{file}.csv").open(encoding="utf-8") as handle:
        texts = {row[column] for row in csv.DictReader(handle) if row[column]}
    known = TABLES if column == "table" else DUTCH_TEXTS
    assert texts - set(known) == set(), f"no Dutch label in inventory/i18n.py for {file}.{column}"
    assert data_text("37 interviewed municipalities", "nl") == "37 geïnterviewde gemeenten"
    assert data_text("37 interviewed municipalities", "en") == "37 interviewed municipalities"


def test_every_enum_member_has_two_labels() -> None:
    for enum in LabelledEnum.__subclasses__():
        for member in enum:
            assert member.label("nl") and member.label("en"), member


def test_every_text_has_both_languages() -> None:
    assert all(nl and en for nl, en in TEXT.values())


def test_a_source_is_cited_as_a_document_then_the_line() -> None:
    row = {
        "source_publisher": "Amnesty International; Stichting LOS",
        "source_year": 2017,
        "source_title": "Verkennend onderzoek naar de effecten van opvang van migranten zonder rechtmatig verblijf",
        "source_file": "000_5e40dfbf1966c174.txt",
        "source_line": 1311,
    }
    title = row["source_title"]
    # The whole title, never cut; the seed file name only where asked for (the figure page).
    assert citation(row, "nl") == (
        f"Amnesty International; Stichting LOS (2017), {title}, regel 1311 [000_5e40dfbf1966c174.txt]"
    )
    assert citation(row, "en", with_file=False) == f"Amnesty International; Stichting LOS (2017), {title}, line 1311"
    assert source_name("ABDTOPConsult (Harry Paul), in opdracht van DG Migratie", 2024, "x", "en", short=True) == (
        "ABDTOPConsult (2024)"
    )


@pytest.mark.parametrize(("lang", "undated"), [("nl", "z.j."), ("en", "n.d.")])
def test_a_source_without_publisher_is_named_by_its_title_never_by_a_bracketed_year(lang: str, undated: str) -> None:
    """Without a publisher the title comes first, as a reference list names an anonymous work:
    a text that puts a source name in brackets then never reads '((z.j.), …' or '((z.j.))'."""
    title = "[beschrijvende titel] Verkennende literatuurstudie zorg en ondersteuning aan ongedocumenteerden"
    unstated = "not stated in the text extraction"
    assert source_name(unstated, None, title, lang) == f"{title} ({undated})"
    assert source_name(None, 2022, title, lang) == f"{title} (2022)"
    cell = source_name(unstated, None, title, lang, short=True)
    assert cell.endswith(f"… ({undated})") and len(cell) < 40
    assert source_name(None, None, None, lang) == f"{t('unnamed_source', lang)} ({undated})"
    for name in (source_name(unstated, None, title, lang), cell, source_name(None, None, None, lang)):
        assert not name.startswith("(")
        assert "((" not in t("newest_period_of", lang, period="2016", source=name)
    row = {"source_publisher": unstated, "source_year": None, "source_title": title, "source_line": 7}
    assert citation(row, lang, with_file=False) == f"{title} ({undated}), {t('line', lang)} 7"


def test_typed_text_in_markdown_stays_text() -> None:
    shown = md_escape("<img src=x onerror=alert(1)> [a](javascript:alert(1)) **b**")
    # every markup opener is backslash-escaped, so markdown renders the characters themselves
    assert shown == "\\<img src=x onerror=alert(1)\\> \\[a\\](javascript:alert(1)) \\*\\*b\\*\\*"
    assert md_escape("HVO-Querido nachtopvang (twee locaties)") == "HVO-Querido nachtopvang (twee locaties)"

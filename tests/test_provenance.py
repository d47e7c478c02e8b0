"""Every figure in data/ is quoted exactly from its seed text (inventory.provenance)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from inventory.provenance import check_quotes, dutch_number_words, number_in_text, quote_at_line

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SEEDS = REPO.parent / "shared" / "seeds"

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed texts not found at {SEEDS} (shared material outside the repository)"
)


@needs_seeds
def test_every_quote_is_in_its_seed() -> None:
    problems = check_quotes(DATA, SEEDS)
    assert problems == [], "\n".join(problems)


def _copy_figures(tmp_path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """sources.csv and figures.csv copied into tmp_path; the figures' columns and rows."""
    for name in ("sources.csv", "figures.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    with (tmp_path / "figures.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or ()), list(reader)


def _write_figures(tmp_path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with (tmp_path / "figures.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@needs_seeds
def test_a_wrong_quote_in_a_copy_is_reported(tmp_path: Path) -> None:
    fields, rows = _copy_figures(tmp_path)
    target = next(r for r in rows if r["value"])
    target["quote"] = target["quote"] + " en nog veel meer"
    other = next(r for r in rows if r["value"] and r is not target)
    other["value"] = str(int(other["value"]) + 1)
    _write_figures(tmp_path, fields, rows)
    problems = check_quotes(tmp_path, SEEDS)
    assert any(f"(key {target['key']}): quote not found" in p for p in problems), problems
    assert any(f"(key {other['key']}): value {other['value']} does not appear" in p for p in problems), problems
    assert all(p.startswith("figures.csv line ") for p in problems)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def test_checker_on_a_small_synthetic_seed(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "s.txt").write_text(
        "Inleiding\n\nIn elf gemeenten werden 1.435\n\npersonen opgevangen.\nEr waren 80-90 plekken.\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    data.mkdir()
    _write(data / "sources.csv", ["key", "seed_file"], [["s", "s.txt"], ["gone", "missing.txt"]])
    header = ["key", "value", "value_low", "value_high", "source", "line", "quote"]
    _write(
        data / "figures.csv",
        header,
        [
            ["ok-words", "11", "", "", "s", "3", "In elf gemeenten"],
            ["ok-thousands", "1435", "", "", "s", "3", "werden 1.435 personen opgevangen."],
            ["ok-range", "", "80", "90", "s", "6", "Er waren 80-90 plekken."],
            ["wrong-line", "11", "", "", "s", "1", "In elf gemeenten"],
            ["part-of-number", "435", "", "", "s", "3", "werden 1.435 personen"],
            ["no-such-source", "1", "", "", "nope", "1", "Inleiding"],
            ["missing-seed", "1", "", "", "gone", "1", "Inleiding"],
            ["line-out-of-range", "1", "", "", "s", "99", "x"],
        ],
    )
    problems = check_quotes(data, seeds)
    keys = {p.split("(key ")[1].split(")")[0] for p in problems}
    assert keys == {"wrong-line", "part-of-number", "no-such-source", "missing-seed", "line-out-of-range"}, problems
    assert "figures.csv line 5 (key wrong-line): quote not found" in "\n".join(problems)


def test_number_words_and_digits() -> None:
    assert "vijfentwintig" in dutch_number_words(25)
    assert "tweeëntwintig" in dutch_number_words(22)
    assert "eenentwintig" in dutch_number_words(21)
    assert number_in_text(16, "In zestien gemeenten")
    assert number_in_text(90, "tachtig tot negentig mensen")
    assert not number_in_text(20, "in eenentwintig kleine gemeenten")
    assert not number_in_text(12, "maar geen 120")
    assert number_in_text(308, "In vijf gemeenten308 is er")
    assert quote_at_line(["a b", "c d"], 1, "b c")
    assert not quote_at_line(["a b", "c d"], 1, "d")


QUOTE_355 = "In Rotterdam bood de […] in eigen beheer sobere nachtopvang aan 25 mensen."


@needs_seeds
def test_a_quote_may_leave_out_the_building_name_with_a_marker() -> None:
    lines = (SEEDS / "000_5e40dfbf1966c174.txt").read_text(encoding="utf-8").splitlines()
    assert quote_at_line(lines, 355, QUOTE_355)
    assert quote_at_line(lines, 355, QUOTE_355.replace("[…]", "[...]"))
    assert not quote_at_line(lines, 355, QUOTE_355.replace("[…]", ""))  # the name is in the source
    # The parts must be the source's, in its order, the first beginning on the cited line.
    assert not quote_at_line(lines, 355, "In Rotterdam bood de […] nachtopvang aan 25 mensen. […] in eigen beheer")
    assert not quote_at_line(lines, 355, "In Rotterdam bood de […] in eigen beheer ruime nachtopvang")
    assert not quote_at_line(lines, 356, QUOTE_355)
    assert not quote_at_line(lines, 355, "[…] in eigen beheer sobere nachtopvang")


@needs_seeds
def test_a_marker_in_a_copy_that_misquotes_is_reported(tmp_path: Path) -> None:
    fields, rows = _copy_figures(tmp_path)
    redacted = next(r for r in rows if "[…]" in r["quote"])
    assert redacted["quote"] == QUOTE_355
    cases = {
        "out-of-order": ("In Rotterdam bood de […] aan 25 mensen. […] sobere nachtopvang", "25"),
        "drops-words": ("In Rotterdam bood de […] sobere nachtopvang aan 25 mensen.", "25"),
        "trailing": ("In Rotterdam bood de […]", ""),
        "other-value": (QUOTE_355, "26"),
    }
    rows += [dict(redacted, key=key, quote=quote, value=value) for key, (quote, value) in cases.items()]
    _write_figures(tmp_path, fields, rows)
    problems = {p.split("(key ")[1].split(")")[0]: p.split("): ", 1)[1] for p in check_quotes(tmp_path, SEEDS)}
    assert set(problems) == set(cases), problems
    assert problems["out-of-order"].startswith("quote not found starting at 000_5e40dfbf1966c174.txt line 355")
    assert problems["drops-words"] == "'[…]' leaves out 'in eigen beheer', which is no street or withheld building name"
    assert problems["trailing"].startswith("'[…]' ends the quote")
    assert problems["other-value"] == "value 26 does not appear in the quote"


def _marker_problems(tmp_path: Path, text: str, rows: list[list[str]]) -> list[str]:
    """check_quotes on one seed text `s.txt` and figure rows (key, value, source, line, quote)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "s.txt").write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    _write(data / "sources.csv", ["key", "seed_file"], [["s", "s.txt"]])
    _write(data / "figures.csv", ["key", "value", "source", "line", "quote"], rows)
    return check_quotes(data, seeds)


def test_a_marker_may_stand_for_a_street_name(tmp_path: Path) -> None:
    problems = _marker_problems(
        tmp_path,
        "Opvang aan de Dorpsstraat 4 voor\ntien mensen, in de stad.\n",
        [
            ["street", "10", "s", "1", "Opvang aan de [...] voor tien mensen"],
            ["street-and-more", "10", "s", "1", "Opvang aan de […] tien mensen"],
        ],
    )
    assert problems == [
        "figures.csv line 3 (key street-and-more): '[…]' leaves out 'voor', "
        "which is no street or withheld building name"
    ]


def test_a_marker_is_aligned_where_it_leaves_out_only_the_name_and_never_a_sign(tmp_path: Path) -> None:
    """A short head ('de') may first occur earlier than the place the quote means; a marker may
    not drop a sign that changes a number ('40%' is not '40')."""
    problems = _marker_problems(
        tmp_path,
        "de opvang van de Kerkstraat 5 in Rotterdam biedt 12 plaatsen, ruim 40% van de plaatsen.\n",
        [
            ["second-de", "12", "s", "1", "de […] in Rotterdam biedt 12 plaatsen"],
            ["percent", "40", "s", "1", "ruim 40 […] van de plaatsen"],
        ],
    )
    assert problems == [
        "figures.csv line 3 (key percent): '[…]' leaves out '%', which is no street or withheld building name"
    ], problems

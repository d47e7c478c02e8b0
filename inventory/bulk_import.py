"""Bulk import of figures from a file: the template an account fills in, reading an upload (CSV or
XLSX) defensively, and the row-by-row report. Plain Python: the page and the command line both
use it; every write still goes through `inventory.writes.import_figures`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from inventory import writes
from inventory.accounts import Scope
from inventory.clock import today_in_amsterdam
from inventory.database import session_scope
from inventory.editing import EDITABLE_METRICS, editable_subjects, explain
from inventory.enums import HowObtained, LabelledEnum, Qualifier, from_typed, typed_word
from inventory.i18n import t, tn
from inventory.models import Facility
from inventory.presentation import format_period
from inventory.spreadsheet import neutralise
from inventory.values import format_number

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
FORMATS = ("csv", "xlsx")
README_SHEETS = {"nl": "Uitleg", "en": "README"}
DATA_SHEET = "import"
# Shown for reference only and ignored when the file comes back.
REFERENCE_COLUMNS = ("municipality", "facility", "measure", "current_value", "current_period", "current_note")
INPUT_COLUMNS = (
    "qualifier",
    "value",
    "value_low",
    "value_high",
    "reference_date",
    "how_obtained",
    "note",
    "explanation",
)
COLUMNS = (
    "municipality_code",
    "municipality",
    "facility_key",
    "facility",
    "metric",
    "measure",
    "current_value",
    "current_period",
    "current_note",
    "version",
    *INPUT_COLUMNS,
)
_ROW_FIELDS = ("municipality_code", "facility_key", "metric", "version", *INPUT_COLUMNS)
# Columns whose cells a person may fill with a label or a typed word in either language ("geteld").
_TYPED_COLUMNS: dict[str, type[LabelledEnum]] = {"qualifier": Qualifier, "how_obtained": HowObtained}


def column_label(column: str, lang: str = "nl") -> str:
    """A template column's header as a person reads it; the machine key is in the row below it."""
    return t(f"import_head_{column}", lang)


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


# A header cell read back: the machine key, or its Dutch or English label (any case or spacing).
_HEADER_NAMES: dict[str, str] = {
    _plain(name): column
    for column in COLUMNS
    for name in (column, column_label(column, "nl"), column_label(column, "en"))
}


class FileProblem(Exception):
    """The file as a whole cannot be read as an import; `key` is a text in inventory/texts/imports.py."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(t(key, "en", **params))

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


# --- the template ---------------------------------------------------------------------------


def template_frame(session: Session, scope: Scope, lang: str = "nl") -> pd.DataFrame:
    """One row per subject the account may edit × measure, with the newest figure for reference
    and the subject's version, so a file made before someone else saved is refused for it. The
    reference date is today's (Dutch calendar), written as the template's language writes dates."""
    rows: list[dict[str, object]] = []
    today = format_date_cell(today_in_amsterdam(), lang)
    for choice in editable_subjects(session, scope, lang):
        state = writes.subject_state(session, choice.subject)
        facility = session.get(Facility, choice.subject.facility_id) if choice.subject.facility_id else None
        name = choice.label.split(" — ")[0]
        for metric in EDITABLE_METRICS:
            figure = state.figures.get(metric.value)
            rows.append(
                {
                    "municipality_code": state.municipality_code,
                    "municipality": name,
                    "facility_key": facility.key if facility else "",
                    "facility": facility.label if facility else "",
                    "metric": metric.value,
                    "measure": metric.label(lang),
                    "current_value": figure.display(lang) if figure else "",
                    "current_period": format_period(figure.period_start, figure.period_end, lang) if figure else "",
                    "current_note": (figure.note or "") if figure else "",
                    "version": state.version,
                    **dict.fromkeys(INPUT_COLUMNS, ""),
                    "reference_date": today,
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def format_date_cell(day: dt.date, lang: str) -> str:
    """A day as the template's language writes it: 1-12-2026 (nl), 2026-12-01 (en); both read back."""
    return f"{day.day}-{day.month}-{day.year}" if lang == "nl" else day.isoformat()


def readme_lines(lang: str = "nl") -> list[str]:
    """What the template says about itself in its language: rows, columns (header and machine
    key), the values each input column takes, the limits."""
    lines = [t("import_readme_title", lang)]
    lines += [t(key, lang, **limits()) for key in ("import_readme_rows", "import_readme_columns")]
    lines += [t("import_readme_headers", lang)]
    lines += [f"- {column_label(column, lang)} = {column}" for column in COLUMNS]
    lines += [t(key, lang, **limits()) for key in ("import_readme_values", "import_readme_limits")]
    for column, enum in _TYPED_COLUMNS.items():
        words = ", ".join(_word_and_label(m, lang) for m in enum)
        lines.append(f"{column_label(column, lang)}: {words}")
    lines.append(
        f"{column_label('metric', lang)}: " + ", ".join(f"{m.value} ({m.label(lang)})" for m in EDITABLE_METRICS)
    )
    return lines


def _word_and_label(member: LabelledEnum, lang: str) -> str:
    word, label = typed_word(member, lang), member.label(lang)
    return word if word.casefold() == label.casefold() else f"{word} ({label})"


def limits() -> dict[str, object]:
    return {"mb": MAX_BYTES // (1024 * 1024), "rows_nl": f"{MAX_ROWS:,}".replace(",", "."), "rows_en": f"{MAX_ROWS:,}"}


def template_csv(frame: pd.DataFrame, lang: str = "nl") -> bytes:
    """UTF-8 with BOM and `;`, as Dutch Excel reads it; the explanation as `#` lines first, then
    the headers in `lang` and the machine keys below them."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for line in readme_lines(lang):
        writer.writerow([f"# {line}"])
    writer.writerow([column_label(column, lang) for column in COLUMNS])
    writer.writerow(COLUMNS)
    for record in frame.itertuples(index=False):
        writer.writerow([neutralise(value) for value in record])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(frame: pd.DataFrame, lang: str = "nl") -> bytes:
    workbook = Workbook()
    readme = workbook.active
    assert readme is not None
    readme.title = README_SHEETS[lang]
    for line in readme_lines(lang):
        readme.append([line])
    readme.column_dimensions["A"].width = 120
    sheet = workbook.create_sheet(DATA_SHEET)
    sheet.append([column_label(column, lang) for column in COLUMNS])
    sheet.append(list(COLUMNS))
    grey = PatternFill("solid", fgColor="EEEEEE")
    for record in frame.itertuples(index=False):
        sheet.append([neutralise(value) for value in record])
    for cells in sheet.iter_cols(min_row=1, max_row=sheet.max_row):
        head, key = cells[0], cells[1]
        head.font = Font(bold=True)
        key.font = Font(italic=True, color="666666")
        sheet.column_dimensions[head.column_letter].width = max(12, len(str(head.value)) + 2, len(str(key.value)) + 2)
        if key.value in REFERENCE_COLUMNS:
            for cell in cells[2:]:
                cell.fill = grey
    sheet.freeze_panes = "A3"
    workbook.active = workbook.index(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template(engine: Engine, scope: Scope, fmt: str, lang: str = "nl") -> bytes:
    with session_scope(engine) as session:
        frame = template_frame(session, scope, lang)
    return template_xlsx(frame, lang) if fmt == "xlsx" else template_csv(frame, lang)


def template_name(scope: Scope, fmt: str) -> str:
    return f"opvangmonitor-import-{scope.username}.{fmt}"


# --- reading an upload ----------------------------------------------------------------------


@dataclass
class ParsedFile:
    rows: list[writes.ImportRow]
    skipped: int = 0


def read_file(data: bytes) -> ParsedFile:
    """The filled-in rows of an import file; raises `FileProblem` for a file that is not one.
    The format is told by the content, not the name: an XLSX is a zip archive."""
    if not data:
        raise FileProblem("import_empty")
    if len(data) > MAX_BYTES:
        raise FileProblem("import_too_big", size=f"{len(data) / 1024 / 1024:.1f}", **limits())
    if data.startswith(b"PK\x03\x04"):
        return _rows(_xlsx_records(data))
    return _rows(_csv_records(data))


def _csv_records(data: bytes) -> Iterator[tuple[int, list[object]]]:
    if b"\x00" in data:
        raise FileProblem("import_binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem("import_encoding", line=line) from None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip('"').startswith("#")]
    header = lines[0] if lines else ""
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            yield reader.line_num, list(record)
    except csv.Error as error:
        raise FileProblem("import_csv_broken", line=reader.line_num, reason=str(error)) from None


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list[object]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise FileProblem("import_not_xlsx", reason=type(error).__name__) from None
    sheets = [s for s in workbook.worksheets if s.title not in README_SHEETS.values()]
    if len(sheets) != 1:
        raise FileProblem("import_sheets", names=", ".join(s.title for s in sheets) or "—")
    sheet = sheets[0]
    if sheet.merged_cells.ranges:
        raise FileProblem("import_merged", cells=", ".join(str(r) for r in list(sheet.merged_cells.ranges)[:5]))
    if sheet.max_row > MAX_ROWS + 50:  # before reading every cell: the header and comments are few
        raise FileProblem("import_too_many_rows", rows=sheet.max_row, **limits())
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    if formulas:
        raise FileProblem("import_formulas", cells=", ".join(formulas[:5]) + (" …" if len(formulas) > 5 else ""))
    for number, row in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        yield number, list(row)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _value(raw: object) -> object:
    if isinstance(raw, str):
        return raw.strip() or None
    if isinstance(raw, dt.datetime):
        return raw.date()
    return raw


def _typed(column: str, raw: object) -> object:
    """A qualifier or how-obtained cell as its code when it names one in either language
    ('geteld', 'Geteld op de peildatum', 'counted'); anything else as typed, for the write
    checks to refuse with the possible values."""
    enum = _TYPED_COLUMNS.get(column)
    if enum is None or not isinstance(raw, str):
        return raw
    member = from_typed(enum, raw)
    return raw if member is None else member.value


def _rows(records: Iterator[tuple[int, list[object]]]) -> ParsedFile:
    header: list[str] | None = None
    parsed = ParsedFile([])
    count = 0
    for line, cells in records:
        if all(_blank(c) for c in cells) or (isinstance(cells[0], str) and cells[0].startswith("#")):
            continue
        if header is None:
            header = _header(cells)
            continue
        if _is_key_row(cells):  # the template's second header row, wherever a sort put it
            continue
        count += 1
        if count > MAX_ROWS:
            raise FileProblem("import_too_many_rows", rows=f"> {MAX_ROWS}", **limits())
        if len(cells) > len(header) and not all(_blank(c) for c in cells[len(header) :]):
            raise FileProblem("import_row_too_long", line=line, found=len(cells), expected=len(header))
        values = {name: _typed(name, _value(c)) for name, c in zip(header, cells, strict=False)}
        if all(_blank(values.get(k)) for k in ("value", "value_low", "value_high")):
            parsed.skipped += 1
            continue
        parsed.rows.append(writes.ImportRow(line, **{k: values.get(k) for k in _ROW_FIELDS}))
    if header is None:
        raise FileProblem("import_no_header")
    if not parsed.rows:
        raise FileProblem("import_nothing_filled")
    return parsed


def _is_key_row(cells: Sequence[object]) -> bool:
    keys = [str(c).strip() if c is not None else "" for c in cells]
    while keys and not keys[-1]:
        keys.pop()
    return tuple(keys) == COLUMNS


def _header(cells: Sequence[object]) -> list[str]:
    """The machine keys of a header row in Dutch, in English or in machine keys."""
    given = [str(c).strip() if c is not None else "" for c in cells]
    while given and not given[-1]:
        given.pop()
    names = [_HEADER_NAMES.get(_plain(name), name) for name in given]
    missing = [c for c in COLUMNS if c not in names]
    extra = [n or "(leeg/empty)" for n in names if n not in COLUMNS]
    twice = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if missing or extra or twice:
        raise FileProblem(
            "import_header",
            missing_nl=", ".join(f"{column_label(c, 'nl')} ({c})" for c in missing) or "—",
            missing_en=", ".join(f"{column_label(c, 'en')} ({c})" for c in missing) or "—",
            extra=", ".join(extra + twice) or "—",
        )
    return names


# --- the report -----------------------------------------------------------------------------


@dataclass
class Outcome:
    """What an upload came to: `ok` with the planned (dry run) or stored figures, or the problems."""

    ok: bool
    dry_run: bool
    problems: list[tuple[int | None, str, str]] = field(default_factory=list)
    result: writes.ImportResult | None = None
    skipped: int = 0

    def lines(self, lang: str) -> list[tuple[int | None, str, str]]:
        """The problems with each column named by its header in `lang`, as the file shows it."""
        return [(line, column_label(c, lang) if c in COLUMNS else c, text) for line, c, text in self.problems]

    def report(self, lang: str) -> pd.DataFrame:
        columns = [t("import_col_line", lang), t("import_col_column", lang), t("import_col_problem", lang)]
        return pd.DataFrame(
            [("" if line is None else str(line), column, problem) for line, column, problem in self.lines(lang)],
            columns=columns,
        )

    def planned(self, lang: str) -> pd.DataFrame:
        figures = self.result.figures if self.result else ()
        return pd.DataFrame(
            [
                (str(f.line), f.subject, f.metric.label(lang), f.value.format(lang), f.reference_date.isoformat())
                for f in figures
            ],
            columns=[
                t("import_col_line", lang),
                t("import_col_subject", lang),
                t("import_col_measure", lang),
                t("import_col_value", lang),
                t("import_col_date", lang),
            ],
        )

    def summary(self, lang: str) -> str:
        if not self.ok or self.result is None:
            return tn("import_failed", len(self.problems), lang)
        n = len(self.result.figures)
        return t(
            "import_checked" if self.dry_run else "import_done",
            lang,
            figures=tn("count_figures" if self.dry_run else "count_new_figures", n, lang),
            subjects=tn("count_subjects", self.result.subjects, lang),
            skipped=format_number(self.skipped, lang),
        )


def run_import(
    engine: Engine,
    actor: writes.Actor,
    data: bytes,
    *,
    dry_run: bool,
    lang: str = "nl",
    source: str = "file",
    clock: Any = None,
) -> Outcome:
    """Read `data` and import it (or only check it): every refusal becomes report lines."""
    try:
        parsed = read_file(data)
    except FileProblem as problem:
        return Outcome(False, dry_run, [(None, "", problem.text(lang))])
    extra = {"clock": clock} if clock is not None else {}
    try:
        result = writes.import_figures(engine, actor, parsed.rows, dry_run=dry_run, source=source, **extra)
    except (writes.ImportInvalid, writes.ImportNotAllowed) as error:
        return Outcome(False, dry_run, [(r.line or None, r.column, r.text(lang)) for r in error.rows])
    except writes.WriteError as error:
        return Outcome(False, dry_run, [(None, "", line) for line in explain(error, lang)])
    return Outcome(True, dry_run, [], result, parsed.skipped)

"""Turning query results into what a person reads: labels instead of codes, localised headers,
numbers and periods in the chosen language, and citations a person recognises.

Plain pandas, no Streamlit, so the pages stay thin and this stays testable.
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from inventory import snapshot
from inventory.clock import LOCAL_ZONE, as_utc
from inventory.enums import (
    Criterion,
    Hours,
    HowObtained,
    LabelledEnum,
    Metric,
    OutcomeCategory,
    OutcomeScope,
    Programme,
    ProgrammeRole,
    Qualifier,
    ReviewStatus,
    ShelterCategory,
    ShelterForm,
    Status,
    TargetGroup,
)
from inventory.i18n import TRANSLATED_COLUMNS, column_label, data_text, t, table_label
from inventory.municipal import MunicipalValue, Part
from inventory.querybase import as_int
from inventory.values import format_number, format_value

ENUM_COLUMNS: dict[str, type[LabelledEnum]] = {
    "shelter_form": ShelterForm,
    "target_group": TargetGroup,
    "programme": Programme,
    "metric": Metric,
    "status": Status,
    "qualifier": Qualifier,
    "category": ShelterCategory,
    "hours": Hours,
    "criterion": Criterion,
    "role": ProgrammeRole,
    "scope": OutcomeScope,
    "review_status": ReviewStatus,
    "how_obtained": HowObtained,
}
LIST_COLUMNS: dict[str, type[LabelledEnum]] = {
    "criteria": Criterion,
    "shelter_forms": ShelterForm,
    "programmes": Programme,
}
# Counts and shares shown as text in the reader's number format (1.435 / 1,435; 9,8 / 9.8).
# Line numbers and years are identifiers, not quantities: they keep their plain digits.
NUMBER_COLUMNS = ("value", "value_low", "value_high", "municipalities_with_records", "parts")
IDENTIFIER_COLUMNS = ("source_line", "source_year", "reference_year", "year", "src_year", "id")
DECIMAL_COLUMNS = ("share_pct", "distance_km", "covered_pct", "age")
# Dates the seed stores from 'YYYY' or 'YYYY-MM' (read as the first day): shown no more precisely.
PARTIAL_DATE_COLUMNS = ("opened_on", "closed_on")
BOOLEAN_COLUMNS = ("legal_guidance", "social_guidance", "day_activities", "living_allowance", "regional_binding")
SEED_ENTERED_BY = "Opvangmonitor (seed dataset)"
UNSTATED_PUBLISHER = "not stated in the text extraction"
_MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _label(enum: type[LabelledEnum], value: object, lang: str) -> object:
    if _missing(value):
        return None
    try:
        return enum(str(value)).label(lang)
    except ValueError:
        return value


def format_decimal(value: object, lang: str = "nl", digits: int = 1) -> str | None:
    if _missing(value):
        return None
    text = f"{float(value):,.{digits}f}"  # type: ignore[arg-type]
    if text.endswith("." + "0" * digits):
        text = text[: -(digits + 1)]
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def format_period(start: object, end: object, lang: str = "nl") -> str:
    """A reference period as a person writes it: '2016', '2011–2013', 'okt 2016 – jan 2017'."""
    if not isinstance(start, dt.date):
        return ""
    if not isinstance(end, dt.date):
        end = start
    whole_years = (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31)
    if whole_years:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    months = _MONTHS["en" if lang == "en" else "nl"]
    first = f"{months[start.month - 1]} {start.year}" if start.day == 1 else f"{start.day} {months[start.month - 1]}"
    if start.day != 1:
        first += f" {start.year}"
    last = f"{months[end.month - 1]} {end.year}"
    if start == end:
        return f"{start.day} {months[start.month - 1]} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return first if start.day == 1 else f"{first} – {end.day} {last}"
    return f"{first} – {last}"


def format_day(day: dt.date, lang: str = "nl") -> str:
    """A day as a person writes it: '1 dec 2026' / '1 Dec 2026'."""
    months = _MONTHS["en" if lang == "en" else "nl"]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def empty_stand_sentence(stand: dt.date, first: dt.date, lang: str = "nl") -> str:
    """'Op 1 jun 2025 bevatte de monitor nog geen gegevens; de eerste invoer is van 8 dec 2026.'"""
    return t("stand_before_first", lang, date=format_day(stand, lang), first=format_day(first, lang))


def empty_stand_notice(session: Session, stand: dt.date | None, lang: str = "nl") -> str | None:
    """For a stand before the database's first entry, the one sentence that says so (pages, API
    and exports show it instead of empty tables); None for any other stand."""
    first = None if stand is None else snapshot.before_first_entry(session, stand)
    return None if first is None or stand is None else empty_stand_sentence(stand, first, lang)


# Streamlit's date pickers take only numeric day, month and year orders. Dutch readers write
# 1-12-2026; English ones here day-first with slashes (01/12/2026), as in Britain and most of
# Europe, so a date reads in the same order in both languages; ISO is a machine format.
DATE_INPUT_FORMATS = {"nl": "DD-MM-YYYY", "en": "DD/MM/YYYY"}


def date_input_format(lang: str = "nl") -> str:
    """The `format` of a date picker for readers of `lang`."""
    return DATE_INPUT_FORMATS["en" if lang == "en" else "nl"]


def format_moment(moment: dt.datetime, lang: str = "nl") -> str:
    """A moment in Dutch time, as a person writes it: '1 dec 2026 15:13'."""
    local = as_utc(moment).astimezone(LOCAL_ZONE)
    return f"{format_day(local.date(), lang)} {local:%H:%M}"


def format_partial_date(value: object, lang: str = "nl") -> str | None:
    """'2015' for 1 January 2015, 'jul 2015' for 1 July: a source's year or month stays a year
    or a month, not a day it never named."""
    if not isinstance(value, dt.date):
        return None
    if (value.month, value.day) == (1, 1):
        return str(value.year)
    if value.day == 1:
        return f"{_MONTHS['en' if lang == 'en' else 'nl'][value.month - 1]} {value.year}"
    return format_period(value, value, lang)


def period_texts(frame: pd.DataFrame, lang: str = "nl") -> list[str]:
    """Each row's reference period as a person writes it, marked '(afgeleid)' when the period note
    says the period is inferred rather than stated by the source."""
    notes = (
        frame["period_note"] if "period_note" in frame.columns else pd.Series([None] * len(frame), index=frame.index)
    )
    marker = f" ({t('inferred', lang)})"
    return [
        format_period(a, b, lang) + (marker if isinstance(n, str) and n.startswith("inferred") else "")
        for a, b, n in zip(frame["period_start"], frame["period_end"], notes, strict=True)
    ]


def short_title(title: object, limit: int = 60) -> str:
    """The first words of a title, cut at a word boundary: only for a table cell that has no
    publisher to name; citations and source notes always give the whole title."""
    if not isinstance(title, str):
        return ""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(",;:-") + "…"


# A cell without a publisher names the title's first words instead, short enough for a column.
CELL_TITLE_LIMIT = 30


def source_name(publisher: object, year: object, title: object, lang: str = "nl", short: bool = False) -> str:
    """'S. Koppes, in opdracht van Amnesty International en Stichting LOS (2017), Valse of hoop of
    bittere noodzaak. Opvang van mensen zonder verblijfsrecht': publisher, year and the whole title.
    `short` gives only the first part of the publisher and the year, for a table cell.

    Without a publisher the title takes its place ('Verkennende literatuurstudie … (z.j.)', as a
    reference list orders an anonymous work), so a name never starts with its year in brackets
    and a text that puts the name in brackets never reads '((z.j.))'."""
    who = publisher if isinstance(publisher, str) and publisher and publisher != UNSTATED_PUBLISHER else None
    named = isinstance(title, str) and bool(title)
    when = str(as_int(year)) if not _missing(year) else ("z.j." if lang == "nl" else "n.d.")
    if who is None:
        head = (short_title(title, CELL_TITLE_LIMIT) if short else str(title)) if named else t("unnamed_source", lang)
        return f"{head} ({when})"
    if short:
        return f"{who.split(', ')[0].split(' (')[0]} ({when})"
    return f"{who} ({when}), {title}" if named else f"{who} ({when})"


def citation(row: Any, lang: str = "nl", with_file: bool = True) -> str:
    """A source as a person recognises it, then the line; the seed file name last, for reviewers.

    `row` is a mapping or a namedtuple with source_publisher, source_year, source_title,
    source_file and source_line."""
    get = row.get if isinstance(row, dict | pd.Series) else lambda k, d=None: getattr(row, k, d)
    name = source_name(get("source_publisher"), get("source_year"), get("source_title"), lang)
    line = get("source_line")
    text = name if _missing(line) else f"{name}, {t('line', lang)} {as_int(line)}"
    file = get("source_file")
    return f"{text} [{file}]" if with_file and isinstance(file, str) else text


def source_notes(frame: pd.DataFrame, lang: str = "nl") -> list[str]:
    """Each source the rows cite, once, in full (publisher, year, whole title), in order of first
    use. No seed file names: those belong to a figure's full provenance on its permalink page."""
    columns = [c for c in ("source_publisher", "source_year", "source_title") if c in frame.columns]
    if frame.empty or "source_title" not in columns:
        return []
    cited = frame[columns].dropna(subset=["source_title"])
    names = (
        source_name(r.get("source_publisher"), r.get("source_year"), r["source_title"], lang)
        for r in cited.to_dict("records")
    )
    return list(dict.fromkeys(names))


SPAN_GAP = 10


def span_citation(frame: pd.DataFrame, lang: str = "nl") -> str:
    """The sources of a printed table, each with the lines the table spans: 'Amnesty International;
    Stichting LOS (2017), Verkennend onderzoek …, regels 906–938, 1070–1136'. No seed file names: those are
    for reviewers, in the source notes."""
    out = []
    for _, rows in frame.groupby(frame["source_file"].fillna(""), sort=False):
        first = rows.iloc[0]
        name = source_name(first["source_publisher"], first["source_year"], first["source_title"], lang)
        lines = sorted({as_int(v) for v in rows["source_line"] if not _missing(v)})
        if not lines:
            out.append(name)
        elif len(lines) == 1:
            out.append(f"{name}, {t('line', lang)} {lines[0]}")
        else:
            # One span per printed table: a gap of more than a few lines is text between tables.
            runs = [[lines[0], lines[0]]]
            for line in lines[1:]:
                if line - runs[-1][1] > SPAN_GAP:
                    runs.append([line, line])
                runs[-1][1] = line
            spans = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
            out.append(f"{name}, {t('lines', lang)} {spans}")
    return "; ".join(out)


def compact_citations(frame: pd.DataFrame, lang: str = "nl") -> str:
    """Sources of several rows, each named once with its lines: 'LOS (z.j.), regels 32, 49'."""
    lines: dict[str, set[int]] = {}
    for row in frame.to_dict("records"):
        name = source_name(
            row.get("source_publisher"), row.get("source_year"), row.get("source_title"), lang, short=True
        )
        line = as_int(row.get("source_line")) if not _missing(row.get("source_line")) else None
        lines.setdefault(name, set()).update({line} if line is not None else set())
    word = t("lines", lang)
    return "; ".join(
        f"{name}, {word} {', '.join(map(str, sorted(nums)))}" if nums else name for name, nums in lines.items()
    )


def entered_by_label(value: object, lang: str = "nl") -> object:
    return t("seed_dataset", lang) if value == SEED_ENTERED_BY else value


def display_values(frame: pd.DataFrame, lang: str) -> list[str]:
    """`display_value` in the reader's number format, from the qualified value columns."""
    out = []
    for qualifier, value, low, high, shown in zip(
        frame["qualifier"], frame["value"], frame["value_low"], frame["value_high"], frame["display_value"], strict=True
    ):
        if _missing(qualifier) or (_missing(value) and _missing(low)):
            out.append(shown if isinstance(shown, str) else "")
        else:
            out.append(format_value(str(qualifier), as_int(value), as_int(low), as_int(high), lang))
    return out


def localise(
    frame: pd.DataFrame, lang: str = "nl", columns: Sequence[str] | None = None, numbers_as_text: bool = True
) -> pd.DataFrame:
    """Codes to labels, numbers and texts to the chosen language, headers translated;
    `columns` picks and orders them. Missing values stay empty, never 'None'.

    With `numbers_as_text` (for the screen) counts and shares are written in the reader's number
    format; without it (exports) they stay numbers a program can read."""
    out = frame.copy()
    if {"display_value", "qualifier", "value", "value_low", "value_high"} <= set(out.columns):
        out["display_value"] = display_values(out, lang)
    is_outcome = "scope" in out.columns and "category" in out.columns
    for column, enum in ENUM_COLUMNS.items():
        if column in out.columns:
            use = OutcomeCategory if column == "category" and is_outcome else enum
            out[column] = out[column].map(lambda v, e=use: _label(e, v, lang))
    for column, enum in LIST_COLUMNS.items():
        if column in out.columns:
            out[column] = out[column].map(
                lambda v, e=enum: ", ".join(str(_label(e, x, lang)) for x in v.split(";")) if isinstance(v, str) else v
            )
    for column in TRANSLATED_COLUMNS:
        if column in out.columns:
            out[column] = out[column].map(lambda v: data_text(v, lang))
    if "table" in out.columns:
        out["table"] = out["table"].map(lambda v: table_label(v, lang))
    if "entered_by" in out.columns:
        out["entered_by"] = out["entered_by"].map(lambda v: entered_by_label(v, lang))
    for column in NUMBER_COLUMNS if numbers_as_text else ():
        if column in out.columns:
            out[column] = out[column].map(lambda v: None if _missing(v) else format_number(as_int(v), lang))
    for column in DECIMAL_COLUMNS if numbers_as_text else ():
        if column in out.columns:
            out[column] = out[column].map(lambda v: format_decimal(v, lang))
    for column in PARTIAL_DATE_COLUMNS if numbers_as_text else ():
        if column in out.columns:
            out[column] = out[column].map(lambda v: format_partial_date(v, lang))
    yes_no = {True: t("yes", lang), False: t("no", lang)}
    if numbers_as_text and "conflict_group" in out.columns:
        # The group's slug is a key for exports; a reader needs to know there is a disagreement.
        out["conflict_group"] = out["conflict_group"].map(
            lambda v: t("yes", lang) if isinstance(v, str) and v else None
        )
    for column in BOOLEAN_COLUMNS:
        if column in out.columns:
            out[column] = out[column].map(lambda v: None if _missing(v) else yes_no.get(bool(v)))
    if "source_title" in out.columns:
        # A cell names publisher and year; the full title is in the page's source notes and exports.
        out["source_title"] = [
            source_name(p, y, ti, lang, short=numbers_as_text) if numbers_as_text else ti
            for p, y, ti in zip(
                out.get("source_publisher", pd.Series([None] * len(out), index=out.index)),
                out.get("source_year", pd.Series([None] * len(out), index=out.index)),
                out["source_title"],
                strict=True,
            )
        ]
    if columns is not None:
        out = out[list(columns)]
    if numbers_as_text:
        for column in out.columns:
            out[column] = _dates_as_written(out[column], lang)
        # A missing cell reads empty: st.dataframe would print None.
        out = out.astype(object).where(out.notna(), "")
        for column in out.columns:
            out[column] = _numbers_beside_text(out[column], str(column) in IDENTIFIER_COLUMNS, lang)
    return out.rename(columns={c: column_label(c, lang) for c in out.columns})


def _dates_as_written(series: pd.Series, lang: str) -> pd.Series:
    """Days and moments as a person writes them ('1 jan 2017', '1 dec 2026 15:13'), not ISO; other
    values as they are. Only for the screen: exports keep ISO dates for programs."""

    def written(value: object) -> object:
        if _missing(value) or value is pd.NaT:
            return value
        if isinstance(value, dt.datetime):
            return format_moment(value, lang)
        if isinstance(value, dt.date):
            return format_day(value, lang)
        return value

    if pd.api.types.is_datetime64_any_dtype(series) or series.map(lambda v: isinstance(v, dt.date)).any():
        return series.astype(object).map(written)
    return series


def _numbers_beside_text(series: pd.Series, identifier: bool, lang: str) -> pd.Series:
    """A column of numbers with empty cells ('' beside 32) as text: Arrow takes one type per
    column, and Streamlit would otherwise log the failure and rewrite the column itself ('2017.0').
    Lines and years keep their plain digits; counts and shares take the reader's number format."""
    cells = series.tolist()
    if not any(isinstance(v, str) for v in cells):
        return series

    def text(value: object) -> object:
        if isinstance(value, str | bool) or not isinstance(value, numbers.Real):
            return value
        if float(value).is_integer():
            return str(int(value)) if identifier else format_number(int(value), lang)
        return format_decimal(value, lang)

    return pd.Series([text(v) for v in cells], index=series.index, dtype=object)


def localise_rows(frame: pd.DataFrame, lang: str = "nl") -> list[dict[str, Any]]:
    """Rows as dicts under their code names, with values as `localise` shows them (for metrics and
    sentences); periods and source fields stay raw, for `format_period` and `citation`."""
    shown = localise(frame, lang)
    shown.columns = list(frame.columns)
    for column in ("period_start", "period_end", "source_title", "source_publisher", "source_year", "source_line"):
        if column in frame.columns:
            shown[column] = frame[column].to_numpy()
    return shown.to_dict("records")


def value_or_no_data(display: object, lang: str = "nl") -> str:
    """A missing figure reads 'no data reported', never 0."""
    if _missing(display) or display == "":
        return t("no_data", lang)
    return str(display)


# The characters that open markup inside a line (links, emphasis, code, HTML, tables, maths).
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|~$"})


def md_escape(text: object) -> str:
    """Text someone typed (an offer's name, a note), safe inside Streamlit markdown: shown as typed,
    never as a link, image, heading or HTML."""
    return str(text).translate(_MARKDOWN)


def as_of(start: object, end: object, lang: str = "nl", short: bool = False) -> str:
    """The moment a headline number is of: 'per 1 dec 2026' for a day, 'peilperiode okt 2016 –
    jan 2017' for a period ('okt 2016 – jan 2017' when `short`, inside a value's brackets); empty
    without a date."""
    if not isinstance(start, dt.date):
        return ""
    if not isinstance(end, dt.date) or start == end:
        return t("as_of_day", lang, date=format_day(start, lang))
    period = format_period(start, end, lang)
    return period if short else t("as_of_period", lang, period=period)


def outdated_note(count: object, start: object, end: object, lang: str = "nl") -> str:
    """'1 voorziening niet meegeteld, verouderd: laatste cijfer 2016': the offers a sum leaves out
    (`count`) and the period of the newest of their figures; empty when none was left out."""
    n = 0 if _missing(count) else int(count)  # type: ignore[call-overload]
    if n == 0:
        return ""
    left_out = t("outdated_left_out_one", lang) if n == 1 else t("outdated_left_out", lang, n=n)
    return f"{left_out}, {t('outdated_latest', lang, period=format_period(start, end, lang))}"


def describe_parts(value: MunicipalValue, figures: pd.DataFrame, lang: str = "nl") -> list[str]:
    """One line per figure a municipality's value is made of: value, offer, period and source.

    `figures` is as from queries.figures and holds the parts' keys."""
    return _describe(value.parts, figures, lang, outdated=False)


def describe_outdated(value: MunicipalValue, figures: pd.DataFrame, lang: str = "nl") -> list[str]:
    """One line per offer the value leaves out as outdated, marked so: '120: …, verouderd: laatste
    cijfer 2016 (source)'."""
    return _describe(value.outdated, figures, lang, outdated=True)


@dataclass(frozen=True)
class Headline:
    """A municipality page's headline number: label, value and help, the notes under it (the moment
    it is of, the offers it leaves out as outdated) and the sentences that explain a sum."""

    label: str
    value: str
    help: str
    notes: list[str]
    explanations: list[str]


def headline(value: MunicipalValue, label: str, figures: pd.DataFrame, lang: str = "nl") -> Headline:
    """The headline of `value` (a measure called `label`); `figures` as from queries.figures."""
    parts, outdated = describe_parts(value, figures, lang), describe_outdated(value, figures, lang)
    total = value.total.format(lang)
    notes = [as_of(value.period_start, value.period_end, lang)]
    explanations = []
    if value.is_sum:
        text = t("sum_parts_caption", lang, label=label, total=total, n=len(parts)).format(parts="; ".join(parts))
        explanations.append(text + (" " + t("sum_mixed_periods", lang) if value.mixed_periods else ""))
    old = value.latest_outdated
    if old is not None:
        notes.append(outdated_note(len(value.outdated), old.period_start, old.period_end, lang))
        start, end = (format_day(d, lang) for d in (value.window_start, value.period_end))
        text = t("sum_window_caption", lang, label=label, total=total, start=start, end=end)
        explanations.append(text.format(parts="; ".join(outdated)))
    suffix = f" ({t('sum_of_parts', lang, n=len(parts))})" if value.is_sum else ""
    return Headline(label + suffix, total, "\n\n".join(parts + outdated), notes, explanations)


def _describe(parts: Sequence[Part], figures: pd.DataFrame, lang: str, outdated: bool) -> list[str]:
    rows = figures.set_index("key")
    out = []
    for part in parts:
        row = rows.loc[part.key]
        offer = md_escape(row["facility"]) if isinstance(row["facility"], str) else t("municipality_level", lang)
        period = format_period(part.period_start, part.period_end, lang)
        if outdated:
            period = t("outdated_latest", lang, period=period)
        # A figure entered by an editor has no source document: it names who reported it.
        source = (
            citation(row, lang, with_file=False)
            if isinstance(row["source_title"], str)
            else t("self_reported_by", lang, by=entered_by_label(row["entered_by"], lang))
        )
        out.append(f"{part.value.format(lang)}: {offer}, {period} ({source})")
    return out


def outcome_groups(outcomes: pd.DataFrame, lang: str = "nl") -> list[tuple[str, pd.DataFrame]]:
    """Outcomes as one readable table per population (with its programme), titles in `lang`.

    The share stays a number (for an in-cell bar under the share's header); the rest as shown."""
    out = []
    for (population, programme), frame in outcomes.groupby(
        [outcomes["population"].fillna(""), outcomes["programme"].fillna("")], sort=False
    ):
        title = " · ".join(
            str(x) for x in (data_text(population, lang), _label(Programme, programme or None, lang)) if x
        )
        shown = frame.assign(
            period=[format_period(a, b, lang) for a, b in zip(frame["period_start"], frame["period_end"], strict=True)]
        )
        # The source's own wording comes last: when long, it is the one cut, not the source.
        columns = ["period", "category", "display_value", "share_base", "source_title", "source_line", "detail"]
        table = localise(shown, lang, columns)
        table.insert(3, column_label("share_pct", lang), frame["share_pct"].astype(float).to_numpy())
        out.append((title or t("outcomes", lang), table))
    return out

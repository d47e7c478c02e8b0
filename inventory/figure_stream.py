"""Figures for the data API straight from the cursor: a JSON page and the CSV of every row.

Figures are the one table that grows into the hundreds of thousands, so neither form goes
through pandas: rows come from a Core result in id order (an index range, see
`figure_queries.by_id_statement`), and the only work per row is picking columns; what SQL cannot
give (criteria per offer, the display value per qualified value, the entry time's text) is
looked up once per distinct value. Both forms read exactly as `json_rows` and `for_text` would
write the same rows from a DataFrame (tests compare them).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from inventory import figure_queries
from inventory.columns import DATE, INTEGER, column_type, iso_moment
from inventory.figure_queries import FIGURE_COLUMNS, by_id_statement, criteria_by_facility
from inventory.filters import Filters
from inventory.models import Figure
from inventory.spreadsheet import neutralise
from inventory.values import format_value

CSV_CHUNK = 5000
_COMPUTED = ("criteria", "display_value", "entered_at")


def _display_text(qualifier: str | None, value: int | None, low: int | None, high: int | None, lang: str | None) -> str:
    """What `opendata.localise_displays` shows for one qualified value (the queries' display text,
    in the default language, when the value itself is missing or `lang` is None)."""
    if qualifier is None:
        return ""
    if (value is None and low is None) or lang is None:
        return format_value(qualifier, value, low, high)
    return format_value(qualifier, value, low, high, lang)


class _Row:
    """Turns result rows into the published columns, remembering what repeats (display texts,
    entry moments). `typed`: JSON values (dates ISO, integers as int); else the CSV's text
    columns come neutralised and dated from SQL already."""

    def __init__(self, keys: Sequence[str], criteria: dict[int, str], lang: str | None, *, typed: bool) -> None:
        at = {name: i for i, name in enumerate(keys)}
        # Placeholders (the facility id) where a computed value goes, replaced below by position.
        self.pick = itemgetter(*[at["_facility_id"] if c in _COMPUTED else at[c] for c in FIGURE_COLUMNS])
        self.criteria_at, self.display_at, self.entered_at = (FIGURE_COLUMNS.index(c) for c in _COMPUTED)
        self.facility = at["_facility_id"]
        self.value_of = itemgetter(at["qualifier"], at["value"], at["value_low"], at["value_high"])
        self.stamp = at["entered_at"]
        self.id_at = at["_id"]
        self.criteria, self.lang = criteria, lang
        self.displays: dict[tuple[Any, ...], str] = {}
        # Rows in id order come in batches entered at one moment: the last text is reused, and
        # memory stays constant however many distinct moments a million rows have.
        self.last_stamp: tuple[Any, str | None] = (None, None)
        casts: dict[str, Callable[[Any], Any]] = {INTEGER: int, DATE: lambda v: v.isoformat()}
        self.casts = (
            [
                (i, casts[column_type(c)])
                for i, c in enumerate(FIGURE_COLUMNS)
                if column_type(c) in casts and c not in _COMPUTED
            ]
            if typed
            else []
        )

    def values(self, row: Sequence[Any]) -> list[Any]:
        values = list(self.pick(row))
        owner = row[self.facility]
        values[self.criteria_at] = None if owner is None else self.criteria.get(owner, "")
        key = self.value_of(row)
        shown = self.displays.get(key)
        if shown is None:
            shown = self.displays[key] = _display_text(*key, self.lang)
        values[self.display_at] = shown
        when = row[self.stamp]
        if when != self.last_stamp[0]:
            self.last_stamp = (when, iso_moment(when))
        values[self.entered_at] = self.last_stamp[1]
        for i, cast in self.casts:
            if values[i] is not None:
                values[i] = cast(values[i])
        return values


def json_page(
    session: Session, filters: Filters, lang: str, size: int, after: int | None = None
) -> tuple[list[dict[str, Any]], int | None]:
    """`size` figures after id `after` as JSON objects, and the id to continue after (None on the
    last page): `LIMIT size + 1` on the primary key tells whether more follow."""
    stmt = by_id_statement(filters)
    if after is not None:
        stmt = stmt.where(Figure.id > after)
    result = session.connection().execute(stmt.limit(size + 1))
    keys = list(result.keys())
    rows = result.all()
    more = len(rows) > size
    rows = rows[:size]
    at = keys.index("_facility_id")
    criteria = criteria_by_facility(session, {r[at] for r in rows if r[at] is not None})
    shape = _Row(keys, criteria, lang, typed=True)
    out = [dict(zip(FIGURE_COLUMNS, shape.values(row), strict=True)) for row in rows]
    return out, (int(rows[-1][shape.id_at]) if more else None)


def csv_rows(
    session: Session, filters: Filters, lang: str, trailer: Sequence[str], size: int = CSV_CHUNK
) -> Iterator[bytes]:
    """Every figure as CSV from a streamed cursor (a server-side one on PostgreSQL), `size` rows at
    a time, so memory stays that of one chunk. UTF-8 with BOM, the filters and licence on every
    row. Written exactly as the JSON rows read: integers as integers, dates ISO 8601, times with
    'T'; text that could run as a spreadsheet formula starts with an apostrophe (done in SQL)."""
    lines = _Lines(session, filters, lang, neutralised=True, size=size)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer, lineterminator="\n").writerow([*FIGURE_COLUMNS, "filters", "licence"])
    yield buffer.getvalue().encode("utf-8")
    ending = _TrailerEnding(trailer)
    for rows in lines:
        yield ending.rows(rows).encode("utf-8")


def package_rows(session: Session, filters: Filters, size: int = CSV_CHUNK) -> Iterator[bytes]:
    """Every figure as the data package's `data/figures.csv` holds it: plain UTF-8, the declared
    columns only, display values in the default language (what `datapackage.table_csv` writes
    from a DataFrame, a chunk at a time). A spreadsheet opens this file too, so text that could
    run as a formula is neutralised (in SQL) as in every other CSV."""
    yield plain_lines([list(FIGURE_COLUMNS)]).encode("utf-8")
    for rows in _Lines(session, filters, None, neutralised=True, size=size):
        yield plain_lines(rows).encode("utf-8")


class _Lines:
    """The published columns of every figure under `filters`, `size` rows at a time, from a
    streamed Core cursor (rows as plain tuples, without the ORM's per-row bookkeeping)."""

    def __init__(self, session: Session, filters: Filters, lang: str | None, *, neutralised: bool, size: int) -> None:
        connection = session.connection().execution_options(yield_per=size)
        self.result = connection.execute(figure_queries.lean_by_id_statement(filters, neutralised=neutralised))
        keys = list(self.result.keys())
        clean: Callable[[Any], Any] = neutralise if neutralised else (lambda v: v)
        self.municipalities, self.facilities, self.sources = (
            {key: tuple(clean(v) for v in values) for key, values in lookup.items()}
            for lookup in figure_queries.name_lookups(session)
        )
        self.no_facility = (None,) * len(figure_queries.FACILITY_NAMES)
        self.no_source = (None,) * len(figure_queries.SOURCE_NAMES)
        self.at = tuple(keys.index(k) for k in ("municipality_code", "_facility_id", "_source_id"))
        combined = [
            *keys,
            *figure_queries.MUNICIPALITY_NAMES,
            *figure_queries.FACILITY_NAMES,
            *figure_queries.SOURCE_NAMES,
        ]
        self.shape = _Row(combined, criteria_by_facility(session), lang, typed=False)

    def __iter__(self) -> Iterator[list[list[Any]]]:
        at_code, at_facility, at_source = self.at
        municipalities, facilities, sources = self.municipalities, self.facilities, self.sources
        no_facility, no_source, values = self.no_facility, self.no_source, self.shape.values
        for part in self.result.partitions():
            yield [
                values(
                    (
                        *row,
                        *municipalities[row[at_code]],
                        *facilities.get(row[at_facility], no_facility),
                        *sources.get(row[at_source], no_source),
                    )
                )
                for row in part
            ]


class _TrailerEnding:
    """CSV lines that all end in the same filters and licence cells. Those are quoted once and
    put where a sentinel line end was written: csv.writer would otherwise scan the same 200
    characters again on every row, a fifth of the CSV's time. A row whose own text holds the
    sentinel (csv then quotes it, and the count of sentinels is off) or a line break is written
    the plain way."""

    SENTINEL = "\x1e"  # ASCII record separator: no text a person types holds it

    def __init__(self, trailer: Sequence[str]) -> None:
        self.tail = list(trailer)
        ending = io.StringIO()
        csv.writer(ending, lineterminator="\n").writerow(["", *trailer])
        self.ending = ending.getvalue()

    def rows(self, rows: list[list[Any]]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=self.SENTINEL).writerows(rows)
        text = buffer.getvalue()
        # csv quotes a field for the characters of *its* line end: with the sentinel as line end,
        # a field with a line break would go out unquoted, so such a chunk takes the plain way.
        if text.count(self.SENTINEL) == len(rows) and "\n" not in text and "\r" not in text:
            return text.replace(self.SENTINEL, self.ending)
        return plain_lines([row + self.tail for row in rows])


def plain_lines(rows: list[list[Any]]) -> str:
    """CSV lines ending in '\n'. csv quotes a field for the characters of its own line end only,
    so a chunk where a carriage return stands alone is written with every field quoted, or a
    reader would take that '\r' for a line end."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    text = buffer.getvalue()
    if "\r" not in text:
        return text
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    return buffer.getvalue()

"""The published tables as open data: filtered like the pages, typed from the declared schema,
paged by key, streamed as CSV. The HTTP routes (api/) and the command line are thin over this.

Rows keep machine column names and codes; `lang` localises only the text meant for a reader:
the filter description, the licence and the display values ("1.435" / "1,435").
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inventory import figure_stream, queries, snapshot
from inventory.applicability import BROWSABLE_TABLES, applied_filters, not_applied
from inventory.columns import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    NUMBER,
    PRIMARY_KEYS,
    TABLES,
    column_type,
    conform,
    for_text,
    table_columns,
)
from inventory.enums import Criterion, Metric, Programme, ShelterForm, TargetGroupFilter
from inventory.exports import LICENCE, Export
from inventory.filters import PARAMS, Filters, unknown_values
from inventory.models import Aggregate, Facility, Figure, Municipality, Organisation, Outcome, ProgrammeMembership
from inventory.models import Source as SourceModel
from inventory.presentation import display_values, empty_stand_notice
from inventory.spreadsheet import neutralise_frame
from inventory.tables import load
from inventory.values import format_value

API_TABLES = TABLES
LANGS = ("nl", "en")
LANG_PARAM = "taal"
SIZE_PARAM, NEXT_PARAM = "_size", "_next"
DEFAULT_SIZE, MAX_SIZE = 1000, 10_000
CSV_CHUNK = figure_stream.CSV_CHUNK
API_PREFIX = "/api/v1"
ENUM_PARAMS: dict[str, list[str]] = {
    PARAMS["shelter_form"]: ShelterForm.values(),
    PARAMS["criterion"]: Criterion.values(),
    PARAMS["target_group"]: TargetGroupFilter.values(),
    PARAMS["programme"]: Programme.values(),
    PARAMS["metric"]: Metric.values(),
}


class ParameterError(ValueError):
    """A request parameter the API cannot honour: which one, why, and what it accepts."""

    def __init__(self, parameter: str, message: str, allowed: Sequence[Any] | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message
        self.allowed = list(allowed) if allowed is not None else None

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.message, "parameter": self.parameter}
        if self.allowed is not None:
            body["allowed"] = self.allowed
        return body


@dataclass(frozen=True)
class Known:
    """The codes and years that exist, for checking a request's filters."""

    municipalities: frozenset[str]
    provinces: frozenset[str]
    years: tuple[int, ...]

    @classmethod
    def load(cls, session: Session) -> Known:
        return _memo(session, "known", lambda: cls._read(session))

    @classmethod
    def _read(cls, session: Session) -> Known:
        return cls(
            frozenset(queries.municipalities(session)["code"]),
            frozenset(queries.provinces(session)["code"]),
            tuple(sorted(queries.reference_years(session))),
        )

    def allowed(self, param: str) -> list[Any]:
        if param == PARAMS["municipality"]:
            return sorted(self.municipalities)
        if param == PARAMS["province"]:
            return sorted(self.provinces)
        if param == PARAMS["year"]:
            return list(self.years)
        if param == PARAMS["stand"]:
            return [snapshot.allowed_text()]
        return ENUM_PARAMS[param]


@dataclass(frozen=True)
class Request:
    """What a request asks for, checked."""

    filters: Filters = field(default_factory=Filters)
    lang: str = "nl"
    size: int = DEFAULT_SIZE
    after: str | None = None


def filter_params() -> list[str]:
    return [PARAMS[f.name] for f in fields(Filters)]


def parse_request(params: Mapping[str, Sequence[str]], known: Known, *, paged: bool) -> Request:
    """Check every parameter strictly (a typo must not silently widen the rows): unknown names,
    repeated names, values that do not exist. `paged`: the JSON form, which pages."""
    accepted = [*filter_params(), LANG_PARAM, *([SIZE_PARAM, NEXT_PARAM] if paged else [])]
    for name, values in params.items():
        if name not in accepted:
            hint = " (CSV holds every row: no paging)" if name in (SIZE_PARAM, NEXT_PARAM) else ""
            raise ParameterError(name, f"unknown parameter '{name}'{hint}", accepted)
        if len(values) != 1:
            raise ParameterError(name, f"parameter '{name}' given {len(values)} times; give it once")
    single = {name: values[0] for name, values in params.items()}
    lang = single.get(LANG_PARAM, "nl")
    if lang not in LANGS:
        raise ParameterError(LANG_PARAM, f"unknown language '{lang}'", LANGS)
    for kind, param, raw in unknown_values(
        {k: v for k, v in single.items() if k in filter_params()},
        known.municipalities,
        known.provinces,
        known.years,
    ):
        raise ParameterError(param, f"unknown {kind} '{raw}' for '{param}'", known.allowed(param))
    size = DEFAULT_SIZE
    if SIZE_PARAM in single:
        raw = single[SIZE_PARAM]
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_SIZE:
            raise ParameterError(SIZE_PARAM, f"'{SIZE_PARAM}' must be a whole number from 1 to {MAX_SIZE}")
        size = int(raw)
    return Request(Filters.from_params(single), lang, size, single.get(NEXT_PARAM))


# --- the tables ---------------------------------------------------------------------------------


@dataclass
class Page:
    rows: pd.DataFrame
    next_token: str | None


def _encode(position: Sequence[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, dt.date) else v for v in position], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def _decode(token: str) -> list[Any]:
    bad = ParameterError(NEXT_PARAM, f"'{NEXT_PARAM}' is not a continuation token of this table; use the 'next' URL")
    try:
        padded = token + "=" * (-len(token) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error):
        raise bad from None
    if not isinstance(value, list) or not value:
        raise bad
    return value


def _figure_after(token: str) -> int:
    values = _decode(token)
    if len(values) != 1 or type(values[0]) is not int:
        raise ParameterError(NEXT_PARAM, f"'{NEXT_PARAM}' is not a continuation token of figures")
    return int(values[0])


def page(session: Session, table: str, request: Request) -> Page:
    """One page of `table` (not figures: see `json_page`): `request.size` rows after the `_next`
    token. These tables are small (one row per municipality at most): they page after the key of
    the last row, so a page boundary stays on the same row when rows are added before it."""
    if table == "figures":
        raise ValueError("figures page by id in SQL: use json_page")
    frame = load(session, table, request.filters)
    start = 0
    if request.after:
        values = _decode(request.after)
        key = PRIMARY_KEYS[table]
        hits = (frame[key] == values[0]).to_numpy().nonzero()[0] if len(values) == 1 else []
        if len(hits) != 1:
            raise ParameterError(
                NEXT_PARAM, f"'{NEXT_PARAM}' continues after a row that is not in this table (now); start again"
            )
        start = int(hits[0]) + 1
    rows = frame.iloc[start : start + request.size].reset_index(drop=True)
    more = start + request.size < len(frame)
    return Page(rows, _encode([rows[PRIMARY_KEYS[table]].iloc[-1]]) if more and not rows.empty else None)


@dataclass
class JsonPage:
    rows: list[dict[str, Any]]
    next_token: str | None


def json_page(session: Session, table: str, request: Request) -> JsonPage:
    """One page of `table` as JSON objects in the reader's language, and the next page's token.
    Figures come straight from the cursor by id (no DataFrame: the first page is the API's most
    asked-for answer), the other tables through `page`."""
    if table == "figures":
        filters = applied_filters(table, request.filters)
        after = _figure_after(request.after) if request.after else None
        rows, last = figure_stream.json_page(session, filters, request.lang, request.size, after)
        return JsonPage(rows, _encode([last]) if last is not None else None)
    framed = page(session, table, request)
    return JsonPage(json_rows(localise_displays(framed.rows, request.lang)), framed.next_token)


def chunks(session: Session, table: str, filters: Filters, size: int = CSV_CHUNK) -> Iterator[pd.DataFrame]:
    """Every row of `table` (not figures: see `figure_csv`), `size` at a time."""
    frame = load(session, table, filters)
    for start in range(0, max(len(frame), 1), size):
        yield frame.iloc[start : start + size]


# --- what a reader sees in rows of codes ----------------------------------------------------------


def localise_displays(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Display values in the reader's number format; the counts themselves stay numbers."""
    out = frame.copy()
    if {"display_value", "qualifier", "value", "value_low", "value_high"} <= set(out.columns) and not out.empty:
        out["display_value"] = display_values(out, lang)
    for metric in queries.OVERVIEW_METRICS:
        column = f"{metric}_display"
        if column in out.columns and not out.empty:
            out[column] = [
                format_value(q, lo, lo, hi, lang) if isinstance(q, str) else None
                for q, lo, hi in zip(
                    out[f"{metric}_qualifier"], _ints(out[f"{metric}_low"]), _ints(out[f"{metric}_high"]), strict=True
                )
            ]
    return out


def _ints(series: pd.Series) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in series]


def json_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON values by declared type: integers stay integers, missing is null."""
    converted: dict[str, list[Any]] = {}
    for column in frame.columns:
        kind = column_type(str(column))
        cast: Callable[[Any], Any] = {
            INTEGER: int,
            NUMBER: float,
            BOOLEAN: bool,
            DATE: lambda v: v.isoformat(),
            DATETIME: lambda v: v.isoformat(),
        }.get(kind, str)
        series = frame[column]
        # Missing values found by pandas a column at a time; the cast runs on present values only.
        values = series.astype(object).where(series.notna(), None).tolist()
        converted[str(column)] = [None if v is None else cast(v) for v in values]
    names = list(converted)
    return [dict(zip(names, values, strict=True)) for values in zip(*converted.values(), strict=True)]


def describe(table: str, filters: Filters, lang: str, session: Session | None = None) -> dict[str, Any]:
    """The filters, what they could not apply, and the licence, as every response states them;
    with a session, `notice` says when the stand comes before the first entry (null otherwise),
    and the filter text, which a CSV repeats on every row, says it too."""
    export = Export(table, pd.DataFrame(), filters, lang=lang)
    given = {PARAMS[f.name]: getattr(filters, f.name) for f in fields(filters) if getattr(filters, f.name) is not None}
    if filters.stand is not None:
        given[PARAMS["stand"]] = filters.stand.isoformat()
    notice = None if session is None else empty_stand_notice(session, filters.stand, lang)
    return {
        "filters": given,
        "filter_text": export.filter_text() + (f" · {notice}" if notice else ""),
        "notice": notice,
        "not_applied": [PARAMS[name] for name in not_applied(table, filters)],
        "licence": {**LICENCE, "text": export.licence_text},
    }


def cited_sources(
    session: Session, table: str, rows: Sequence[Mapping[str, Any]], stand: dt.date | None = None
) -> list[dict[str, Any]]:
    """The sources the rows cite (none for no rows; all of them, as held at `stand`, for a table
    without source columns)."""
    sources = conform(queries.sources(session, stand=stand))
    columns = set(table_columns(table))
    if "source_key" in columns:
        sources = sources[sources["key"].isin({r["source_key"] for r in rows} - {None})]
    elif "source_file" in columns:
        sources = sources[sources["seed_file"].isin({r["source_file"] for r in rows} - {None})]
    return json_rows(sources.reset_index(drop=True))


def filename(table: str, filters: Filters, extension: str) -> str:
    return Export(table, pd.DataFrame(), filters).filename(extension)


def csv_stream(session: Session, table: str, filters: Filters, lang: str) -> Iterator[bytes]:
    """The whole table as CSV in chunks: UTF-8 with BOM (Excel reads "ë" right), machine headers,
    and on every row the filters and the licence, so a saved file says what it is. Text that
    could run as a spreadsheet formula starts with an apostrophe."""
    about = describe(table, filters, lang, session)
    trailer = (about["filter_text"], about["licence"]["text"])
    if table == "figures":
        yield from figure_stream.csv_rows(session, applied_filters(table, filters), lang, trailer)
        return
    first = True
    for chunk in chunks(session, table, filters):
        frame = neutralise_frame(localise_displays(chunk, lang))
        frame = for_text(frame.assign(filters=trailer[0], licence=trailer[1]))
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, header=first)
        text = buffer.getvalue()
        yield ("\ufeff" + text).encode("utf-8") if first else text.encode("utf-8")
        first = False


# --- the data version, for caching ---------------------------------------------------------------


@dataclass(frozen=True)
class DataStamp:
    """Changes whenever the published data changes: the ETag's base and Last-Modified."""

    version: str
    modified: dt.datetime | None


_COUNTED = (Figure, Aggregate, Outcome, Facility, ProgrammeMembership, SourceModel, Organisation)
_DATED = (Figure, Aggregate, Outcome)


def data_stamp(session: Session) -> DataStamp:
    """Row counts and highest ids of every published table (history is append-only, so any
    insert moves them), the newest entry time, and the editors' data version where the schema
    has it. Counting and the newest time scan the tables (a second on the synthetic figures), so
    it is read again only when the fingerprint moves."""
    return _memo(session, "stamp", lambda: _read_stamp(session))


def _fingerprint(session: Session) -> tuple[Any, ...]:
    """What moves whenever published data changes, from index lookups only: the highest id of
    every table (rows are appended, never deleted) and the editors' data version (every write,
    also a review or an offer's change, bumps it)."""
    parts = [select(func.max(model.id)).scalar_subquery() for model in _COUNTED]
    parts.append(select(func.count()).select_from(Municipality).scalar_subquery())
    return (*session.execute(select(*parts)).one(), _editor_version(session))


# Per database and kind, the value read for the newest fingerprint.
_MEMO: dict[tuple[str, str], tuple[tuple[Any, ...], Any]] = {}


def _memo(session: Session, kind: str, read: Callable[[], Any]) -> Any:
    key = (str(session.get_bind().engine.url), kind)
    fingerprint = _fingerprint(session)
    held = _MEMO.get(key)
    if held is not None and held[0] == fingerprint:
        return held[1]
    value = read()
    _MEMO[key] = (fingerprint, value)
    return value


def _read_stamp(session: Session) -> DataStamp:
    parts: list[Any] = [select(func.count()).select_from(Municipality).scalar_subquery()]
    for model in _COUNTED:
        parts += [
            select(func.count()).select_from(model).scalar_subquery(),
            select(func.max(model.id)).scalar_subquery(),
        ]
    for model in _DATED:
        parts.append(select(func.max(model.entered_at)).scalar_subquery())
    values = list(session.execute(select(*parts)).one())
    modified = [_as_utc(v) for v in values[-len(_DATED) :] if v is not None]
    digest = hashlib.sha256(json.dumps([str(v) for v in [*values, _editor_version(session)]]).encode()).hexdigest()
    return DataStamp(digest[:20], max(modified) if modified else None)


def _editor_version(session: Session) -> int | None:
    """The editors' data version (bumped by every write, also of offers, which have no entry
    time) when this code base has it."""
    try:
        from inventory.dataversion import data_version
    except ImportError:
        return None
    return data_version(session)


def _as_utc(value: Any) -> dt.datetime:
    if isinstance(value, str):  # SQLite hands back text for an aggregate over a datetime column
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


# --- links from a page to its data ----------------------------------------------------------------

# Per page path: the table its main view shows and the filters that page applies.
_ALL_FILTERS = tuple(f.name for f in fields(Filters))
PAGE_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "overzicht": ("aggregates", ("year",)),
    "kaart": ("municipalities", ("year", "province", "shelter_form", "criterion", "target_group", "programme")),
    "gemeente": ("figures", tuple(f for f in _ALL_FILTERS if f != "province")),
    "tabellen": ("figures", _ALL_FILTERS),
    "dekking": ("gaps", ("shelter_form",)),
}
BROWSABLE_PARAM = "tabel"


def api_url(table: str, fmt: str, params: Mapping[str, str]) -> str:
    query = urlencode(params)
    return f"{API_PREFIX}/{table}.{fmt}" + (f"?{query}" if query else "")


def page_data_links(page: str, params: Mapping[str, str]) -> dict[str, str]:
    """The CSV and JSON URLs of exactly what the page at `page` shows for its URL `params`:
    the page's table, the filters it applies (as it reads them) and the language."""
    table, names = PAGE_TABLES[page]
    if page == "tabellen" and params.get(BROWSABLE_PARAM) in BROWSABLE_TABLES:
        table = params[BROWSABLE_PARAM]
    filters = Filters.from_params(dict(params))
    # Every page is read as of its `stand`, so its data links carry it too.
    wanted = {PARAMS[name] for name in (*names, "stand")}
    query = {k: v for k, v in filters.to_params().items() if k in wanted}
    lang = params.get(LANG_PARAM)
    if lang in LANGS:
        query = {LANG_PARAM: lang, **query}
    return {fmt: api_url(table, fmt, query) for fmt in ("csv", "json")}

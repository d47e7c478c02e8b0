"""What the Tables page shows and hands out, without Streamlit: the preview's column order, the
line saying how many rows and which filters, and the downloads built only when clicked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from inventory import datapackage, exports, queries
from inventory.database import session_scope
from inventory.filters import Filters
from inventory.i18n import t
from inventory.values import format_number

# A page shows at most this many figures, like Datasette; the downloads hold every row.
PREVIEW_ROWS = 1000
# The breakdown (category, hours, criterion, target group) comes before the value, so a reader
# tells night-only, 24-hour and totals apart.
FIRST_COLUMNS = (
    "municipality",
    "facility",
    "label",
    "category",
    "hours",
    "criterion",
    "target_group",
    "metric",
    "display_value",
    "period_start",
    "period_end",
    "population",
    "table",
    "status",
    "source_title",
    "source_line",
    "quote",
)


# Seed file names are for reviewers: the downloads keep them, a page names the source itself.
PAGE_HIDDEN = ("source_file",)


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns a page shows: people read the municipality, offer, measure and value first;
    keys and audit columns last; no seed file names (`PAGE_HIDDEN`)."""
    first = [c for c in FIRST_COLUMNS if c in frame.columns]
    return frame[first + [c for c in frame.columns if c not in first and c not in PAGE_HIDDEN]]


def rows_caption(export: exports.Export, total: int | None, filters: Filters) -> str:
    """'12 rijen · Filters: …', or 'de eerste 1.000 van 5.000 …' when the page shows a preview."""
    lang, count = export.lang, len(export.data)
    shown = f"{format_number(count, lang)} {t('row' if count == 1 else 'rows', lang)}"
    if total is not None and total > count:
        shown = t("preview_rows_entered", lang, shown=format_number(count, lang), total=format_number(total, lang))
    return f"{shown} · " + ("" if filters.is_empty else f"{t('filters', lang)}: ") + export.filter_text()


def not_applied_note(export: exports.Export) -> str | None:
    """The sentence naming the set filters this table cannot apply, or None."""
    if not export.not_applied:
        return None
    lang = export.lang
    names = ", ".join(t(name if name != "metric" else "measure_filter", lang) for name in export.not_applied)
    return t("filters_not_applied_note", lang, names=names)


def excel_cap_note(total: int | None, lang: str) -> str | None:
    """Said under the buttons when the Excel download holds only the first rows."""
    if total is None or total <= exports.EXCEL_MAX_ROWS:
        return None
    cap = format_number(exports.EXCEL_MAX_ROWS, lang)
    return t("excel_capped_page", lang, shown=cap, total=format_number(total, lang))


@dataclass(frozen=True)
class Download:
    label: str
    ext: str
    mime: str
    build: Callable[[], bytes]


def _with_session(engine: Engine, build: Callable[[Session], bytes]) -> Callable[[], bytes]:
    def run() -> bytes:
        with session_scope(engine) as session:
            return build(session)

    return run


def downloads(engine: Engine, export: exports.Export) -> list[Download]:
    """CSV, Excel and data package of the chosen table under its filters, every row (the page may
    show only a preview), each built only when clicked, in a session of its own. Only formats that
    hold the rows the page shows: GeoJSON holds one feature per municipality (the map's table),
    not figures, offers, national tables or outcomes, so it is the map's download (`map_download`)."""
    choice, filters, lang = export.name, export.filters, export.lang

    def table(session: Session) -> exports.Export:
        export.sources = queries.sources(session, stand=filters.stand)
        return export

    def csv(session: Session) -> bytes:
        if choice == "figures":
            return exports.figures_csv_bytes(session, filters, lang)
        return exports.csv_bytes(table(session))

    def excel(session: Session) -> bytes:
        return exports.xlsx_bytes(
            exports.excel_export(session, filters, lang) if choice == "figures" else table(session)
        )

    def package(session: Session) -> bytes:
        if choice == "figures":
            return datapackage.figures_zip(session, filters, lang)
        return datapackage.zip_bytes(table(session))

    return [
        Download("CSV", "csv", "text/csv", _with_session(engine, csv)),
        Download("Excel", "xlsx", exports.XLSX_MIME, _with_session(engine, excel)),
        Download("Data package", "zip", "application/zip", _with_session(engine, package)),
    ]


def map_download(engine: Engine, filters: Filters, lang: str, boundaries: Callable[[], Any]) -> Download:
    """The map's municipalities under its filters as GeoJSON, built only when clicked (and
    `boundaries` loaded only then): one feature per municipality, as the map and its table."""

    def geojson(session: Session) -> bytes:
        return exports.geojson_bytes(session, filters, lang, boundaries())

    return Download(t("map_geojson", lang), "geojson", "application/geo+json", _with_session(engine, geojson))


def map_filename(filters: Filters) -> str:
    """'opvangmonitor_municipalities_jaar-2017.geojson': the table and filters, as every download."""
    return exports.Export("municipalities", pd.DataFrame(), filters).filename("geojson")

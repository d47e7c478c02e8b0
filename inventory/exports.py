"""Exports: CSV (UTF-8 with BOM), XLSX, GeoJSON and a Frictionless data package.

Every export states the filters that produced it and the licence, so a filtered extract is
never mistaken for the full dataset.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from openpyxl import Workbook
from sqlalchemy.orm import Session

from inventory import __version__, queries, tables
from inventory.applicability import not_applied
from inventory.backup import write_atomically, write_folder_atomically
from inventory.columns import (
    BOOLEAN,
    TABLES,
    column_type,
    conform,
    export_label,
    for_text,
    table_schema,
    trailing_columns,
)
from inventory.columns import (
    MACHINE_KEY as MACHINE_KEY,
)
from inventory.enums import Metric
from inventory.filters import Filters
from inventory.i18n import column_label, t
from inventory.mapdata import value_with_parts
from inventory.presentation import localise
from inventory.spreadsheet import neutralise_frame
from inventory.values import format_number

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
LICENCE_TEXTS = {
    "nl": (
        "Opvangmonitor, CC BY 4.0. Cijfers geciteerd uit de genoemde bronnen (zie de bronkolommen); "
        "gemeentegrenzen en -codes: CBS/Kadaster, CC BY 4.0."
    ),
    "en": (
        "Opvangmonitor, CC BY 4.0. Figures quoted from the sources listed (see source columns); "
        "municipality boundaries and codes: CBS/Kadaster, CC BY 4.0."
    ),
}
LICENCE_TEXT = LICENCE_TEXTS["en"]
FULL_DATASET = {"nl": "geen filters: volledige dataset", "en": "no filters: full dataset"}
FORMATS = ("csv", "xlsx", "geojson", "datapackage")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An Excel download is built in the app's process when someone clicks it: past this many rows it
# holds the first ones and says so, pointing to the CSV, which streams every row. On the shared
# 2-core benchmark machine 40,000 rows of figures took 35 s and 338 MB (100,000 did not finish in
# 300 s); all 615k synthetic ones took 559 s and 7.7 GB before the cap (scripts/benchmark_api.py).
EXCEL_MAX_ROWS = 40_000


@dataclass
class Export:
    """One table to export, with what is needed to say where it came from."""

    name: str
    data: pd.DataFrame
    filters: Filters = field(default_factory=Filters)
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    lang: str = "nl"
    extra_tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    # How many rows the filters match when `data` holds only the first of them (an Excel cap).
    total: int | None = None

    @property
    def capped(self) -> bool:
        return self.total is not None and self.total > len(self.data)

    @property
    def not_applied(self) -> list[str]:
        """The set filters this table cannot apply (said so next to its rows)."""
        return not_applied(self.name, self.filters)

    @property
    def licence_text(self) -> str:
        return LICENCE_TEXTS["en" if self.lang == "en" else "nl"]

    def filter_text(self) -> str:
        pairs = self.filters.describe(self.lang, self.not_applied)
        return "; ".join(f"{k}: {v}" for k, v in pairs) if pairs else FULL_DATASET[self.lang]

    def display(self, frame: pd.DataFrame | None = None) -> pd.DataFrame:
        """`frame` (the data by default) as a person reads it in `lang`: labels, translated
        headers; numbers stay numbers and the row key keeps its machine name."""
        frame = conform(self.data if frame is None else frame)
        shown = localise(frame, self.lang, numbers_as_text=False)
        shown.columns = [export_label(str(c), self.lang, self.name) for c in frame.columns]
        words = {True: t("yes", self.lang), False: t("no", self.lang)}
        for column, label in zip(frame.columns, shown.columns, strict=True):
            # presentation words the offers' services; the overview's flags are booleans too
            if column_type(str(column)) == BOOLEAN:
                shown[label] = shown[label].map(lambda v: words[v] if isinstance(v, bool) else v)
        return shown

    def csv_schema(self) -> dict[str, Any]:
        """The Table Schema of this export's CSV (and XLSX data sheet): headers and yes/no words
        in its language, the types of the declared schema."""
        columns = [str(c) for c in self.data.columns]
        headers = [export_label(c, self.lang, self.name) for c in columns]
        return table_schema(self.name, columns, self.lang, extra_text=trailing_columns(headers, self.lang))

    def filename(self, extension: str) -> str:
        parts = [f"{k}-{v}" for k, v in self.filters.to_params().items()]
        slug = re.sub(r"[^a-z0-9_.-]+", "-", "_".join(["opvangmonitor", self.name, *parts]).lower())
        return f"{slug}.{extension}"


def figures_export(session: Session, filters: Filters, lang: str = "nl") -> Export:
    """The filtered table of all figures with provenance, as the Tables page shows it."""
    data = tables.figures_by_id(session, filters)
    return Export("figures", data, filters, _sources_for(session, data, filters.stand), lang)


def full_export(session: Session, filters: Filters, lang: str = "nl", limit: int | None = None) -> Export:
    """Figures plus the tables that give them context, for XLSX and the data package; with
    `limit`, only the first `limit` figures and, in `total`, how many there are."""
    data = tables.figures_by_id(session, filters, limit)
    total = None if limit is None else queries.count_figures(session, filters)
    return with_context(session, Export("figures", data, filters, lang=lang, total=total))


def with_context(session: Session, export: Export) -> Export:
    """`export` of figures with the tables that give them context, and every source."""
    export.extra_tables = {
        "facilities": queries.facilities(session, export.filters),
        "aggregates": queries.aggregates(session, export.filters),
        "outcomes": queries.outcomes(session, export.filters),
    }
    export.sources = queries.sources(session, stand=export.filters.stand)
    return export


def excel_export(session: Session, filters: Filters, lang: str = "nl") -> Export:
    """What the Excel download holds: the figures up to EXCEL_MAX_ROWS, with their context."""
    return full_export(session, filters, lang, limit=EXCEL_MAX_ROWS)


def table_export(session: Session, table: str, filters: Filters, lang: str = "nl") -> Export:
    """Every row of `table` as its page and the API give it, with the sources it cites."""
    if table == "figures":
        return figures_export(session, filters, lang)
    data = tables.load(session, table, filters)
    return Export(table, data, filters, _sources_for(session, data, filters.stand), lang)


def _sources_for(session: Session, data: pd.DataFrame, stand: dt.date | None) -> pd.DataFrame:
    if "source_key" in data.columns:
        return queries.sources(session, sorted(set(data["source_key"].dropna())), stand)
    sources = queries.sources(session, stand=stand)
    if "source_file" in data.columns:
        return sources[sources["seed_file"].isin(set(data["source_file"].dropna()))].reset_index(drop=True)
    return sources


def csv_bytes(export: Export) -> bytes:
    """UTF-8 with BOM so Excel shows "ë" right; every row states filters and licence."""
    return _csv_text(export, export.data, header=True).encode("utf-8-sig")


def figures_csv_bytes(session: Session, filters: Filters, lang: str = "nl", chunk: int = 5000) -> bytes:
    """`csv_bytes` of every figure, built a chunk at a time from one streamed query: the memory
    is the file's and one chunk's, not a frame of every figure as well."""
    export = Export("figures", pd.DataFrame(), filters, lang=lang)
    parts = [
        _csv_text(export, chunk, header=index == 0)
        for index, chunk in enumerate(tables.figure_chunks(session, filters, chunk))
    ]
    return "".join(parts).encode("utf-8-sig")


def _csv_text(export: Export, data: pd.DataFrame, header: bool) -> str:
    frame = neutralise_frame(export.display(data))
    filters, licence = trailing_columns(list(frame.columns), export.lang)
    frame[filters] = export.filter_text()
    frame[licence] = export.licence_text
    return for_text(frame).to_csv(index=False, header=header)


def _excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Values openpyxl writes as they are: no time zones (Excel has none), missing as empty cells,
    and typed text that could run as a formula neutralised."""
    out = neutralise_frame(frame)
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
        elif out[column].dtype == object:
            out[column] = out[column].map(
                lambda v: v.replace(tzinfo=None) if isinstance(v, dt.datetime) and v.tzinfo else v
            )
    return out.astype(object).where(out.notna(), None)


def _rows(frame: pd.DataFrame, header: bool = True) -> Iterable[tuple[Any, ...]]:
    """Header and rows for a write-only sheet. Such a sheet has no dimension and skips empty
    cells, so a reader would see a row ending in empty cells as short: an empty text in the last
    cell keeps every row as wide as the header (read as missing, as Table Schema says)."""
    if header:
        yield tuple(str(c) for c in frame.columns)
    for row in frame.itertuples(index=False, name=None):
        yield (*row[:-1], "") if row and row[-1] is None else row


def capped_note(export: Export) -> str:
    """What a capped workbook says, where the reader gets every row."""
    query = urlencode(export.filters.to_params())
    url = f"/api/v1/{export.name}.csv" + (f"?{query}" if query else "")
    return t(
        "excel_capped",
        export.lang,
        shown=format_number(len(export.data), export.lang),
        total=format_number(export.total or 0, export.lang),
        url=url,
    )


def xlsx_bytes(export: Export) -> bytes:
    """Sheets: the data, every context table, the sources, and the filters with the licence.

    A write-only workbook streamed to a temporary file: openpyxl then keeps no cell objects, so
    memory stays near the data's own."""
    nl = export.lang == "nl"
    meta: list[tuple[str, Any]] = [
        ("Export", export.name),
        ("Filters", export.filter_text()),
        ("Rijen" if nl else "Rows", len(export.data)),
        ("Licentie" if nl else "Licence", export.licence_text),
        ("Gemaakt op" if nl else "Created", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("Opvangmonitor", __version__),
    ]
    if export.capped:
        meta.insert(3, (t("excel_capped_label", export.lang), capped_note(export)))
    book = Workbook(write_only=True)
    sheets: list[tuple[str, Iterable[tuple[Any, ...]]]] = [("data", _rows(_excel_safe(export.display())))]
    for name, table in export.extra_tables.items():
        shown = Export(name, table, export.filters, lang=export.lang).display()
        sheets.append((name[:31], _rows(_excel_safe(shown))))
    sources = export.sources.rename(columns=lambda c: column_label(f"src_{c}", export.lang))
    sheets.append(("bronnen" if nl else "sources", _rows(_excel_safe(sources))))
    sheets.append(("filters", iter(meta)))
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        handle.seek(0)
        return handle.read()


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def geojson_dict(session: Session, filters: Filters, lang: str = "nl", boundaries: Any | None = None) -> dict[str, Any]:
    """Municipalities with their figures: boundary polygons when `boundaries` (a GeoDataFrame
    with `code` and `geometry`) is given, else centroid points. No finer geography is published."""
    overview = queries.municipality_overview(session, filters)
    if filters.municipality:
        overview = overview[overview["municipality_code"] == filters.municipality]
    for metric in (Metric.PLACES.value, Metric.PERSONS.value, Metric.WAITING_LIST.value):
        # The display column in the reader's number format, saying when it is a sum and of which periods.
        overview[f"{metric}_display"] = [value_with_parts(r, metric, lang) for r in overview.to_dict("records")]
    shapes: dict[str, Any] = {}
    if boundaries is not None:
        shapes = {
            str(code): json.loads(json.dumps(geom.__geo_interface__))
            for code, geom in zip(boundaries["code"], boundaries.geometry, strict=True)
        }
    features = []
    for row in overview.to_dict("records"):
        code = row["municipality_code"]
        geometry = shapes.get(code) or {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
        properties = {k: _jsonable(v) for k, v in row.items() if k not in {"lon", "lat"}}
        properties["reported"] = bool(row["has_figures"])
        features.append({"type": "Feature", "id": code, "geometry": geometry, "properties": properties})
    export = Export("municipalities", overview, filters, queries.sources(session, stand=filters.stand), lang)
    return {
        "type": "FeatureCollection",
        "metadata": {
            "title": "Opvangmonitor",
            "filters": export.filter_text(),
            "licence": export.licence_text,
            "geometry": "boundaries" if shapes else "centroids",
            "sources": [{k: _jsonable(v) for k, v in s.items()} for s in export.sources.to_dict("records")],
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
        "features": features,
    }


def geojson_bytes(session: Session, filters: Filters, lang: str = "nl", boundaries: Any | None = None) -> bytes:
    return json.dumps(geojson_dict(session, filters, lang, boundaries), ensure_ascii=False).encode("utf-8")


def write(
    session: Session,
    fmt: str,
    out: Path,
    filters: Filters,
    lang: str = "nl",
    boundaries: Any = None,
    table: str = "figures",
) -> tuple[Path, int]:
    """Write an export to `out` atomically (a temp file renamed into place) and return the path
    with the number of rows the filters matched (of `table`; for GeoJSON, municipalities with
    figures), so a caller can say when a valid but empty file was written. CSV and XLSX hold
    `table` (figures' XLSX also the tables that give them context).

    Raises ValueError for a bad request and OSError naming `out` when it cannot be written;
    a failure leaves no partial file behind."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if table not in TABLES:
        raise ValueError(f"unknown table '{table}' (choose from {', '.join(TABLES)})")
    if table != "figures" and fmt not in ("csv", "xlsx"):
        raise ValueError(f"--table {table} is for csv and xlsx; {fmt} holds the figures and their context")
    if fmt == "csv":
        export = table_export(session, table, filters, lang)
        content, rows = csv_bytes(export), len(export.data)
    elif fmt == "xlsx":
        export = (
            full_export(session, filters, lang) if table == "figures" else table_export(session, table, filters, lang)
        )
        content, rows = xlsx_bytes(export), len(export.data)
    elif fmt == "geojson":
        collection = geojson_dict(session, filters, lang, boundaries)
        content = json.dumps(collection, ensure_ascii=False).encode("utf-8")
        rows = sum(1 for feature in collection["features"] if feature["properties"]["reported"])
    else:
        # The package module builds on this one (Export, full_export), so it is imported here.
        from inventory import datapackage

        if out.suffix != ".zip":
            export = full_export(session, filters, lang)
            return _write_datapackage_dir(datapackage.files(export), out), len(export.data)
        content = datapackage.figures_zip(session, filters, lang)
        rows = queries.count_figures(session, filters)
    return write_atomically(out, lambda tmp: tmp.write_bytes(content)), rows


def _write_datapackage_dir(files: dict[str, bytes], out: Path) -> Path:
    if out.is_dir() and any(out.iterdir()):
        raise ValueError(f"{out} exists and is not empty; give an empty folder or a .zip path")

    def fill(folder: Path) -> None:
        for path, content in files.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)

    return write_folder_atomically(out, fill)

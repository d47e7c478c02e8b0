"""Exports: CSV (UTF-8 with BOM), XLSX, GeoJSON and a Frictionless data package.

Every export states the filters that produced it and the licence, so a filtered extract is
never mistaken for the full dataset.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from inventory import __version__, queries
from inventory.applicability import not_applied
from inventory.backup import write_atomically, write_folder_atomically
from inventory.enums import Metric
from inventory.filters import Filters
from inventory.i18n import column_label
from inventory.mapdata import value_with_parts
from inventory.presentation import localise

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
# The row key keeps its machine name in every language, so extracts in Dutch and English join.
MACHINE_KEY = "key"
FULL_DATASET = {"nl": "geen filters: volledige dataset", "en": "no filters: full dataset"}
FORMATS = ("csv", "xlsx", "geojson", "datapackage")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Export:
    """One table to export, with what is needed to say where it came from."""

    name: str
    data: pd.DataFrame
    filters: Filters = field(default_factory=Filters)
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    lang: str = "nl"
    extra_tables: dict[str, pd.DataFrame] = field(default_factory=dict)

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
        frame = self.data if frame is None else frame
        shown = localise(frame, self.lang, numbers_as_text=False)
        if MACHINE_KEY in frame.columns:
            shown = shown.rename(columns={column_label(MACHINE_KEY, self.lang): MACHINE_KEY})
        return shown

    def filename(self, extension: str) -> str:
        parts = [f"{k}-{v}" for k, v in self.filters.to_params().items()]
        slug = re.sub(r"[^a-z0-9_.-]+", "-", "_".join(["opvangmonitor", self.name, *parts]).lower())
        return f"{slug}.{extension}"


def figures_export(session: Session, filters: Filters, lang: str = "nl") -> Export:
    """The filtered table of all figures with provenance, as the Tables page shows it."""
    data = queries.figures(session, filters)
    return Export("figures", data, filters, _sources_for(session, data), lang)


def full_export(session: Session, filters: Filters, lang: str = "nl") -> Export:
    """Figures plus the tables that give them context, for XLSX and the data package."""
    export = figures_export(session, filters, lang)
    export.extra_tables = {
        "facilities": queries.facilities(session, filters),
        "aggregates": queries.aggregates(session, filters),
        "outcomes": queries.outcomes(session, filters),
    }
    export.sources = queries.sources(session)
    return export


def _sources_for(session: Session, data: pd.DataFrame) -> pd.DataFrame:
    if "source_key" in data.columns:
        return queries.sources(session, sorted(set(data["source_key"].dropna())))
    return queries.sources(session)


def csv_bytes(export: Export) -> bytes:
    """UTF-8 with BOM so Excel shows "ë" right; every row states filters and licence."""
    frame = export.display()
    frame[column_label("filters", export.lang)] = export.filter_text()
    frame[column_label("licence", export.lang)] = export.licence_text
    return frame.to_csv(index=False).encode("utf-8-sig")


def _excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
        elif out[column].dtype == object:
            out[column] = out[column].map(
                lambda v: v.replace(tzinfo=None) if isinstance(v, dt.datetime) and v.tzinfo else v
            )
    return out


def xlsx_bytes(export: Export) -> bytes:
    """Sheets: the data, every context table, the sources, and the filters with the licence."""
    nl = export.lang == "nl"
    meta = pd.DataFrame(
        [
            ("Export", export.name),
            ("Filters", export.filter_text()),
            ("Rijen" if nl else "Rows", len(export.data)),
            ("Licentie" if nl else "Licence", export.licence_text),
            ("Gemaakt op" if nl else "Created", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
            ("Opvangmonitor", __version__),
        ],
        columns=["", ""],
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _excel_safe(export.display()).to_excel(writer, sheet_name="data", index=False)
        for name, table in export.extra_tables.items():
            _excel_safe(Export(name, table, export.filters, lang=export.lang).display()).to_excel(
                writer, sheet_name=name[:31], index=False
            )
        sources = export.sources.rename(columns=lambda c: column_label(f"src_{c}", export.lang))
        sources.to_excel(writer, sheet_name="bronnen" if nl else "sources", index=False)
        meta.to_excel(writer, sheet_name="filters", index=False, header=False)
    return buffer.getvalue()


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
    export = Export("municipalities", overview, filters, queries.sources(session), lang)
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


_TYPES = {"i": "integer", "u": "integer", "f": "number", "b": "boolean", "M": "datetime"}


def table_schema(frame: pd.DataFrame, primary_key: str | None = "key") -> dict[str, Any]:
    fields = []
    for column in frame.columns:
        series = frame[column]
        kind = _TYPES.get(series.dtype.kind, "string")
        sample = series.dropna()
        if kind == "string" and not sample.empty:
            first = sample.iloc[0]
            if isinstance(first, dt.datetime):
                kind = "datetime"
            elif isinstance(first, dt.date):
                kind = "date"
            elif isinstance(first, bool):
                kind = "boolean"
            elif isinstance(first, int | float) and not isinstance(first, bool):
                kind = (
                    "number" if any(isinstance(x, float) and not float(x).is_integer() for x in sample) else "integer"
                )
        spec: dict[str, Any] = {"name": str(column), "type": kind}
        if column in {"value", "value_low", "value_high"}:
            spec["constraints"] = {"minimum": 0}
        fields.append(spec)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if primary_key and primary_key in frame.columns:
        schema["primaryKey"] = primary_key
    return schema


def datapackage_files(export: Export) -> dict[str, bytes]:
    """`datapackage.json` plus one CSV per table (plain UTF-8, as Frictionless expects)."""
    tables = {export.name: export.data, **export.extra_tables, "sources": export.sources}
    files: dict[str, bytes] = {}
    resources = []
    for name, frame in tables.items():
        path = f"data/{name}.csv"
        files[path] = frame.to_csv(index=False).encode("utf-8")
        resources.append(
            {
                "name": name,
                "path": path,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(frame),
            }
        )
    descriptor = {
        "name": "opvangmonitor",
        "title": "Opvangmonitor: opvang voor migranten zonder verblijfsrecht in Nederland",
        "version": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "licenses": [LICENCE],
        "description": f"Filters: {export.filter_text()}. {LICENCE_TEXT}",
        "filters": export.filters.to_params(),
        "sources": [
            {"title": s["title"], **({"path": s["url"]} if s.get("url") else {}), "file": s.get("seed_file")}
            for s in export.sources.to_dict("records")
        ]
        + [{"title": "CBS/Kadaster gebiedsindelingen (via PDOK), CC BY 4.0"}],
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    return files


def datapackage_zip(export: Export) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in datapackage_files(export).items():
            archive.writestr(path, content)
    return buffer.getvalue()


def write(
    session: Session, fmt: str, out: Path, filters: Filters, lang: str = "nl", boundaries: Any = None
) -> tuple[Path, int]:
    """Write an export to `out` atomically (a temp file renamed into place) and return the path
    with the number of rows the filters matched (figures; for GeoJSON, municipalities with
    figures), so a caller can say when a valid but empty file was written.

    Raises ValueError for a bad request and OSError naming `out` when it cannot be written;
    a failure leaves no partial file behind."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if fmt == "csv":
        export = figures_export(session, filters, lang)
        content, rows = csv_bytes(export), len(export.data)
    elif fmt == "xlsx":
        export = full_export(session, filters, lang)
        content, rows = xlsx_bytes(export), len(export.data)
    elif fmt == "geojson":
        collection = geojson_dict(session, filters, lang, boundaries)
        content = json.dumps(collection, ensure_ascii=False).encode("utf-8")
        rows = sum(1 for feature in collection["features"] if feature["properties"]["reported"])
    else:
        export = full_export(session, filters, lang)
        rows = len(export.data)
        if out.suffix != ".zip":
            return _write_datapackage_dir(export, out), rows
        content = datapackage_zip(export)
    return write_atomically(out, lambda tmp: tmp.write_bytes(content)), rows


def _write_datapackage_dir(export: Export, out: Path) -> Path:
    if out.is_dir() and any(out.iterdir()):
        raise ValueError(f"{out} exists and is not empty; give an empty folder or a .zip path")
    files = datapackage_files(export)

    def fill(folder: Path) -> None:
        for path, content in files.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)

    return write_folder_atomically(out, fill)

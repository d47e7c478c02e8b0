"""The Frictionless data package: one CSV per table, `datapackage.json` typed from the declared
schema, and the DCAT-AP-NL description beside them.

`files` builds it from an `exports.Export` held in memory. `figures_zip` builds the package of
every figure the Tables page and `inventory export --format datapackage` hand out, with the
figures' CSV streamed from the cursor into the archive: a frame of every figure took 2.3 GB on
the synthetic database, for one click.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from inventory import __version__, catalog, figure_queries, figure_stream
from inventory.columns import TABLE_TITLES, conform, for_text, table_columns, table_schema
from inventory.exports import LICENCE, LICENCE_TEXT, Export, with_context
from inventory.filters import Filters
from inventory.spreadsheet import neutralise_frame

Coverage = tuple[dt.date | None, dt.date | None]


def table_csv(name: str, frame: pd.DataFrame) -> bytes:
    # Declared columns in declared types: the schema says what the file holds, not pandas' guess.
    # A spreadsheet opens these CSVs too, so typed text that could run as a formula is
    # neutralised like every other CSV; only text columns are touched, so the types still hold.
    out = neutralise_frame(for_text(conform(frame[table_columns(name)])))
    return out.to_csv(index=False).encode("utf-8")


def _resource(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "title": TABLE_TITLES[name],
        "path": f"data/{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema(name),
    }


def descriptors(export: Export, names: Sequence[str], coverage: Coverage) -> dict[str, bytes]:
    """`datapackage.json` and the DCAT file for a package of the tables `names`."""
    created = dt.datetime.now(dt.UTC)
    resources = [_resource(name) for name in names]
    descriptor = {
        "name": "opvangmonitor",
        "title": "Opvangmonitor: opvang voor migranten zonder verblijfsrecht in Nederland",
        "version": __version__,
        "created": created.isoformat(timespec="seconds"),
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
    # The DCAT-AP-NL description travels with the files it describes (IRIs relative to the package).
    dcat = catalog.package_catalog([(r["name"], r["path"]) for r in resources], created, coverage)
    return {
        "datapackage.json": json.dumps(descriptor, ensure_ascii=False, indent=2, default=str).encode("utf-8"),
        catalog.PACKAGE_FILE: json.dumps(dcat, ensure_ascii=False, indent=2).encode("utf-8"),
    }


def coverage(frames: Iterable[pd.DataFrame], extents: Iterable[Coverage] = ()) -> Coverage:
    """The earliest period start and latest period end over `frames` and known `extents`."""
    frames = list(frames)
    starts = [d for f in frames if "period_start" in f.columns for d in f["period_start"].dropna()]
    ends = [d for f in frames if "period_end" in f.columns for d in f["period_end"].dropna()]
    for first, last in extents:
        starts += [first] if first is not None else []
        ends += [last] if last is not None else []
    return min(starts, default=None), max(ends, default=None)


def files(export: Export) -> dict[str, bytes]:
    """`datapackage.json` plus one CSV per table (plain UTF-8, as Frictionless expects)."""
    tables = {export.name: export.data, **export.extra_tables, "sources": export.sources}
    out = {f"data/{name}.csv": table_csv(name, frame) for name, frame in tables.items()}
    return {**out, **descriptors(export, list(tables), coverage(tables.values()))}


def zip_bytes(export: Export) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files(export).items():
            archive.writestr(path, content)
    return buffer.getvalue()


def figures_zip(session: Session, filters: Filters, lang: str = "nl") -> bytes:
    """`zip_bytes(full_export(session, filters, lang))`, file for file, with `data/figures.csv`
    written into the archive a chunk at a time: memory is the compressed archive and one chunk."""
    # The figures themselves go in from the cursor: the export holds only their context.
    context = with_context(session, Export("figures", pd.DataFrame(), filters, lang=lang))
    others = {**context.extra_tables, "sources": context.sources}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("data/figures.csv", "w", force_zip64=True) as out:
            for chunk in figure_stream.package_rows(session, filters):
                out.write(chunk)
        for name, frame in others.items():
            archive.writestr(f"data/{name}.csv", table_csv(name, frame))
        extent = coverage(others.values(), [figure_queries.period_extent(session, filters)])
        for path, content in descriptors(context, ["figures", *others], extent).items():
            archive.writestr(path, content)
    return buffer.getvalue()

"""The published national picture, rebuilt from the database, and how much of it is covered
by municipality-level records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from inventory import queries
from inventory.enums import Criterion, Hours, Metric, ShelterCategory
from inventory.filters import Filters
from inventory.municipal import municipality_breakdown
from inventory.presentation import citation, format_period
from inventory.values import QValue, combine

OVERVIEW_TABLE = "inventory_2017_overview"
SPECIALISED_TABLE = "inventory_2017_specialised"
HOURS_COLUMNS: tuple[str | None, ...] = (Hours.NIGHT.value, Hours.FULL_DAY.value, None)
_UNITS = {
    "municipalities": ("gemeenten", "municipalities"),
    "persons": ("personen", "persons"),
    "families": ("gezinnen", "families"),
    "places": ("plaatsen", "places"),
}
_UNIT = {
    "municipalities": ("gemeente", "municipality"),
    "persons": ("persoon", "person"),
    "families": ("gezin", "family"),
    "places": ("plaats", "place"),
}
_TOTAL = ("Totaal", "Total")


def _hours_label(hours: str | None, lang: str) -> str:
    return Hours(hours).label(lang) if hours else _TOTAL[0 if lang == "nl" else 1]


def _cell(rows: pd.DataFrame, lang: str) -> str:
    parts = []
    for metric in ("municipalities", "persons", "families", "places"):
        for row in rows[rows["metric"] == metric].itertuples():
            one = row.qualifier == "exact" and _i(row.value) == 1
            unit = (_UNIT if one else _UNITS)[metric][0 if lang == "nl" else 1]
            value = QValue.of(row.qualifier, _i(row.value), _i(row.value_low), _i(row.value_high))
            parts.append(f"{value.format(lang)} {unit}")
    return ", ".join(parts)


def _i(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _table_cells(
    session: Session, table: str, stand: dt.date | None = None
) -> Iterator[tuple[str, str | None, str | None, pd.DataFrame]]:
    """(row dimension, row value, hours, the cell's aggregate rows) for every cell of a printed
    table (as it stood at `stand`), rows in the source's order, the total (None) last."""
    frame = queries.aggregates(session, Filters(stand=stand), table=table)
    if frame.empty:
        return
    row_dim = "criterion" if table == SPECIALISED_TABLE else "category"
    enum = Criterion if row_dim == "criterion" else ShelterCategory
    order = [m.value for m in enum] + [None]
    present = [value for value in order if (frame[row_dim].isna() if value is None else frame[row_dim] == value).any()]
    for value in present:
        rows = frame[frame[row_dim].isna()] if value is None else frame[frame[row_dim] == value]
        for hours in HOURS_COLUMNS:
            yield row_dim, value, hours, rows[rows["hours"].isna()] if hours is None else rows[rows["hours"] == hours]


def _row_label(row_dim: str, value: str | None, lang: str) -> str:
    enum = Criterion if row_dim == "criterion" else ShelterCategory
    return enum(value).label(lang) if value else _TOTAL[0 if lang == "nl" else 1]


def published_table(session: Session, table: str, lang: str = "nl", stand: dt.date | None = None) -> pd.DataFrame:
    """A printed table rebuilt cell by cell from its aggregate rows (empty cells stay empty)."""
    body: dict[str | None, dict[str, str]] = {}
    for row_dim, value, hours, cell in _table_cells(session, table, stand):
        line = body.setdefault(value, {"": _row_label(row_dim, value, lang)})
        line[_hours_label(hours, lang)] = _cell(cell, lang)
    return pd.DataFrame(list(body.values()))


def published_cells(session: Session, table: str, lang: str = "en") -> list[dict[str, Any]]:
    """Every cell of a printed table as numbers a program reads: municipalities, persons,
    families and places (null where the source has none), the source and its line per number,
    and the cell as printed. A number that is not exact says so in `qualifiers` (a range is
    null with its bounds in `ranges`)."""
    out = []
    for row_dim, value, hours, cell in _table_cells(session, table):
        entry: dict[str, Any] = {
            row_dim: value,
            "label": _row_label(row_dim, value, lang),
            "hours": hours,
            "hours_label": _hours_label(hours, lang),
        }
        lines: dict[str, int | None] = {}
        qualifiers: dict[str, str] = {}
        ranges: dict[str, list[int | None]] = {}
        for metric in _UNITS:
            found = cell[cell["metric"] == metric]
            entry[metric] = None
            if found.empty:
                continue
            row = found.iloc[0]
            entry[metric] = _i(row["value"])
            lines[metric] = _i(row["source_line"])
            if row["qualifier"] != "exact":
                qualifiers[metric] = str(row["qualifier"])
            if row["qualifier"] == "range":
                ranges[metric] = [_i(row["value_low"]), _i(row["value_high"])]
        sources = sorted(set(cell["source_key"].dropna()))
        entry["source"] = {"key": sources[0] if len(sources) == 1 else sources or None, "lines": lines}
        if qualifiers:
            entry["qualifiers"] = qualifiers
        if ranges:
            entry["ranges"] = ranges
        entry["text"] = _cell(cell, lang)
        out.append(entry)
    return out


def national_figures(session: Session, year: int | None = None, stand: dt.date | None = None) -> pd.DataFrame:
    """Aggregates with no breakdown at all: the national totals as published (as of `stand`)."""
    frame = queries.aggregates(session, Filters(year=year, stand=stand))
    dims = ["category", "hours", "criterion", "target_group", "programme", "organisation"]
    return frame[frame[dims].isna().all(axis=1)].reset_index(drop=True)


def coverage(session: Session, lang: str = "en", stand: dt.date | None = None) -> pd.DataFrame:
    """Per reference year and measure: the published national figure next to the sum of
    municipality-level records for that year (a lower bound of what we can place on the map)."""
    latest_by_year: dict[int, pd.DataFrame] = {}
    rows = []
    for nat in national_figures(session, stand=stand).itertuples():
        if nat.metric not in {m.value for m in (Metric.PERSONS, Metric.PLACES, Metric.FAMILIES, Metric.WAITING_LIST)}:
            continue
        year = int(nat.reference_year)
        if year not in latest_by_year:
            # Only the newest figure per subject counts, so the database picks those rows.
            latest_by_year[year] = queries.latest_figure_values(session, Filters(year=year, stand=stand))
        year_figures = latest_by_year[year]
        # The sum rule of every page (municipal.of_one_moment); figures ending in one calendar year
        # all end within its 12-month window, so here no offer is left out as outdated.
        per_municipality = municipality_breakdown(year_figures, nat.metric)
        covered = combine(v.total for v in per_municipality.values())
        parts = [p for v in per_municipality.values() for p in v.parts]
        published = QValue.of(nat.qualifier, _i(nat.value), _i(nat.value_low), _i(nat.value_high))
        share = None
        if covered is not None and published.upper:
            share = round(100 * covered.upper / published.midpoint, 1)
        rows.append(
            {
                "reference_year": nat.reference_year,
                "metric": nat.metric,
                "population": nat.population,
                "published": published.format(lang),
                "published_value": published.midpoint,
                # The seed file name is for reviewers: it goes in the source notes, not the cell.
                "source": citation(nat, lang, with_file=False),
                "source_publisher": nat.source_publisher,
                "source_year": nat.source_year,
                "source_title": nat.source_title,
                "source_file": nat.source_file,
                "source_line": nat.source_line,
                "municipalities_with_records": len(per_municipality),
                "municipal_records_sum": covered.format(lang) if covered else "0",
                "parts": len(parts),
                "parts_period": (
                    format_period(min(p.period_start for p in parts), max(p.period_end for p in parts), lang)
                    if parts
                    else ""
                ),
                "covered_pct": share,
                "key": nat.key,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "reference_year",
            "metric",
            "population",
            "published",
            "published_value",
            "source",
            "source_publisher",
            "source_year",
            "source_title",
            "source_file",
            "source_line",
            "municipalities_with_records",
            "municipal_records_sum",
            "parts",
            "parts_period",
            "covered_pct",
            "key",
        ],
    )

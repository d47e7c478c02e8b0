"""The filters every view and export shares, and their round trip through a URL query string."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields, replace
from functools import cache
from pathlib import Path

from inventory.enums import Criterion, Metric, Programme, ShelterForm, TargetGroupFilter
from inventory.i18n import t
from inventory.snapshot import parse_stand

# Query-parameter names: short, stable, documented in the README.
PARAMS = {
    "year": "jaar",
    "province": "provincie",
    "shelter_form": "vorm",
    "criterion": "criterium",
    "target_group": "doelgroep",
    "programme": "programma",
    "municipality": "gemeente",
    "metric": "cijfer",
    # The inventory as it stood at the end of that day (inventory.snapshot).
    "stand": "stand",
}


MUNICIPALITIES_CSV = Path(__file__).resolve().parents[1] / "data" / "municipalities.csv"


@cache
def area_names() -> dict[str, str]:
    """Province and municipality names by code, so filter descriptions name places, not codes."""
    names: dict[str, str] = {}
    if MUNICIPALITIES_CSV.exists():
        with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                names[row["code"]] = row["name"]
                names[row["province_code"]] = row["province_name"]
    return names


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    province: str | None = None
    shelter_form: str | None = None
    criterion: str | None = None
    target_group: str | None = None
    programme: str | None = None
    municipality: str | None = None
    metric: str | None = None
    stand: dt.date | None = None

    def to_params(self) -> dict[str, str]:
        return {PARAMS[f.name]: str(getattr(self, f.name)) for f in fields(self) if getattr(self, f.name) is not None}

    @classmethod
    def from_params(cls, params: Mapping[str, str | list[str]]) -> Filters:
        """Read filters from query parameters; unknown or invalid values are dropped, not fatal."""
        values: dict[str, object] = {}
        allowed: dict[str, set[str]] = {
            "shelter_form": set(ShelterForm.values()),
            "criterion": set(Criterion.values()),
            "target_group": set(TargetGroupFilter.values()),
            "programme": set(Programme.values()),
            "metric": set(Metric.values()),
        }
        for name, param in PARAMS.items():
            raw = params.get(param)
            if isinstance(raw, list):
                raw = raw[0] if raw else None
            if raw is None or raw == "":
                continue
            if name == "year":
                if raw.isdigit() and 1990 <= int(raw) <= 2100:
                    values[name] = int(raw)
            elif name in allowed:
                if raw in allowed[name]:
                    values[name] = raw
            elif name == "province":
                if len(raw) == 4 and raw.startswith("PV") and raw[2:].isdigit():
                    values[name] = raw
            elif name == "stand":
                values[name] = parse_stand(raw)
            elif name == "municipality" and len(raw) == 6 and raw.startswith("GM") and raw[2:].isdigit():
                values[name] = raw
        return cls(**values)  # type: ignore[arg-type]

    def with_(self, **changes: object) -> Filters:
        return replace(self, **changes)  # type: ignore[arg-type]

    def describe(self, lang: str = "nl", not_applied: Collection[str] = ()) -> list[tuple[str, str]]:
        """(filter, value) pairs for the 'filters' sheet of an export; empty means the full dataset.
        A filter named in `not_applied` says so instead of pretending to narrow the rows."""
        enums = {
            "shelter_form": ShelterForm,
            "criterion": Criterion,
            "target_group": TargetGroupFilter,
            "programme": Programme,
            "metric": Metric,
        }
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            label = t("measure_filter" if f.name == "metric" else f.name, lang)
            if f.name in enums:
                text = enums[f.name](value).label(lang)
            elif f.name in ("province", "municipality"):
                text = f"{area_names().get(value, value)} ({value})"
            else:
                text = str(value)
            if f.name in not_applied:
                text = t("filter_not_applied", lang, value=text)
            out.append((label, text))
        return out

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


NO_FILTERS = Filters()


def target_group_note(filters: Filters, lang: str = "nl") -> str | None:
    """Which target-group choice is applied, in words, and the other one a reader may have meant:
    'Doelgroep: Vrouwen (…). Voor opvang die niemand anders opneemt: kies „Alleen voor vrouwen”.'"""
    if filters.target_group is None:
        return None
    choice = TargetGroupFilter(filters.target_group)
    text = t("target_group_applied", lang, label=choice.label(lang))
    other = choice.counterpart
    if other is not None:
        wider = len(choice.groups) > len(other.groups)
        if wider:
            text += " " + t("target_group_includes_mixed", lang)
        text += " " + t("target_group_wider" if wider else "target_group_narrower", lang, other=other.label(lang))
    return text


def facility_target_groups(choice: str) -> list[str]:
    """The offers' `target_group` codes a `doelgroep` choice finds ('women': women only and mixed)."""
    return [group.value for group in TargetGroupFilter(choice).groups]


def unknown_values(
    params: Mapping[str, str | list[str]],
    municipalities: Collection[str],
    provinces: Collection[str],
    years: Collection[int],
    choices: Mapping[str, Collection[str]] | None = None,
) -> list[tuple[str, str, str]]:
    """(kind, param, raw value) for every parameter of a link that names something unknown, so a
    page can say so instead of silently showing everything. `choices` adds page parameters
    (such as `maat` or `tabel`) with their allowed values."""
    parsed = Filters.from_params(params)
    out: list[tuple[str, str, str]] = []

    def raw_of(param: str) -> str | None:
        raw = params.get(param)
        if isinstance(raw, list):
            raw = raw[0] if raw else None
        return raw or None

    for name, param in PARAMS.items():
        raw = raw_of(param)
        if raw is None:
            continue
        value = getattr(parsed, name)
        if name == "municipality" and (value is None or value not in municipalities):
            out.append(("municipality", param, raw))
        elif name == "province" and (value is None or value not in provinces):
            out.append(("province", param, raw))
        elif name == "year" and (value is None or value not in years):
            out.append(("year", param, raw))
        elif name == "stand" and value is None:
            out.append(("date", param, raw))
        elif value is None:
            out.append(("value", param, raw))
    for param, allowed in (choices or {}).items():
        raw = raw_of(param)
        if raw is not None and raw not in allowed:
            out.append(("value", param, raw))
    return out

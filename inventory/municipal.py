"""A municipality's value for a measure, and exactly what it is made of.

A municipality-level figure (a city total) is the value itself and is never added to its parts;
otherwise the value is the sum of the newest figure of each of its offers. The parts travel with
the value, so every page can say "sum of 2 facilities" and cite each part with its own period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from inventory.enums import ShelterForm
from inventory.querybase import as_int
from inventory.values import QValue, combine


@dataclass(frozen=True)
class Part:
    """One figure that goes into a municipality's value."""

    key: str
    facility_key: str | None
    period_start: dt.date
    period_end: dt.date
    value: QValue


@dataclass(frozen=True)
class MunicipalValue:
    total: QValue
    parts: tuple[Part, ...]

    @property
    def is_sum(self) -> bool:
        return len(self.parts) > 1

    @property
    def period_start(self) -> dt.date:
        return min(p.period_start for p in self.parts)

    @property
    def period_end(self) -> dt.date:
        return max(p.period_end for p in self.parts)

    @property
    def mixed_periods(self) -> bool:
        """True when the parts were measured over different reference periods."""
        return len({(p.period_start, p.period_end) for p in self.parts}) > 1

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.parts]


def municipality_breakdown(frame: pd.DataFrame, metric: str) -> dict[str, MunicipalValue]:
    """Per municipality code: its value for `metric` with the figures it is made of.

    One plain pass over the rows: this runs for every map and overview render, on up to
    hundreds of thousands of figures. `frame` needs municipality_code, facility_key,
    shelter_form, metric, period_end, key and the value columns; period_start is optional."""
    columns = ["municipality_code", "facility_key", "shelter_form", "metric", "period_end", "key"]
    values = ["qualifier", "value", "value_low", "value_high"]
    starts = frame["period_start"].tolist() if "period_start" in frame.columns else frame["period_end"].tolist()
    newest: dict[tuple[str, str | None], Part] = {}
    for (code, facility, form, row_metric, period_end, key, qualifier, value, low, high), start in zip(
        zip(*(frame[c].tolist() for c in [*columns, *values]), strict=True), starts, strict=True
    ):
        # A day centre's places are seats, not beds: they are not shelter capacity.
        if row_metric != metric or form == ShelterForm.DAY_CENTRE.value:
            continue
        subject = (code, facility if isinstance(facility, str) else None)
        current = newest.get(subject)
        if current is None or (period_end, key) > (current.period_end, current.key):
            qvalue = QValue.of(qualifier, as_int(value), as_int(low), as_int(high))
            newest[subject] = Part(key, subject[1], start, period_end, qvalue)
    own: dict[str, Part] = {}
    parts: dict[str, list[Part]] = {}
    for (code, facility), part in newest.items():
        if facility is None:
            own[code] = part
        else:
            parts.setdefault(code, []).append(part)
    out: dict[str, MunicipalValue] = {}
    for code in sorted(set(own) | set(parts)):
        chosen = [own[code]] if code in own else sorted(parts[code], key=lambda p: p.key)
        total = combine(p.value for p in chosen)
        if total is not None:
            out[str(code)] = MunicipalValue(total, tuple(chosen))
    return out


def municipality_values(frame: pd.DataFrame, metric: str) -> dict[str, QValue]:
    """Just the values of `municipality_breakdown`."""
    return {code: value.total for code, value in municipality_breakdown(frame, metric).items()}


def parts_frame(value: MunicipalValue, figures: pd.DataFrame) -> pd.DataFrame:
    """The rows of `figures` (as from queries.figures) that make up `value`, in its order."""
    rows = figures.set_index("key").loc[value.keys].reset_index()
    return rows


def combine_all(values: Any) -> QValue | None:
    """The national sum of municipality values (for coverage)."""
    return combine(v.total for v in values)

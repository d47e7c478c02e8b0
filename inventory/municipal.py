"""A municipality's value for a measure, and exactly what it is made of.

A municipality-level figure (a city total) is the value itself and is never added to its parts;
otherwise the value is the sum of the newest figure of each of its offers, **of one moment**: only
figures whose reference period ends within the window (the 12 months up to the end of the newest
figure in the sum) are added. An offer whose newest figure ended before the window is not added
but kept beside the sum as outdated ("verouderd: laatste cijfer 2016"). The parts and the outdated
figures travel with the value, so every page can say "sum of 2 facilities", cite each part with
its own period and name what was left out. This module is the only place that rule is written.
"""

from __future__ import annotations

import calendar
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


# The window of a sum: the months up to (and including) the end of its newest figure.
WINDOW_MONTHS = 12


def window_start(end: dt.date) -> dt.date:
    """The first day of the window that ends on `end`: 1 Feb 2016 for 31 Jan 2017, 2 Dec 2025
    for 1 Dec 2026 (a day the month back lacks, such as 29 Feb, is its last day)."""
    year, month = divmod(end.year * 12 + end.month - 1 - WINDOW_MONTHS, 12)
    day = min(end.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day) + dt.timedelta(days=1)


def of_one_moment(parts: list[Part]) -> tuple[list[Part], list[Part]]:
    """`parts` (each offer's newest figure) split into those added up and those outdated.

    A part counts when its reference period **ends** within the window, not only when it lies
    wholly inside: a figure speaks for its whole period up to its end, so a year figure (2016)
    still describes the months a newer figure (Oct 2016 - Jan 2017) describes. Asking for the
    whole period inside the window would drop every year figure beside any later one."""
    if not parts:
        return [], []
    start = window_start(max(p.period_end for p in parts))
    counted = [p for p in parts if p.period_end >= start]
    outdated = [p for p in parts if p.period_end < start]
    return counted, outdated


@dataclass(frozen=True)
class MunicipalValue:
    total: QValue
    parts: tuple[Part, ...]
    # Offers whose newest figure ended before the window: shown beside the value, never added.
    outdated: tuple[Part, ...] = ()

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
    def window_start(self) -> dt.date:
        """First day of the window the parts were taken from; it ends on `period_end`."""
        return window_start(self.period_end)

    @property
    def latest_outdated(self) -> Part | None:
        """The newest of the outdated figures ("laatste cijfer"), if any."""
        return max(self.outdated, key=lambda p: (p.period_end, p.key)) if self.outdated else None

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.parts]

    @property
    def outdated_keys(self) -> list[str]:
        return [p.key for p in self.outdated]


def municipality_breakdown(frame: pd.DataFrame, metric: str) -> dict[str, MunicipalValue]:
    """Per municipality code: its value for `metric` with the figures it is made of (and the
    outdated ones it leaves out, see `of_one_moment`).

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
        if code in own:
            chosen, outdated = [own[code]], []
        else:
            chosen, outdated = of_one_moment(sorted(parts[code], key=lambda p: p.key))
        total = combine(p.value for p in chosen)
        if total is not None:
            out[str(code)] = MunicipalValue(total, tuple(chosen), tuple(outdated))
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

"""Qualified values: how a figure with its qualifier is shown and added up.

A range stays a range, "about 200" stays approximate: adding qualified figures keeps the
weakest qualifier, so a sum never looks more certain than its parts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from inventory.enums import Qualifier

NO_DATA = {"nl": "geen gegevens", "en": "no data reported"}


@dataclass(frozen=True)
class QValue:
    qualifier: Qualifier
    value: int | None = None
    low: int | None = None
    high: int | None = None

    @classmethod
    def of(cls, qualifier: str, value: int | None, low: int | None = None, high: int | None = None) -> QValue:
        return cls(Qualifier(qualifier), value, low, high)

    @property
    def lower(self) -> int:
        return self.low if self.qualifier is Qualifier.RANGE else self.value  # type: ignore[return-value]

    @property
    def upper(self) -> int:
        return self.high if self.qualifier is Qualifier.RANGE else self.value  # type: ignore[return-value]

    @property
    def midpoint(self) -> float:
        """For colouring and sorting only; never shown as a figure."""
        return (self.lower + self.upper) / 2

    def format(self, lang: str = "nl") -> str:
        return format_value(self.qualifier.value, self.value, self.low, self.high, lang)


def format_number(number: int | None, lang: str = "nl") -> str:
    """A whole number with the language's thousands separator: 1.435 (nl), 1,435 (en)."""
    if number is None:
        return "?"
    text = f"{number:,}"
    return text.replace(",", ".") if lang == "nl" else text


def format_value(qualifier: str, value: int | None, low: int | None, high: int | None, lang: str = "nl") -> str:
    q = Qualifier(qualifier)
    if q is Qualifier.RANGE:
        return f"{format_number(low, lang)}–{format_number(high, lang)}"
    prefix = {
        Qualifier.EXACT: ("", ""),
        Qualifier.APPROXIMATE: ("ca. ", "about "),
        Qualifier.AT_LEAST: ("ruim ", "at least "),
        Qualifier.AT_MOST: ("hooguit ", "at most "),
    }[q]
    return (prefix[0] if lang == "nl" else prefix[1]) + format_number(value, lang)


def combine(values: Iterable[QValue]) -> QValue | None:
    """The sum of qualified values, keeping the weakest qualifier; None for no values."""
    items = list(values)
    if not items:
        return None
    low = sum(v.lower for v in items)
    high = sum(v.upper for v in items)
    kinds = {v.qualifier for v in items}
    if Qualifier.RANGE in kinds or (low != high):
        return QValue(Qualifier.RANGE, None, low, high)
    if Qualifier.APPROXIMATE in kinds or {Qualifier.AT_LEAST, Qualifier.AT_MOST} <= kinds:
        return QValue(Qualifier.APPROXIMATE, low)
    if Qualifier.AT_LEAST in kinds:
        return QValue(Qualifier.AT_LEAST, low)
    if Qualifier.AT_MOST in kinds:
        return QValue(Qualifier.AT_MOST, low)
    return QValue(Qualifier.EXACT, low)

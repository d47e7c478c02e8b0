"""Counts of municipalities, each defined once and labelled exactly, for every page.

Three different questions, never mixed up: does a municipality have a known offer, does it
have any figure at all, and does it have a figure for the measure being shown?
"""

from __future__ import annotations

import pandas as pd

from inventory.i18n import t
from inventory.mapdata import measure_label


def offers_known(overview: pd.DataFrame) -> int:
    """Municipalities with at least one known offer in the filtered view."""
    return int(overview["has_shelter"].sum())


def any_figure(overview: pd.DataFrame) -> int:
    """Municipalities with at least one figure (any measure) in the filtered view."""
    return int(overview["has_figures"].sum())


def with_measure(overview: pd.DataFrame, measure: str) -> int:
    """Municipalities with a value for `measure` (places, persons or waiting_list)."""
    return int(overview[f"{measure}_low"].notna().sum())


def offers_sentence(overview: pd.DataFrame, lang: str) -> str:
    return t("count_offers_known", lang, n=offers_known(overview), total=len(overview))


def any_figure_sentence(overview: pd.DataFrame, lang: str) -> str:
    return t("count_any_figure", lang, n=any_figure(overview), total=len(overview))


def measure_sentence(overview: pd.DataFrame, measure: str, lang: str, start: bool = False) -> str:
    """'3 van 342 gemeenten met een cijfer voor plaatsen'; 'geen van de 342 ...' when none has one.
    With `start` the sentence begins with a capital."""
    n = with_measure(overview, measure)
    key = "count_measure_0" if n == 0 else "count_measure"
    text = t(key, lang, n=n, total=len(overview), measure=measure_label(measure, lang).lower())
    return text[:1].upper() + text[1:] if start else text


def map_sentence(overview: pd.DataFrame, measure: str, lang: str) -> str:
    """The count a map of `measure` colours, in the same words as every other page."""
    if measure in ("places", "persons", "waiting_list"):
        return measure_sentence(overview, measure, lang, start=True)
    if measure == "forms":
        return offers_sentence(overview, lang)
    return any_figure_sentence(overview, lang)

"""Turning query results into what a person reads: labels instead of codes, localised headers.

Plain pandas, no Streamlit, so the pages stay thin and this stays testable.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from inventory.enums import (
    Criterion,
    Hours,
    LabelledEnum,
    Metric,
    OutcomeCategory,
    Programme,
    Qualifier,
    ShelterCategory,
    ShelterForm,
    Status,
    TargetGroup,
)
from inventory.i18n import column_label, t

ENUM_COLUMNS: dict[str, type[LabelledEnum]] = {
    "shelter_form": ShelterForm,
    "target_group": TargetGroup,
    "programme": Programme,
    "metric": Metric,
    "status": Status,
    "qualifier": Qualifier,
    "category": ShelterCategory,
    "hours": Hours,
    "criterion": Criterion,
}
LIST_COLUMNS: dict[str, type[LabelledEnum]] = {
    "criteria": Criterion,
    "shelter_forms": ShelterForm,
    "programmes": Programme,
}


def _label(enum: type[LabelledEnum], value: object, lang: str) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return value
    try:
        return enum(str(value)).label(lang)
    except ValueError:
        return value


def localise(frame: pd.DataFrame, lang: str = "nl", columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Codes to labels and headers to the chosen language; `columns` picks and orders them."""
    out = frame[list(columns)].copy() if columns is not None else frame.copy()
    for column, enum in ENUM_COLUMNS.items():
        if column in out.columns:
            out[column] = out[column].map(lambda v, e=enum: _label(e, v, lang))
    for column, enum in LIST_COLUMNS.items():
        if column in out.columns:
            out[column] = out[column].map(
                lambda v, e=enum: ", ".join(str(_label(e, x, lang)) for x in v.split(";")) if isinstance(v, str) else v
            )
    if "category" in out.columns and "scope" in out.columns:  # outcomes use another category enum
        out["category"] = frame["category"].map(lambda v: _label(OutcomeCategory, v, lang))
    return out.rename(columns={c: column_label(c, lang) for c in out.columns})


def value_or_no_data(display: object, lang: str = "nl") -> str:
    """A missing figure reads 'no data reported', never 0."""
    if display is None or (isinstance(display, float) and pd.isna(display)) or display == "":
        return t("no_data", lang)
    return str(display)


def citation(source_file: object, line: object, lang: str = "nl") -> str:
    if not isinstance(source_file, str):
        return ""
    if line is None or (isinstance(line, float) and pd.isna(line)):
        return source_file
    return f"{source_file}, {t('line', lang)} {int(line)}"  # type: ignore[call-overload]

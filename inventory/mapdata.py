"""The per-municipality values a map shows for each measure; missing stays missing, never 0."""

from __future__ import annotations

import pandas as pd

from inventory.enums import Metric, ShelterForm
from inventory.i18n import t
from inventory.presentation import as_of, outdated_note
from inventory.values import format_value

MEASURES = ("places", "persons", "waiting_list", "forms", "reporting")
MEASURE_LABELS = {
    "places": ("Plaatsen", "Places"),
    "persons": ("Opgevangen personen", "Persons sheltered"),
    "waiting_list": ("Wachtlijst", "Waiting list"),
    "forms": ("Aantal opvangvormen", "Number of shelter forms"),
    "reporting": ("Rapportagestatus", "Reporting status"),
}
REPORTED, OFFERS_ONLY = 2, 1


def measure_label(measure: str, lang: str = "nl") -> str:
    nl, en = MEASURE_LABELS[measure]
    return en if lang == "en" else nl


def value_with_parts(row: dict[str, object], measure: str, lang: str = "nl") -> str | None:
    """'290 (som van 2 voorzieningen; jan 2016 – jan 2017)' or '180 (per 1 dec 2026;
    1 voorziening niet meegeteld, verouderd: laatste cijfer 2016)': the value in the reader's
    number format with the moment it is of, saying when it is a sum and what it leaves out as
    outdated (municipal.of_one_moment)."""
    qualifier = row.get(f"{measure}_qualifier")
    if not isinstance(qualifier, str):
        return None
    low, high = int(row[f"{measure}_low"]), int(row[f"{measure}_high"])  # type: ignore[call-overload]
    text = format_value(qualifier, low, low, high, lang)
    notes = [as_of(row.get(f"{measure}_period_start"), row.get(f"{measure}_period_end"), lang, short=True)]
    parts = int(row.get(f"{measure}_parts") or 1)  # type: ignore[call-overload]
    if parts > 1:
        notes.insert(0, t("sum_of_parts", lang, n=parts))
    notes.append(
        outdated_note(
            row.get(f"{measure}_outdated"),
            row.get(f"{measure}_outdated_period_start"),
            row.get(f"{measure}_outdated_period_end"),
            lang,
        )
    )
    note = "; ".join(n for n in notes if n)
    return f"{text} ({note})" if note else text


def measure_values(overview: pd.DataFrame, measure: str, lang: str = "nl") -> pd.DataFrame:
    """`code`, `name`, `value` (float or NaN) and `value_text` for every municipality in `overview`
    (as from queries.municipality_overview)."""
    out = pd.DataFrame({"code": overview["municipality_code"], "name": overview["municipality"]})
    no_data = t("no_data", lang)
    if measure in (Metric.PLACES.value, Metric.PERSONS.value, Metric.WAITING_LIST.value):
        low, high = overview[f"{measure}_low"], overview[f"{measure}_high"]
        out["value"] = (pd.to_numeric(low).astype(float) + pd.to_numeric(high).astype(float)) / 2
        out["value_text"] = [value_with_parts(row, measure, lang) or no_data for row in overview.to_dict("records")]
    elif measure == "forms":
        forms = overview["shelter_forms"]
        out["value"] = forms.map(lambda v: float(len(v.split(";"))) if isinstance(v, str) and v else float("nan"))
        out["value_text"] = forms.map(
            lambda v: (
                ", ".join(ShelterForm(f).label(lang) for f in v.split(";")) if isinstance(v, str) and v else no_data
            )
        )
    elif measure == "reporting":
        status = overview.apply(
            lambda r: REPORTED if r["has_figures"] else (OFFERS_ONLY if r["has_shelter"] else float("nan")), axis=1
        )
        out["value"] = status.astype(float)
        out["value_text"] = status.map({REPORTED: t("reported", lang), OFFERS_ONLY: t("offers_only", lang)}).fillna(
            no_data
        )
    else:
        raise ValueError(f"unknown measure '{measure}' (choose from {', '.join(MEASURES)})")
    return out.reset_index(drop=True)

"""The per-municipality values a map shows for each measure; missing stays missing, never 0."""

from __future__ import annotations

import pandas as pd

from inventory.enums import Metric, ShelterForm
from inventory.i18n import t

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


def measure_values(overview: pd.DataFrame, measure: str, lang: str = "nl") -> pd.DataFrame:
    """`code`, `name`, `value` (float or NaN) and `value_text` for every municipality in `overview`
    (as from queries.municipality_overview)."""
    out = pd.DataFrame({"code": overview["municipality_code"], "name": overview["municipality"]})
    no_data = t("no_data", lang)
    if measure in (Metric.PLACES.value, Metric.PERSONS.value, Metric.WAITING_LIST.value):
        low, high = overview[f"{measure}_low"], overview[f"{measure}_high"]
        out["value"] = (pd.to_numeric(low) + pd.to_numeric(high)) / 2
        out["value_text"] = overview[f"{measure}_display"].fillna(no_data)
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

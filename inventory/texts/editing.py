"""Texts of the editors' page that are not on the public pages: field names in refusals and the
offers an editor adds or closes."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "field_figures": ("Cijfers", "Figures"),
    "field_metric": ("Maat", "Measure"),
    "field_label": ("Naam van het aanbod", "Name of the offer"),
    "field_closed_on": ("Sluitingsdatum", "Closing date"),
    "field_opened_on": ("Openingsdatum", "Opening date"),
    "field_max_stay_months": ("Maximale verblijfsduur (maanden)", "Maximum stay (months)"),
    "field_shelter_form": ("Opvangvorm", "Shelter form"),
    "field_target_group": ("Doelgroep", "Target group"),
    "field_explanation": ("Uitleg", "Explanation"),
    "field_reason": ("Reden", "Reason"),
}

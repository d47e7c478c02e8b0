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
    "field_municipality": ("Gemeente", "Municipality"),
    "field_criteria": ("Toelatingscriteria", "Admission criteria"),
    "field_criteria_placeholder": ("Kies een of meer criteria", "Choose one or more criteria"),
    "edit_note_optional": ("Toelichting (niet verplicht)", "Note (optional)"),
    "facility_title": ("Aanbod", "Offers"),
    "facility_add_title": ("Aanbod toevoegen", "Add an offer"),
    "facility_label_help": (
        "Een korte omschrijving, zoals 'Nachtopvang voor vrouwen'. Geen adres, straat of naam van een gebouw: "
        "de mensen die er verblijven hebben geen papieren.",
        "A short description, such as 'Night shelter for women'. No address, street or building name: the "
        "people staying there have no papers.",
    ),
    "facility_add": ("Aanbod toevoegen", "Add offer"),
    "facility_added": (
        "Toegevoegd: {label} in {municipality}. Kies het hierboven om er cijfers voor in te vullen.",
        "Added: {label} in {municipality}. Choose it above to enter its figures.",
    ),
    "facility_close_title": ("Aanbod sluiten", "Close an offer"),
    "facility_choose": ("Aanbod", "Offer"),
    "facility_close_help": (
        "Sluiten zet een einddatum; er wordt niets verwijderd en de cijfers blijven gepubliceerd.",
        "Closing sets an end date; nothing is deleted and its figures stay published.",
    ),
    "facility_close": ("Aanbod sluiten", "Close offer"),
    "facility_closed": ("Gesloten per {day}: {label}.", "Closed as of {day}: {label}."),
    "audit_col_id": ("Nr.", "No."),
    "audit_col_at": ("Tijdstip", "When"),
    "audit_col_username": ("Account", "Account"),
    "audit_col_organisation": ("Organisatie", "Organisation"),
    "audit_col_route": ("Route", "Route"),
    "audit_col_action": ("Handeling", "Action"),
    "audit_col_refused": ("Geweigerd", "Refused"),
    "audit_col_target": ("Onderwerp", "Target"),
    "audit_col_old_value": ("Oude waarde", "Old value"),
    "audit_col_new_value": ("Nieuwe waarde", "New value"),
    "audit_col_detail": ("Toelichting", "Detail"),
    "audit_target_account": ("Account {name}", "Account {name}"),
    "audit_target_unknown_name": ("Onbekende gebruikersnaam", "Unknown username"),
    "audit_target_organisation": ("Organisatie {name}", "Organisation {name}"),
    "audit_target_municipality": ("Gemeente {name}", "Municipality of {name}"),
    "audit_target_facility": ("Voorziening {name} ({municipality})", "Facility {name} ({municipality})"),
    "audit_target_figure": ("Cijfer: {measure}, {subject}", "Figure: {measure}, {subject}"),
    "audit_target_import": ("Import van bestand {file}", "Import of file {file}"),
    "review_note": ("Toelichting van de invoerder", "Note by the editor"),
    "self_reported_by": ("zelf gemeld door {by}", "self-reported by {by}"),
    "edit_municipality_total": (
        "Dit zijn de cijfers van de gemeente als geheel. De cijfers van een afzonderlijke voorziening staan "
        "bij die voorziening: kies haar hierboven. Een cijfer voor de gemeente als geheel is op de openbare "
        "pagina het gemeentecijfer zelf; zonder zo'n cijfer toont die pagina de som van de voorzieningen.",
        "These are the figures of the municipality as a whole. A single facility's figures are with that "
        "facility: choose it above. On the public page a figure for the municipality as a whole is the "
        "municipality's figure itself; without one, that page shows the sum of its facilities.",
    ),
}

"""Texts of the trend charts and tables (municipality page and overview)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "trend_unit_places": ("plaatsen", "places"),
    "trend_unit_persons": ("personen", "persons"),
    "trend_unit_waiting_list": ("personen op de wachtlijst", "persons on the waiting list"),
    "trend_unit_organisations": ("organisaties", "organisations"),
    "trend_axis_date": ("Peilperiode", "Reference period"),
    "trend_kind": ("Soort waarde", "Kind of value"),
    "trend_subject": ("Aanbod", "Offer"),
    "trend_population": ("Populatie", "Population"),
    "trend_municipality_whole": ("gemeente als geheel", "municipality as a whole"),
    "trend_title_municipality": (
        "{name}: plaatsen, personen en wachtlijst door de tijd",
        "{name}: places, persons and waiting list over time",
    ),
    "trend_title_national": (
        "Landelijke cijfers door de tijd, zoals gepubliceerd",
        "National figures over time, as published",
    ),
    "trend_reading": (
        "Elk punt is één cijfer zoals de bron het geeft; een balk is de peilperiode, een verticale lijn een bereik "
        "(stippellijn omhoog: 'ruim'). Een lijn verbindt alleen aansluitende periodes van hetzelfde {subject} en "
        "dezelfde bron.",
        "Each point is one figure as its source gives it; a bar is the reference period, a vertical line a range "
        "(dashed upwards: 'at least'). A line joins only adjacent periods of the same {subject} and the same "
        "source.",
    ),
    "trend_subject_offer": ("aanbod", "offer"),
    "trend_subject_population": ("populatie", "population"),
    "trend_no_figures": (
        "Geen cijfers over plaatsen, personen of wachtlijst.",
        "No figures on places, persons or waiting list.",
    ),
    "trend_missing_metrics": ("Geen cijfers over: {names}.", "No figures on: {names}."),
    "trend_table_caption": (
        "Dezelfde cijfers als tabel, op datum, met de bron van elke waarde.",
        "The same figures as a table, by date, with the source of each value.",
    ),
    "national_trend_note": (
        "Deze grafiek toont alleen landelijke cijfers zoals bronnen ze publiceren, elk voor de populatie die de bron "
        "noemt (in de tooltip en de tabel). Ze zijn niet opgeteld uit gemeentelijke cijfers en niet over jaren "
        "gespreid; cijfers voor verschillende populaties zijn niet met elkaar te vergelijken. De grafiek beslaat alle "
        "peiljaren: het gekozen peiljaar geldt hier niet.",
        "This chart shows only national figures as sources publish them, each for the population the source names "
        "(in the tooltip and the table). They are not added up from municipal figures nor spread over years; "
        "figures for different populations are not comparable with each other. The chart covers every "
        "reference year: the chosen reference year does not apply here.",
    ),
}

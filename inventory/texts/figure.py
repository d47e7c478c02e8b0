"""Texts of a figure's permalink page and of citable snapshots (stand=)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "page_figure": ("Cijfer", "Figure"),
    # stand= (citable snapshots)
    "stand": ("Stand van", "As of"),
    "unknown_date": (
        "ongeldige stand {value} (gebruik JJJJ-MM-DD, vanaf 2000-01-01 tot en met vandaag)",
        "invalid stand {value} (use YYYY-MM-DD, from 2000-01-01 up to today)",
    ),
    "stand_notice": (
        "Stand van {date}: cijfers zoals ze toen in de database stonden.",
        "As of {date}: figures as they stood in the database then.",
    ),
    "stand_newer": (
        "Er zijn sindsdien {n} nieuwere of gecorrigeerde cijfers.",
        "Since then {n} newer or corrected figures have been entered.",
    ),
    "stand_newer_1": (
        "Er is sindsdien 1 nieuwer of gecorrigeerd cijfer.",
        "Since then 1 newer or corrected figure has been entered.",
    ),
    "stand_none_newer": ("Er zijn sindsdien geen nieuwere cijfers.", "No newer figures have been entered since."),
    "stand_before_first": (
        "Op {date} bevatte de monitor nog geen gegevens; de eerste invoer is van {first}.",
        "On {date} the monitor held no data yet; the first entry is from {first}.",
    ),
    "stand_to_current": ("Naar de huidige stand", "To the current figures"),
    "cite_link": ("Link om te citeren (stand van {date}):", "Link to cite (as of {date}):"),
    "cite_title": ("Citeren", "Cite"),
    "cite_sentence": (
        "Zo citeert u dit (kopieer met het pictogram rechtsboven):",
        "To cite this (copy with the icon at the top right):",
    ),
    "cite_stand": ("Stand {date}", "As of {date}"),
    "cite_in_place": ("{what} in {place}", "{what} in {place}"),
    # the permalink page
    "figure_choose": (
        "Geef een cijfer op met ?sleutel=<sleutel van het cijfer>, bijvoorbeeld via de cijfertabel van een gemeente.",
        "Name a figure with ?sleutel=<figure key>, for instance from a municipality's table of figures.",
    ),
    "figure_unknown": ("Onbekend cijfer: {figure}.", "Unknown figure: {figure}."),
    "figure_not_yet": (
        "Cijfer {figure} stond op {date} nog niet in de database.",
        "Figure {figure} was not in the database yet on {date}.",
    ),
    "figure_newer_version": (
        "Er is een nieuwere versie van dit cijfer: {figure} ({value}).",
        "There is a newer version of this figure: {figure} ({value}).",
    ),
    "figure_superseded": (
        "Dit cijfer is gecorrigeerd; de geldende versie is {figure} ({value}).",
        "This figure has been corrected; the current version is {figure} ({value}).",
    ),
    "figure_value": ("Waarde", "Value"),
    "figure_subject": ("Onderwerp", "Subject"),
    "figure_period": ("Peilperiode", "Reference period"),
    "figure_status": ("Status", "Status"),
    "figure_review": ("Beoordeling", "Review"),
    "figure_source": ("Bron", "Source"),
    "figure_entered": ("Ingevoerd", "Entered"),
    "figure_entered_text": ("{date} door {by}", "{date} by {by}"),
    "figure_history": ("Geschiedenis", "History"),
    "figure_key": ("Sleutel", "Key"),
    "figure_permalink": ("Vaste link", "Permalink"),
    "history_saved": ("ingevoerd", "entered"),
    "history_corrected": ("correctie van {figure}", "correction of {figure}"),
    "history_unchanged": ("ongewijzigd sinds vorige keer", "no change since last time"),
    "history_verified": ("geverifieerd", "verified"),
    "history_rejected": ("afgewezen: {reason}", "rejected: {reason}"),
    "history_when": ("Wanneer", "When"),
    "history_what": ("Wat", "What"),
    "history_by": ("Organisatie", "Organisation"),
    "history_this": ("dit cijfer", "this figure"),
}

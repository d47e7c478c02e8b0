"""Why the server refused what someone typed: one entry per problem, Dutch first. English is also
the text of the error itself (CLI, logs), so the two languages cannot drift apart. A text names no
internal column: a page puts the field's label before it, and the error itself names the column
(inventory.validation.Invalid)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "problem_raw": ("{message}", "{message}"),
    "problem_required": ("is verplicht", "is required"),
    "problem_too_long": ("is langer dan {limit} tekens", "is longer than {limit} characters"),
    "problem_street": (
        "noemt een straat of adres ('{found}'); publiceer geen adressen",
        "text names a street-like location ('{found}'); publish no addresses",
    ),
    "problem_address": (
        "heeft de vorm van een adres of postcode ('{found}'); publiceer geen adressen",
        "text has the shape of an address or postcode ('{found}'); publish no addresses",
    ),
    "problem_building": (
        "noemt een opvanggebouw ('{found}'); publiceer geen gebouwnamen",
        "text names a shelter building ('{found}'); publish no building names",
    ),
    "problem_whole_number": (
        "moet een heel getal van 0 of meer zijn, niet '{value}'",
        "must be a whole number of 0 or more, not '{value}'",
    ),
    "problem_not_yes_no": ("moet een heel getal zijn, geen ja/nee", "must be a whole number, not yes/no"),
    "problem_number": ("moet een getal zijn, niet '{value}'", "must be a number, not '{value}'"),
    "problem_negative": ("mag niet negatief zijn ('{value}')", "must not be negative ('{value}')"),
    "problem_choice": (
        "'{value}' is geen van de mogelijke waarden ({allowed_nl})",
        "'{value}' is not one of the possible values ({allowed_en})",
    ),
    "problem_range_parts": (
        "een bereik heeft een laagste en een hoogste waarde en geen losse waarde",
        "a range has a lowest and a highest value and no single value",
    ),
    "problem_range_order": (
        "de laagste waarde {low} is groter dan de hoogste {high}",
        "the lowest value {low} is greater than the highest {high}",
    ),
    "problem_range_only": (
        "een laagste en hoogste waarde horen alleen bij een bereik",
        "a lowest and a highest value belong only to a range",
    ),
    "problem_value_required": ("een waarde is verplicht", "a value is required"),
    "problem_date_format": (
        "moet een datum zijn, zoals 1-12-2026 of 2026-12-01, niet '{raw}'",
        "must be a date, such as 2026-12-01 or 1-12-2026 (day-month-year), not '{raw}'",
    ),
    "problem_future": (
        "{day:%d-%m-%Y} ligt in de toekomst (vandaag is {today:%d-%m-%Y})",
        "{day:%Y-%m-%d} is in the future (today is {today:%Y-%m-%d})",
    ),
    "problem_too_early": (
        "{day:%d-%m-%Y} ligt vóór {earliest:%d-%m-%Y}",
        "{day:%Y-%m-%d} is before {earliest:%Y-%m-%d}",
    ),
    "problem_no_figures": ("vul ten minste één cijfer in", "give at least one figure"),
    "problem_aggregate_only": (
        "hoort alleen bij de gepubliceerde landelijke tabellen",
        "is only for published aggregates",
    ),
    "problem_twice": ("staat er twee keer", "is given twice"),
    "problem_too_big": (
        "{value} is meer dan {limit_nl}; is het een tikfout?",
        "{value} is more than {limit_en}; is it a typing error?",
    ),
    "problem_after_closed": (
        "{day:%d-%m-%Y} ligt na de sluiting van het aanbod ({closed:%d-%m-%Y})",
        "{day:%Y-%m-%d} is after the facility closed ({closed:%Y-%m-%d})",
    ),
    "problem_before_opened": (
        "{day:%d-%m-%Y} ligt vóór de opening van het aanbod ({opened:%d-%m-%Y})",
        "{day:%Y-%m-%d} is before the facility opened ({opened:%Y-%m-%d})",
    ),
    "problem_nothing_to_repeat": ("heeft geen eerder cijfer om te herhalen", "has no earlier figure to repeat"),
    "problem_already_closed": (
        "het aanbod is al gesloten sinds {closed:%d-%m-%Y}",
        "the facility is already closed since {closed:%Y-%m-%d}",
    ),
    "problem_max_stay": (
        "moet 1 of meer zijn (laat leeg als het onbekend is)",
        "must be 1 or more (leave it empty when unknown)",
    ),
    "problem_database_refused": (
        "de database weigerde het opslaan ({reason}); er is niets opgeslagen",
        "the database refused the write ({reason}); nothing was written",
    ),
    "problem_repeat_later": (
        "het nieuwste cijfer voor {metric_nl} geldt al voor {newest:%d-%m-%Y}; "
        "'niets veranderd' herhaalt het voor een latere datum",
        "the newest {metric_en} figure is already for {newest:%Y-%m-%d}; 'no change' repeats it for a later date",
    ),
    "problem_no_figures_to_repeat": (
        "{subject} heeft geen cijfers om te herhalen",
        "{subject} has no figures to repeat",
    ),
    "problem_not_reviewable": (
        "{figure} is geen zelf gemeld cijfer en hoeft niet beoordeeld te worden",
        "{figure} is not a self-reported figure and needs no review",
    ),
    "problem_already_decided": ("{figure} is al {nl}", "{figure} is already {en}"),
    "problem_over_capacity": (
        "{occupancy} ({occupancy_value}) is meer dan {capacity} ({capacity_value})",
        "{occupancy} ({occupancy_value}) is more than {capacity} ({capacity_value})",
    ),
}

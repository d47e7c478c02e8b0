"""Texts of the bulk import: the template's explanation, the file checks, the row report and the
panel on the editors' page. Dutch first."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # the template's explanation (CSV comment lines and the README sheet); no ';' or '"' in these
    "import_readme_title": (
        "Opvangmonitor - importsjabloon: vul per rij een nieuw cijfer in en lever het bestand weer in.",
        "Opvangmonitor - import template: fill in a new figure per row and upload the file again.",
    ),
    "import_readme_rows": (
        "Elke rij is een gemeente als geheel (Voorziening (sleutel) leeg) of een voorziening, met een maat. "
        "Rijen zonder Waarde, Ondergrens en Bovengrens worden overgeslagen.",
        "Each row is a municipality as a whole (Offer key empty) or an offer, with a measure. "
        "Rows without Value, Low and High are skipped.",
    ),
    "import_readme_columns": (
        "Alleen ter informatie (worden genegeerd): Gemeente, Voorziening, Maat, Nu gepubliceerd, Periode nu en "
        "Toelichting nu. Laat Gemeentecode, Voorziening (sleutel), Maat (sleutel) en Versie staan.",
        "For reference only (ignored): Municipality, Offer, Measure, Published now, Period now and Current note. "
        "Keep Municipality code, Offer key, Measure key and Version as they are.",
    ),
    "import_readme_headers": (
        "De eerste kopregel is in het Nederlands, de tweede geeft de vaste sleutel van elke kolom (laat die "
        "staan). Ook een bestand met Engelse koppen of alleen sleutels wordt gelezen:",
        "The first header row is in English, the second gives each column's fixed key (keep it). A file with "
        "Dutch headers or keys only is read as well:",
    ),
    "import_readme_values": (
        "In te vullen: Waarde (heel getal van 0 of meer), of Kwalificatie bandbreedte met Ondergrens en "
        "Bovengrens, Peildatum (zoals 1-12-2026 of 2026-12-01, niet in de toekomst, niet voor 2000, "
        "vooraf ingevuld met de dag waarop het sjabloon is gemaakt), Hoe verkregen, Toelichting (verplicht) en "
        "Uitleg bij overbezetting (verplicht als de bezetting hoger is dan het aantal plaatsen, en wordt "
        "gepubliceerd). Geen adressen, straat- of gebouwnamen.",
        "To fill in: Value (a whole number of 0 or more), or Qualifier range with Low and High, Reference "
        "date (such as 2026-12-01, or 1-12-2026 as day-month-year, not in the future, not before 2000, "
        "filled in with the day the template was made), How obtained, Note (required) and Explanation of "
        "over-occupancy (required when occupancy is above places, and published). "
        "No addresses, street or building names.",
    ),
    "import_readme_limits": (
        "Grenzen: hoogstens {mb} MB en {rows_nl} rijen. CSV in UTF-8 met komma of puntkomma als scheidingsteken. "
        "XLSX met één gegevensblad, zonder formules en zonder samengevoegde cellen. "
        "Alles wordt opgeslagen of niets.",
        "Limits: at most {mb} MB and {rows_en} rows. CSV in UTF-8 with comma or semicolon as separator. "
        "XLSX with one data sheet, no formulas and no merged cells. Everything is stored or nothing.",
    ),
    # problems with the file as a whole
    "import_empty": ("Het bestand is leeg; er is niets opgeslagen.", "The file is empty; nothing was stored."),
    "import_too_big": (
        "Het bestand is {size} MB, meer dan de grens van {mb} MB; er is niets opgeslagen.",
        "The file is {size} MB, more than the limit of {mb} MB; nothing was stored.",
    ),
    "import_too_many_rows": (
        "Het bestand heeft te veel rijen ({rows}); de grens is {rows_nl}. Er is niets opgeslagen.",
        "The file has too many rows ({rows}); the limit is {rows_en}. Nothing was stored.",
    ),
    "import_binary": (
        "Dit is geen CSV- of XLSX-bestand (het bevat binaire gegevens); er is niets opgeslagen.",
        "This is not a CSV or XLSX file (it holds binary data); nothing was stored.",
    ),
    "import_encoding": (
        "Het bestand is niet in UTF-8 (regel {line}); sla het op als 'CSV UTF-8' en probeer opnieuw. "
        "Er is niets opgeslagen.",
        "The file is not UTF-8 (line {line}); save it as 'CSV UTF-8' and try again. Nothing was stored.",
    ),
    "import_csv_broken": (
        "Het CSV-bestand is onleesbaar bij regel {line} ({reason}); er is niets opgeslagen.",
        "The CSV file cannot be read at line {line} ({reason}); nothing was stored.",
    ),
    "import_not_xlsx": (
        "Het bestand is geen leesbaar XLSX-bestand ({reason}); er is niets opgeslagen.",
        "The file is not a readable XLSX file ({reason}); nothing was stored.",
    ),
    "import_sheets": (
        "Het XLSX-bestand moet precies één gegevensblad hebben (naast Uitleg of README), gevonden: {names}. "
        "Er is niets opgeslagen.",
        "The XLSX file must have exactly one data sheet (besides README or Uitleg), found: {names}. "
        "Nothing was stored.",
    ),
    "import_merged": (
        "Het XLSX-bestand heeft samengevoegde cellen ({cells}); maak ze los en probeer opnieuw. "
        "Er is niets opgeslagen.",
        "The XLSX file has merged cells ({cells}); unmerge them and try again. Nothing was stored.",
    ),
    "import_formulas": (
        "Het XLSX-bestand bevat formules ({cells}); vul waarden in, geen formules. Er is niets opgeslagen.",
        "The XLSX file holds formulas ({cells}); enter values, not formulas. Nothing was stored.",
    ),
    "import_no_header": (
        "Het bestand heeft geen kopregel met de kolommen van het sjabloon; er is niets opgeslagen.",
        "The file has no header row with the template's columns; nothing was stored.",
    ),
    "import_header": (
        "De kolommen kloppen niet met het sjabloon: ontbrekend {missing_nl}; onbekend of dubbel {extra}. "
        "Er is niets opgeslagen.",
        "The columns do not match the template: missing {missing_en}; unknown or twice {extra}. Nothing was stored.",
    ),
    "import_row_too_long": (
        "Regel {line} heeft {found} cellen, de kopregel {expected}; er is niets opgeslagen.",
        "Line {line} has {found} cells, the header {expected}; nothing was stored.",
    ),
    "import_nothing_filled": (
        "Er is geen enkele rij met een nieuw cijfer ingevuld; er is niets opgeslagen.",
        "No row has a new figure filled in; nothing was stored.",
    ),
    # problems with one row
    "import_no_rows": ("er is geen rij om te importeren", "there is no row to import"),
    "import_unknown_municipality": ("onbekende gemeentecode '{given}'", "unknown municipality code '{given}'"),
    "import_unknown_facility": ("onbekend aanbod '{offer}'", "unknown offer '{offer}'"),
    "import_facility_elsewhere": (
        "aanbod '{offer}' hoort bij {actual}, niet bij {given}",
        "offer '{offer}' belongs to {actual}, not to {given}",
    ),
    "import_out_of_scope": (
        "account '{account}' mag niet schrijven voor {subject} in {where}: het hele bestand is geweigerd",
        "account '{account}' may not write for {subject} in {where}: the whole file is refused",
    ),
    "import_twice": (
        "deze maat staat al op regel {line} voor hetzelfde onderwerp en dezelfde peildatum",
        "this measure is already on line {line} for the same subject and reference date",
    ),
    "import_over_capacity": (
        "{occupancy_nl} ({occupied_nl}) is meer dan {capacity_nl} ({places_nl}): geef een toelichting, "
        "die wordt gepubliceerd",
        "{occupancy_en} ({occupied_en}) is more than {capacity_en} ({places_en}): give an explanation, "
        "which is published",
    ),
    "import_bad_version": ("'{value}' is geen versienummer", "'{value}' is not a version number"),
    "import_stale": (
        "voor {subject} heeft iemand anders opgeslagen sinds dit sjabloon is gemaakt (versie {seen}, nu "
        "{current}); download een nieuw sjabloon",
        "someone else saved for {subject} since this template was made (version {seen}, now {current}); "
        "download a new template",
    ),
    # the template's column headers (its second header row holds the machine keys)
    "import_head_municipality_code": ("Gemeentecode", "Municipality code"),
    "import_head_municipality": ("Gemeente", "Municipality"),
    "import_head_facility_key": ("Voorziening (sleutel)", "Offer key"),
    "import_head_facility": ("Voorziening", "Offer"),
    "import_head_metric": ("Maat (sleutel)", "Measure key"),
    "import_head_measure": ("Maat", "Measure"),
    "import_head_current_value": ("Nu gepubliceerd", "Published now"),
    "import_head_current_period": ("Periode nu", "Period now"),
    "import_head_current_note": ("Toelichting nu", "Current note"),
    "import_head_version": ("Versie", "Version"),
    "import_head_qualifier": ("Kwalificatie", "Qualifier"),
    "import_head_value": ("Waarde", "Value"),
    "import_head_value_low": ("Ondergrens", "Low"),
    "import_head_value_high": ("Bovengrens", "High"),
    "import_head_reference_date": ("Peildatum", "Reference date"),
    "import_head_how_obtained": ("Hoe verkregen", "How obtained"),
    "import_head_note": ("Toelichting", "Note"),
    "import_head_explanation": ("Uitleg bij overbezetting", "Explanation of over-occupancy"),
    # report
    "import_col_line": ("Regel", "Line"),
    "import_col_column": ("Kolom", "Column"),
    "import_col_problem": ("Probleem", "Problem"),
    "import_col_subject": ("Gemeente / aanbod", "Municipality / offer"),
    "import_col_measure": ("Maat", "Measure"),
    "import_col_value": ("Nieuwe waarde", "New value"),
    "import_col_date": ("Peildatum", "Reference date"),
    "import_failed": (
        "{n} problemen gevonden. Er is niets opgeslagen.",
        "{n} problems found. Nothing was stored.",
    ),
    "import_failed_1": (
        "{n} probleem gevonden. Er is niets opgeslagen.",
        "{n} problem found. Nothing was stored.",
    ),
    "import_checked": (
        "Proefimport zonder problemen: {figures} te importeren, voor {subjects}; lege rijen overgeslagen: "
        "{skipped}. Er is nog niets opgeslagen.",
        "Dry run without problems: {figures} to import, for {subjects}; empty rows skipped: {skipped}. "
        "Nothing has been stored yet.",
    ),
    "import_done": (
        "Geïmporteerd: {figures} voor {subjects}, zelf gerapporteerd en nog niet beoordeeld (lege rijen "
        "overgeslagen: {skipped}).",
        "Imported: {figures} for {subjects}, self-reported and not yet reviewed (empty rows skipped: {skipped}).",
    ),
    # the panel
    "import_title": ("Bestand importeren", "Import a file"),
    "import_intro": (
        "Download het sjabloon met uw gemeenten en aanbod, vul nieuwe cijfers in en upload het. U ziet eerst een "
        "proefimport; pas als die zonder problemen is, kunt u importeren. Alles wordt opgeslagen of niets. "
        "Hoogstens {mb} MB en {rows_nl} rijen.",
        "Download the template with your municipalities and offers, fill in new figures and upload it. You first "
        "see a dry run; only when it has no problems can you import. Everything is stored or nothing. "
        "At most {mb} MB and {rows_en} rows.",
    ),
    "import_download_csv": ("Sjabloon (CSV)", "Template (CSV)"),
    "import_download_xlsx": ("Sjabloon (XLSX)", "Template (XLSX)"),
    "import_upload": ("Ingevuld sjabloon (CSV of XLSX)", "Filled-in template (CSV or XLSX)"),
    "import_commit": ("Importeren", "Import"),
    "import_planned": ("Wat wordt opgeslagen", "What will be stored"),
}

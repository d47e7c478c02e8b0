"""User-interface text in Dutch (first) and English. Enumeration labels live in enums.py."""

from __future__ import annotations

LANGS = ("nl", "en")

TEXT: dict[str, tuple[str, str]] = {
    # navigation and page titles
    "app_title": ("Opvangmonitor", "Opvangmonitor"),
    "tagline": (
        "Opvang voor migranten zonder verblijfsrecht in Nederland, per gemeente, met bron bij elk cijfer.",
        "Shelter for migrants without legal residence in the Netherlands, by municipality, "
        "with a source for every figure.",
    ),
    "page_overview": ("Overzicht", "Overview"),
    "page_map": ("Kaart", "Map"),
    "page_municipality": ("Gemeente", "Municipality"),
    "page_tables": ("Tabellen & export", "Tables & export"),
    "page_coverage": ("Dekking", "Coverage"),
    "language": ("Taal / Language", "Taal / Language"),
    # filters
    "filters": ("Filters", "Filters"),
    "year": ("Peiljaar", "Reference year"),
    "province": ("Provincie", "Province"),
    "shelter_form": ("Opvangvorm", "Shelter form"),
    "criterion": ("Toelatingscriterium", "Admission criterion"),
    "target_group": ("Doelgroep", "Target group"),
    "programme": ("Programma", "Programme"),
    "measure": ("Kaartmaat", "Map measure"),
    "measure_filter": ("Maat", "Measure"),
    "municipality": ("Gemeente", "Municipality"),
    "all": ("Alle", "All"),
    "copy_link": (
        "De filters staan in de adresbalk: kopieer de link om precies deze weergave te delen.",
        "The filters are in the address bar: copy the link to share exactly this view.",
    ),
    # figures
    "places": ("Plaatsen", "Places"),
    "persons": ("Opgevangen personen", "Persons sheltered"),
    "families": ("Gezinnen", "Families"),
    "waiting_list": ("Wachtlijst", "Waiting list"),
    "municipalities_with_shelter": ("Gemeenten met opvang", "Municipalities with shelter"),
    "municipalities_with_waiting_list": ("Gemeenten met wachtlijst", "Municipalities with a waiting list"),
    "no_data": ("geen gegevens", "no data reported"),
    "source": ("Bron", "Source"),
    "sources": ("Bronnen", "Sources"),
    "line": ("regel", "line"),
    "national_figures": ("Landelijke cijfers", "National figures"),
    "per_municipality_caption": (
        "Per gemeente in deze database: {offers} gemeenten met bekend opvangaanbod, {waiting} met een "
        "wachtlijstcijfer. Zie Dekking voor wat de landelijke cijfers daarvan kunnen plaatsen.",
        "Per municipality in this database: {offers} municipalities with a known shelter offer, {waiting} with a "
        "waiting-list figure. See Coverage for how much of the national figures that places.",
    ),
    "national_note": (
        "Landelijke cijfers zoals gepubliceerd. De 37 gemeenten van de inventarisatie 2017 worden in de bron niet "
        "genoemd; hun cijfers bestaan alleen als landelijke totalen en worden niet over gemeenten verdeeld.",
        "National figures as published. The 37 municipalities of the 2017 inventory are not named in the source; "
        "their figures exist only as national totals and are not spread over municipalities.",
    ),
    "inventory_2017": ("Landelijke inventarisatie 2017", "National inventory 2017"),
    "table_overview": ("Overzicht aantallen diverse soorten opvang", "Numbers by form of shelter"),
    "table_specialised": (
        "Uitsplitsing gespecialiseerde opvang naar criterium",
        "Specialised shelter by admission criterion",
    ),
    "trend": ("Verloop", "Trend"),
    "outcomes": ("Uitstroom", "Outcomes"),
    "no_trend": (
        "Voor deze maat is maar één peilmoment beschikbaar.",
        "Only one reference period is available for this measure.",
    ),
    "conflict": ("Bronnen spreken elkaar tegen", "Sources disagree"),
    # map
    "map_caption": (
        "Kleur: de gekozen maat per gemeente; grijs is 'geen gegevens', niet nul. Cirkels: plaatsen. "
        "Klik op een gemeente om haar pagina te openen.",
        "Colour: the chosen measure per municipality; grey means 'no data reported', not zero. Circles: places. "
        "Click a municipality to open its page.",
    ),
    "no_boundaries": (
        "Geen gemeentegrenzen beschikbaar ({reason}); de kaart toont alleen punten. Zet OPVANG_BOUNDARIES naar een "
        "GeoJSON-bestand met CBS-gemeentegrenzen, of start met internet zodat ze van PDOK worden gedownload.",
        "No municipality boundaries available ({reason}); the map shows points only. Set OPVANG_BOUNDARIES to a "
        "GeoJSON file of CBS municipality boundaries, or start online so they are downloaded from PDOK.",
    ),
    "legend": ("Legenda", "Legend"),
    "table_view": ("Dezelfde gegevens als tabel", "The same data as a table"),
    "open_municipality": ("Open gemeentepagina", "Open municipality page"),
    "forms_present": ("Aanwezige opvangvormen", "Shelter forms present"),
    "reporting_status": ("Rapportagestatus", "Reporting status"),
    "reported": ("gegevens gemeld", "data reported"),
    "offers_only": ("alleen aanbod bekend", "offers known, no figures"),
    # municipality page
    "choose_municipality": ("Kies een gemeente", "Choose a municipality"),
    "offers": ("Opvangaanbod", "Shelter offers"),
    "no_offers": (
        "Geen opvangaanbod bekend in de bronnen. Dat betekent niet dat er geen opvang is.",
        "No shelter offer known from the sources. That does not mean there is none.",
    ),
    "figures_over_time": ("Cijfers door de tijd", "Figures over time"),
    "programmes": ("Programma's", "Programmes"),
    "last_updated": ("Laatst bijgewerkt", "Last updated"),
    "by": ("door", "by"),
    "no_addresses": (
        "Opvangadressen worden nooit gepubliceerd: de gemeente is het fijnste niveau.",
        "Shelter addresses are never published: the municipality is the finest level.",
    ),
    # tables page
    "table_choice": ("Tabel", "Table"),
    "tbl_figures": ("Cijfers per gemeente en voorziening", "Figures by municipality and facility"),
    "tbl_facilities": ("Opvangaanbod", "Shelter offers"),
    "tbl_aggregates": ("Landelijke cijfers", "National figures"),
    "tbl_outcomes": ("Uitstroom", "Outcomes"),
    "download": ("Download", "Download"),
    "rows": ("rijen", "rows"),
    "preview_rows": (
        "de eerste {shown} van {total} rijen; de downloads bevatten alle rijen",
        "the first {shown} of {total} rows; the downloads hold every row",
    ),
    "licence_note": (
        "Licentie: CC BY 4.0 (Opvangmonitor); grenzen en codes CBS/Kadaster, CC BY 4.0. Elke rij noemt haar bron.",
        "Licence: CC BY 4.0 (Opvangmonitor); boundaries and codes CBS/Kadaster, CC BY 4.0. Every row names its source.",
    ),
    # coverage page
    "coverage_intro": (
        "Welke gemeenten hebben gegevens, hoe vers zijn ze, en hoeveel van de landelijke cijfers is per gemeente "
        "te plaatsen.",
        "Which municipalities have data, how fresh it is, and how much of the national figures can be placed "
        "per municipality.",
    ),
    "reported_municipalities": ("Gemeenten met gegevens", "Municipalities with data"),
    "freshness": ("Actualiteit", "Freshness"),
    "gaps": ("Gaten: dichtstbijzijnde opvang", "Gaps: nearest shelter"),
    "gaps_intro": (
        "Voor elke gemeente zonder opvang van de gekozen vorm: de dichtstbijzijnde gemeente met zo'n opvang, "
        "hemelsbreed tussen de gemeentepunten (RD New, EPSG:28992). Regiobinding kan toegang toch verhinderen.",
        "For each municipality without shelter of the chosen form: the nearest municipality with such shelter, "
        "as the crow flies between municipality points (RD New, EPSG:28992). Regional binding may still bar access.",
    ),
    "nearest": ("Dichtstbijzijnde opvang", "Nearest shelter"),
    "distance_km": ("Afstand (km)", "Distance (km)"),
    "no_shelter_known": ("Geen gemeente met deze opvangvorm bekend.", "No municipality with this form is known."),
    "years_old": ("jaar oud", "years old"),
}


def t(key: str, lang: str = "nl", **values: object) -> str:
    nl, en = TEXT[key]
    text = en if lang == "en" else nl
    return text.format(**values) if values else text


# Column headers of tables shown or exported in the UI.
COLUMNS: dict[str, tuple[str, str]] = {
    "municipality": ("Gemeente", "Municipality"),
    "municipality_code": ("Gemeentecode", "Municipality code"),
    "province": ("Provincie", "Province"),
    "facility": ("Voorziening", "Facility"),
    "label": ("Voorziening", "Facility"),
    "operator": ("Uitvoerder", "Operator"),
    "shelter_form": ("Opvangvorm", "Shelter form"),
    "shelter_forms": ("Opvangvormen", "Shelter forms"),
    "target_group": ("Doelgroep", "Target group"),
    "criteria": ("Criteria", "Criteria"),
    "programme": ("Programma", "Programme"),
    "programmes": ("Programma's", "Programmes"),
    "metric": ("Maat", "Measure"),
    "period_start": ("Periode van", "Period from"),
    "period_end": ("Periode tot", "Period to"),
    "reference_year": ("Peiljaar", "Reference year"),
    "display_value": ("Waarde", "Value"),
    "qualifier": ("Kwalificatie", "Qualifier"),
    "status": ("Status", "Status"),
    "source_title": ("Bron", "Source"),
    "source_file": ("Bronbestand", "Source file"),
    "source_line": ("Regel", "Line"),
    "quote": ("Citaat", "Quote"),
    "entered_by": ("Ingevoerd door", "Entered by"),
    "conflict_group": ("Tegenstrijdigheid", "Conflict"),
    "note": ("Toelichting", "Note"),
    "population": ("Populatie", "Population"),
    "table": ("Tabel", "Table"),
    "category": ("Categorie", "Category"),
    "hours": ("Openingsduur", "Hours"),
    "criterion": ("Criterium", "Criterion"),
    "detail": ("Detail", "Detail"),
    "share_pct": ("Aandeel (%)", "Share (%)"),
    "share_base": ("Aandeel van", "Share of"),
    "places_display": ("Plaatsen", "Places"),
    "persons_display": ("Personen", "Persons"),
    "waiting_list_display": ("Wachtlijst", "Waiting list"),
    "reporting": ("Status", "Status"),
    "last_period_end": ("Laatste peildatum", "Latest reference date"),
    "nearest_name": ("Dichtstbijzijnde opvang", "Nearest shelter"),
    "distance_km": ("Afstand (km)", "Distance (km)"),
    "name": ("Gemeente", "Municipality"),
    "code": ("Code", "Code"),
    "published": ("Gepubliceerd", "Published"),
    "municipal_records_sum": ("Som gemeentelijke records", "Sum of municipal records"),
    "municipalities_with_records": ("Gemeenten met records", "Municipalities with records"),
    "covered_pct": ("Gedekt (%)", "Covered (%)"),
    "organisation": ("Organisatie", "Organisation"),
    "scope": ("Niveau", "Scope"),
    "role": ("Rol", "Role"),
    "outcome": ("Uitkomst", "Outcome"),
    "key": ("Sleutel", "Key"),
    "facility_key": ("Voorziening (sleutel)", "Facility key"),
    "value": ("Getal", "Number"),
    "value_low": ("Ondergrens", "Low"),
    "value_high": ("Bovengrens", "High"),
    "source_key": ("Bron (sleutel)", "Source key"),
    "entered_at": ("Ingevoerd op", "Entered at"),
    "superseded_by": ("Vervangen door", "Superseded by"),
    "supersedes": ("Vervangt", "Supersedes"),
    "also_lines": ("Ook op regels", "Also on lines"),
    "nearest_offers": ("Aanbod daar", "Offers there"),
    "nearest_code": ("Code opvanggemeente", "Shelter municipality code"),
    "legal_guidance": ("Juridische begeleiding", "Legal guidance"),
    "legal_guidance_by": ("Juridische begeleiding door", "Legal guidance by"),
    "social_guidance": ("Maatschappelijke begeleiding", "Social guidance"),
    "day_activities": ("Dagbesteding", "Day activities"),
    "living_allowance": ("Leefgeld", "Living allowance"),
    "max_stay_months": ("Maximale verblijfsduur (maanden)", "Maximum stay (months)"),
    "regional_binding": ("Regiobinding", "Regional binding"),
    "opened_on": ("Geopend", "Opened"),
    "closed_on": ("Gesloten", "Closed"),
    "period_note": ("Periode (toelichting)", "Period note"),
    "period": ("Periode", "Period"),
    "series": ("Reeks", "Series"),
    "group": ("Populatie", "Population"),
    "values": ("Waarden zoals gepubliceerd", "Values as published"),
    "age": ("Leeftijd (jaar)", "Age (years)"),
}


def column_label(column: str, lang: str = "nl") -> str:
    pair = COLUMNS.get(column)
    if pair is None:
        return column
    return pair[1] if lang == "en" else pair[0]

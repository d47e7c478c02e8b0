"""User-interface text in Dutch (first) and English. Enumeration labels live in enums.py."""

from __future__ import annotations

from inventory.texts import merged_texts
from inventory.values import format_number

LANGS = ("nl", "en")

TEXT: dict[str, tuple[str, str]] = merged_texts()


def t(key: str, lang: str = "nl", **values: object) -> str:
    nl, en = TEXT[key]
    text = en if lang == "en" else nl
    return text.format(**values) if values else text


def tn(key: str, n: int, lang: str = "nl", **values: object) -> str:
    """`key`'s text with its words agreeing with the count `n` ("1 nieuw cijfer", "2 nieuwe
    cijfers"): the text `<key>_1` for one, where there is one; `{n}` as the language writes numbers."""
    chosen = f"{key}_1" if n == 1 and f"{key}_1" in TEXT else key
    return t(chosen, lang, n=format_number(n, lang), **values)


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
    # Notes are written in English in data/; a Dutch reader is told so rather than surprised.
    "note": ("Toelichting (Engelstalig)", "Note"),
    "population": ("Populatie", "Population"),
    "table": ("Tabel", "Table"),
    "category": ("Categorie", "Category"),
    "hours": ("Openingsduur", "Hours"),
    "criterion": ("Criterium", "Criterion"),
    "detail": ("Detail (woorden van de bron)", "Detail (source wording, Dutch)"),
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
    "period_note": ("Periode (toelichting, Engelstalig)", "Period note"),
    "period": ("Periode", "Period"),
    "series": ("Reeks", "Series"),
    "group": ("Populatie", "Population"),
    "values": ("Waarden zoals gepubliceerd", "Values as published"),
    "age": ("Leeftijd (jaar)", "Age (years)"),
    "source": ("Bron", "Source"),
    "review_status": ("Controle", "Review"),
    "how_obtained": ("Hoe verkregen", "How obtained"),
    "basis": ("Grond voor de status", "Basis of the status"),
    "explanation": ("Uitleg", "Explanation"),
    "source_publisher": ("Uitgever", "Publisher"),
    "source_year": ("Jaar bron", "Source year"),
    "parts": ("Aantal delen", "Number of parts"),
    "parts_period": ("Peilperiodes van de delen", "Reference periods of the parts"),
    "filters": ("Filters", "Filters"),
    "licence": ("Licentie", "Licence"),
    "src_key": ("Bron (sleutel)", "Source key"),
    "src_title": ("Titel", "Title"),
    "src_publisher": ("Uitgever", "Publisher"),
    "src_year": ("Jaar", "Year"),
    "src_seed_file": ("Bronbestand", "Source file"),
    "src_url": ("URL", "URL"),
    "src_licence": ("Licentie", "Licence"),
    "src_note": ("Toelichting", "Note"),
}


def column_label(column: str, lang: str = "nl") -> str:
    pair = COLUMNS.get(column)
    if pair is None:
        return column
    return pair[1] if lang == "en" else pair[0]


# Population and share-base texts are stored in English in data/; their Dutch wording lives here,
# keyed by the stored text. tests/test_i18n.py fails when a text in data/ has no Dutch label.
DUTCH_TEXTS: dict[str, str] = {
    "13 municipalities with own network and living allowance": "13 gemeenten met eigen netwerk en leefgeld",
    "21 municipalities with regular homeless shelter": "21 gemeenten met reguliere daklozenopvang",
    "23 municipalities with specialised shelter (of 37 interviewed)": (
        "23 gemeenten met gespecialiseerde opvang (van 37 geïnterviewde)"
    ),
    "37 interviewed municipalities": "37 geïnterviewde gemeenten",
    "9 municipalities with a waiting list (of 37 interviewed)": "9 gemeenten met een wachtlijst (van 37 geïnterviewde)",
    "Dutch municipalities (LVV pilot)": "Nederlandse gemeenten (LVV-pilot)",
    "Dutch municipalities allowed to offer BBB (agreement of 22 April 2015)": (
        "Nederlandse gemeenten die BBB mogen bieden (akkoord van 22 april 2015)"
    ),
    "LVV outflow, begin 2022 - begin 2023": "LVV-uitstroom, begin 2022 - begin 2023",
    "LVV pilot participants (final evaluation, Regioplan 2022)": (
        "Deelnemers LVV-pilot (eindevaluatie, Regioplan 2022)"
    ),
    "municipalities sheltering rejected foreigners (according to the VNG)": (
        "gemeenten die uitgeprocedeerde vreemdelingen opvangen (volgens de VNG)"
    ),
    "municipalities with undocumented people in regular homeless shelter": (
        "gemeenten met ongedocumenteerden in de reguliere daklozenopvang"
    ),
    "noodopvang organisations (Stichting LOS inventory)": "noodopvangorganisaties (inventarisatie Stichting LOS)",
    "noodopvang organisations that took part in the 2006 Stichting LOS inventory": (
        "noodopvangorganisaties die meededen aan de inventarisatie 2006 van Stichting LOS"
    ),
    "noodopvang organisations that took part in the 2013 Stichting LOS inventory": (
        "noodopvangorganisaties die meededen aan de inventarisatie 2013 van Stichting LOS"
    ),
    "people without residence rights dependent on others for shelter (national estimate)": (
        "mensen zonder verblijfsrecht die voor onderdak van anderen afhankelijk zijn (landelijke schatting)"
    ),
    "persons sheltered by noodopvang organisations known to Stichting LOS": (
        "personen opgevangen door noodopvangorganisaties bekend bij Stichting LOS"
    ),
    "persons sheltered by the 30 participating noodopvang organisations (2006 inventory)": (
        "personen opgevangen door de 30 deelnemende noodopvangorganisaties (inventarisatie 2006)"
    ),
    "persons sheltered by the 30 participating noodopvang organisations (2006 inventory, 782 persons)": (
        "personen opgevangen door de 30 deelnemende noodopvangorganisaties (inventarisatie 2006, 782 personen)"
    ),
    "persons supported by the 29 participating noodopvang organisations (2013 inventory)": (
        "personen ondersteund door de 29 deelnemende noodopvangorganisaties (inventarisatie 2013)"
    ),
    "rejected foreigners sheltered by municipalities (according to the VNG)": (
        "uitgeprocedeerde vreemdelingen opgevangen door gemeenten (volgens de VNG)"
    ),
    "residents of noodopvang locations (Stichting LOS data, as cited in 002)": (
        "bewoners van noodopvanglocaties (gegevens Stichting LOS, zoals aangehaald in 002)"
    ),
    "residents of noodopvang locations in 2013 (Stichting LOS data, as cited in 002)": (
        "bewoners van noodopvanglocaties in 2013 (gegevens Stichting LOS, zoals aangehaald in 002)"
    ),
    "residents of participating noodopvang organisations (Stichting LOS inventory)": (
        "bewoners van deelnemende noodopvangorganisaties (inventarisatie Stichting LOS)"
    ),
    # share bases of outcomes
    "residents": "bewoners",
    "solutions": "oplossingen",
    "LVV pilot participants": "deelnemers LVV-pilot",
    "LVV outflow with a durable solution": "LVV-uitstroom met een duurzame oplossing",
    "LVV outflow": "LVV-uitstroom",
}
TRANSLATED_COLUMNS = ("population", "share_base")

# The published tables, by their stored name.
TABLES: dict[str, tuple[str, str]] = {
    "inventory_2017_overview": ("Inventarisatie 2017: soorten opvang", "Inventory 2017: forms of shelter"),
    "inventory_2017_specialised": (
        "Inventarisatie 2017: gespecialiseerde opvang naar criterium",
        "Inventory 2017: specialised shelter by criterion",
    ),
    "outflow_2013_2015": ("Uitstroom noodopvang 2013–2015", "Emergency shelter outflow 2013–2015"),
    "text": ("Cijfer uit de lopende tekst", "Figure from the running text"),
}


def data_text(text: object, lang: str = "nl") -> object:
    """A population or share-base text of data/ in the chosen language (stored in English)."""
    if lang != "nl" or not isinstance(text, str):
        return text
    return DUTCH_TEXTS.get(text, text)


def table_label(name: object, lang: str = "nl") -> object:
    pair = TABLES.get(name) if isinstance(name, str) else None
    if pair is None:
        return name
    return pair[1] if lang == "en" else pair[0]

"""Texts of the data API's index (`/api/v1/`): the tables' titles and the page's headings."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "api_table_figures": (
        "Cijfers per voorziening of gemeente, met bron, peilperiode en geschiedenis",
        "Figures per offer or municipality, with source, period and history",
    ),
    "api_table_aggregates": (
        "Gepubliceerde landelijke en gegroepeerde cijfers (de tabellen van de inventarisatie 2017 en latere tellingen)",
        "Published national and grouped figures (the 2017 inventory tables and later counts)",
    ),
    "api_table_outcomes": (
        "Uitstroom van bewoners per categorie, met aandelen zoals gepubliceerd",
        "Outflow of residents by category, with shares as printed",
    ),
    "api_table_facilities": (
        "Opvangaanbod (nooit adressen), met voorzieningen en bron",
        "Shelter offers (never addresses), with services and source",
    ),
    "api_table_municipalities": (
        "Eén rij per gemeente: nieuwste plaatsen, personen en wachtlijst, opvangvormen en programma's",
        "One row per municipality: newest places, persons and waiting list, forms and programmes",
    ),
    "api_table_programme_memberships": (
        "Gemeenten in de programma's LVV en BBB",
        "Municipalities in the LVV and BBB programmes",
    ),
    "api_table_sources": ("De documenten die de cijfers citeren", "The documents every figure cites"),
    "api_table_gaps": (
        "Gemeenten zonder bekende opvang en de dichtstbijzijnde gemeente met opvang",
        "Municipalities without known shelter and the nearest municipality with it",
    ),
    "api_index_title": ("Opvangmonitor data-API", "Opvangmonitor data API"),
    "api_index_intro": (
        "Open data, alleen lezen: elke tabel als CSV (alle rijen) en JSON (pagina's van 1.000 rijen). "
        "Dezelfde filterparameters als de pagina's (jaar, provincie, vorm, criterium, doelgroep, programma, "
        "gemeente, cijfer, stand); taal=en geeft Engelse omschrijvingen.",
        "Read-only open data: every table as CSV (every row) and JSON (pages of 1,000 rows). The same filter "
        "parameters as the pages (jaar, provincie, vorm, criterium, doelgroep, programma, gemeente, cijfer, "
        "stand); taal=nl gives Dutch descriptions.",
    ),
    "api_index_tables": ("Tabellen", "Tables"),
    "api_index_table": ("Tabel", "Table"),
    "api_index_description": ("Omschrijving", "Description"),
    "api_index_documents": ("Beschrijving", "Description of the API"),
    "api_index_openapi": ("OpenAPI 3.1-document", "OpenAPI 3.1 document"),
    "api_index_catalog": ("DCAT-AP-NL-catalogus (JSON-LD)", "DCAT-AP-NL catalogue (JSON-LD)"),
    "api_index_figure": (
        "Eén cijfer met bron en geschiedenis: {template}",
        "One figure with its source and history: {template}",
    ),
    "api_index_licence": ("Licentie", "Licence"),
    "api_index_json": ("Dit overzicht als JSON", "This index as JSON"),
}

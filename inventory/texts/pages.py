"""Page texts (navigation, filters, the public pages, editing, sign-in and review), Dutch first."""

from __future__ import annotations

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
    "unnamed_source": ("Bron zonder titel", "Untitled source"),
    "line": ("regel", "line"),
    "lines": ("regels", "lines"),
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
    "conflict": ("Bronnen spreken elkaar tegen", "Sources disagree"),
    # what a filter, a sum and a count really are
    "filter_not_applied": (
        "{value} (niet van toepassing op deze tabel)",
        "{value} (does not apply to this table)",
    ),
    "filters_not_applied_note": (
        "Niet toegepast op deze tabel, want ze heeft die indeling niet: {names}.",
        "Not applied to this table, which has no such breakdown: {names}.",
    ),
    "no_rows_match": (
        "Geen rijen voor deze filters.",
        "No rows match these filters.",
    ),
    "sum_of_parts": (
        "som van {n} voorzieningen",
        "sum of {n} facilities",
    ),
    "sum_parts_caption": (
        "{label} {total} is de som van {n} voorzieningen, elk met eigen peilperiode en bron: {{parts}}.",
        "{label} {total} is the sum of {n} facilities, each with its own reference period and source: {{parts}}.",
    ),
    "sum_mixed_periods": (
        "Let op: de delen hebben verschillende peilperiodes.",
        "Note: the parts have different reference periods.",
    ),
    # a sum is of one moment (inventory.municipal.of_one_moment)
    "as_of_day": ("per {date}", "as of {date}"),
    "as_of_period": ("peilperiode {period}", "reference period {period}"),
    "outdated_latest": ("verouderd: laatste cijfer {period}", "outdated: latest figure {period}"),
    "outdated_left_out_one": ("1 voorziening niet meegeteld", "1 facility not counted"),
    "outdated_left_out": ("{n} voorzieningen niet meegeteld", "{n} facilities not counted"),
    "sum_window_caption": (
        "{label} {total} telt alleen cijfers waarvan de peilperiode eindigt tussen {start} en {end}, de 12 maanden "
        "tot het nieuwste cijfer. Niet meegeteld, want ouder: {{parts}}.",
        "{label} {total} counts only figures whose reference period ends between {start} and {end}, the 12 months "
        "up to the newest figure. Not counted, because older: {{parts}}.",
    ),
    "reference_period": ("Peilperiode", "Reference period"),
    "yes": ("ja", "yes"),
    "municipality_level": ("gemeentetotaal", "municipality total"),
    "inferred": ("afgeleid", "inferred"),
    "parts_title": ("Waaruit dit getal bestaat", "What this number is made of"),
    # signing in and editing
    "page_sign_in": ("Inloggen", "Sign in"),
    "page_edit": ("Mijn cijfers", "My figures"),
    "sign_in_intro": (
        "Voor gemeenten en opvangorganisaties die hun eigen cijfers bijhouden. De openbare pagina's hebben "
        "geen login nodig.",
        "For municipalities and shelter organisations that keep their own figures. The public pages need no sign-in.",
    ),
    "username": ("Gebruikersnaam", "Username"),
    "password": ("Wachtwoord", "Password"),
    "sign_in": ("Inloggen", "Sign in"),
    "sign_out": ("Uitloggen", "Sign out"),
    "sign_in_failed": ("Onbekende gebruikersnaam of onjuist wachtwoord.", "Unknown username or wrong password."),
    "locked_out": (
        "Te veel mislukte pogingen: inloggen met deze naam kan weer na {until} (Nederlandse tijd).",
        "Too many failed attempts: signing in with this name is possible again after {until} (Dutch time).",
    ),
    "signed_in_as": ("Ingelogd als {user} ({role}, {organisation}).", "Signed in as {user} ({role}, {organisation})."),
    "session_note": (
        "De sessie verloopt na 30 minuten zonder activiteit en eindigt bij uitloggen.",
        "The session expires after 30 minutes without activity and ends when you sign out.",
    ),
    "sign_in_first": ("Log eerst in om cijfers bij te houden.", "Sign in first to keep figures current."),
    "viewer_cannot_edit": (
        "Dit account mag geen cijfers invoeren (alleen lezen).",
        "This account may not enter figures (read only).",
    ),
    "edit_choose": ("Gemeente of voorziening", "Municipality or offer"),
    "edit_nothing": ("Dit account heeft (nog) niets om bij te houden.", "This account has nothing to keep yet."),
    "edit_intro": (
        "Vul alleen de cijfers in die veranderd zijn. Opslaan voegt nieuwe, gedateerde cijfers toe (zelf "
        "gerapporteerd door {organisation}, in afwachting van controle); oude cijfers blijven bewaard.",
        "Fill in only the figures that changed. Saving adds new, dated figures (self-reported by {organisation}, "
        "pending review); earlier figures are kept.",
    ),
    "edit_reference_date": ("Peildatum", "Reference date"),
    "edit_how": ("Hoe verkregen", "How obtained"),
    "edit_note": ("Toelichting (verplicht)", "Note (required)"),
    "edit_explanation": (
        "Uitleg bij bezetting boven capaciteit (wordt gepubliceerd)",
        "Explanation of occupancy above capacity (published)",
    ),
    "edit_save": ("Opslaan", "Save"),
    "edit_unchanged": ("Niets veranderd sinds vorige keer", "No change since last time"),
    "edit_current": ("Nu gepubliceerd", "Published now"),
    "edit_new": ("Nieuwe waarde", "New value"),
    "edit_saved": (
        "Opgeslagen voor {what}: {figures} per {day}: {values}. Zelf gerapporteerd, nog niet beoordeeld; "
        "de tabel toont nu het opgeslagen cijfer.",
        "Saved for {what}: {figures} as of {day}: {values}. Self-reported, not yet reviewed; the table now "
        "shows the stored figure.",
    ),
    "edit_confirmed": (
        "Bevestigd voor {what}: {figures} ongewijzigd per {day}: {values}.",
        "Confirmed for {what}: {figures} unchanged as of {day}: {values}.",
    ),
    "count_new_figures": ("{n} nieuwe cijfers", "{n} new figures"),
    "count_new_figures_1": ("{n} nieuw cijfer", "{n} new figure"),
    "count_figures": ("{n} cijfers", "{n} figures"),
    "count_figures_1": ("{n} cijfer", "{n} figure"),
    "count_subjects": ("{n} gemeenten of voorzieningen", "{n} municipalities or offers"),
    "count_subjects_1": ("{n} gemeente of voorziening", "{n} municipality or offer"),
    "edit_invalid": ("{field}: {message}", "{field}: {message}"),
    "edit_over_capacity": (
        "Bezetting boven capaciteit ({details}). Niets opgeslagen: geef een uitleg en sla opnieuw op.",
        "Occupancy above capacity ({details}). Nothing was saved: give an explanation and save again.",
    ),
    "edit_conflict": (
        "Iemand anders heeft sinds u deze pagina opende cijfers opgeslagen. Niets opgeslagen. Hun cijfers: "
        "{theirs}. Uw cijfers: {yours}. Laad de pagina opnieuw en sla uw cijfers daarna opnieuw op.",
        "Someone else saved figures since you opened this page. Nothing was saved. Theirs: {theirs}. "
        "Yours: {yours}. Reload the page, then save yours again.",
    ),
    # The write layer's reason is English (it serves the CLI too); in Dutch the page says what it means.
    "edit_not_allowed": (
        "Niet toegestaan: dit valt buiten de gemeenten en het aanbod van uw account, of uw account is "
        "uitgeschakeld. Er is niets opgeslagen.",
        "Not allowed: {reason}",
    ),
    "edit_busy": (
        "De database is bezet; niets opgeslagen, probeer het opnieuw.",
        "The database is busy; nothing was saved, try again.",
    ),
    "edit_refused": (
        "Niet opgeslagen: het gekozen aanbod, de gemeente of het cijfer bestaat niet (meer).",
        "Not saved: {reason}",
    ),
    "edit_reload": ("Opnieuw laden", "Reload"),
    "page_admin": ("Beheer", "Administration"),
    "admin_only": ("Alleen voor beheerders.", "For administrators only."),
    "review_title": ("Te controleren cijfers", "Figures to review"),
    "review_none": ("Er wachten geen cijfers op controle.", "No figures are waiting for review."),
    "review_pick": (
        "Kies een rij om het cijfer te verifiëren of af te wijzen.",
        "Choose a row to verify or reject the figure.",
    ),
    "review_verify": ("Verifiëren", "Verify"),
    "review_reject": ("Afwijzen", "Reject"),
    "review_reason": ("Reden van afwijzing (wordt gepubliceerd)", "Reason for rejection (published)"),
    "audit_title": ("Auditlog", "Audit log"),
    "audit_intro": (
        "Elke wijziging, weigering, aanmelding en blokkade: wie, wanneer, via welke route, oude en nieuwe waarde. "
        "Dit log noemt personen en is alleen voor beheerders.",
        "Every change, refusal, sign-in and lockout: who, when, by which route, old and new value. This log names "
        "people and is for administrators only.",
    ),
    "audit_user": ("Gebruiker", "User"),
    "audit_download": ("Download CSV", "Download CSV"),
    "no": ("nee", "no"),
    "published_in": ("gepubliceerd {year}", "published {year}"),
    "entered_note": (
        "In de database gezet: {date} door {by}. Dat is de invoerdatum, niet de peildatum van de cijfers.",
        "Entered into the database: {date} by {by}. That is when it was entered, not the figures' reference date.",
    ),
    "newest_reference_period": ("Nieuwste peilperiode", "Newest reference period"),
    "newest_period_of": (
        "Nieuwste peilperiode van de cijfers hier: {period} ({source}).",
        "Newest reference period of the figures here: {period} ({source}).",
    ),
    "count_offers_known": (
        "{n} van {total} gemeenten met bekend opvangaanbod",
        "{n} of {total} municipalities with a known shelter offer",
    ),
    "count_any_figure": (
        "{n} van {total} gemeenten met ten minste één cijfer",
        "{n} of {total} municipalities with at least one figure",
    ),
    "count_measure": (
        "{n} van {total} gemeenten met een cijfer voor {measure}",
        "{n} of {total} municipalities with a figure for {measure}",
    ),
    "count_measure_0": (
        "geen van de {total} gemeenten heeft een cijfer voor {measure}",
        "none of the {total} municipalities has a figure for {measure}",
    ),
    "target_group_applied": ("Doelgroep: {label}.", "Target group: {label}."),
    "target_group_includes_mixed": (
        "Opvang alleen voor deze groep en opvang voor mannen en vrouwen tellen allebei mee.",
        "Shelters for this group only and shelters for men and women both count.",
    ),
    "target_group_wider": (
        "Voor opvang die niemand anders opneemt: kies „{other}”.",
        "For shelters that take no one else: choose “{other}”.",
    ),
    "target_group_narrower": (
        "Opvang voor mannen en vrouwen telt niet mee; kies „{other}” om die mee te tellen.",
        "Shelters for men and women are not counted; choose “{other}” to include them.",
    ),
    "unknown_param": (
        "De link bevat een onbekende waarde: {what}. Dat filter is niet toegepast.",
        "The link holds an unknown value: {what}. That filter is not applied.",
    ),
    "unknown_municipality": ("onbekende gemeente {value}", "unknown municipality {value}"),
    "unknown_province": ("onbekende provincie {value}", "unknown province {value}"),
    "unknown_year": ("onbekend peiljaar {value}", "unknown reference year {value}"),
    "unknown_value": ("{param}={value}", "{param}={value}"),
    "seed_dataset": ("Opvangmonitor (startdataset uit de bronnen)", "Opvangmonitor (seed dataset from the sources)"),
    "nearest_offers_title": ("Dichtstbijzijnde bekend aanbod", "Nearest known offer"),
    "nearest_offers_intro": (
        "Voor {name} is geen opvangaanbod bekend in de bronnen (dat betekent niet dat er geen opvang is). "
        "Dichtstbijzijnde gemeenten met bekend aanbod, per opvangvorm, hemelsbreed:",
        "No shelter offer for {name} is known from the sources (that does not mean there is none). "
        "Nearest municipalities with a known offer, by shelter form, as the crow flies:",
    ),
    "no_known_offer": ("geen bekend aanbod", "no known offer"),
    "per_municipality_counts": (
        "Per gemeente in deze database: {offers}; {waiting}. Zie Dekking voor wat de landelijke cijfers daarvan "
        "kunnen plaatsen.",
        "Per municipality in this database: {offers}; {waiting}. See Coverage for how much of the national figures "
        "that places.",
    ),
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
    "row": ("rij", "row"),
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
    # map page: title, empty measures, missing boundaries, table selection
    "map_title_year": ("{measure} per gemeente, peiljaar {year}", "{measure} by municipality, reference year {year}"),
    "map_title_latest": (
        "{measure} per gemeente, nieuwste cijfer uit alle jaren",
        "{measure} by municipality, newest figure from all years",
    ),
    "map_none_reported": (
        "{n} van de {total} gemeenten melden {what}, dus de kaart kleurt geen enkele gemeente.",
        "{n} of {total} municipalities report {what}, so the map colours no municipality.",
    ),
    "map_what_places": ("een aantal plaatsen", "a number of places"),
    "map_what_persons": ("een aantal opgevangen personen", "a number of persons sheltered"),
    "map_what_waiting_list": ("een wachtlijst", "a waiting list"),
    "map_what_forms": ("een opvangvorm", "a shelter form"),
    "map_what_reporting": ("cijfers", "figures"),
    "no_boundaries_file": (
        "Geen gemeentegrenzen beschikbaar: het bestand in OPVANG_BOUNDARIES is niet te gebruiken, dus de kaart "
        "toont elke gemeente als punt.",
        "No municipality boundaries available: the file in OPVANG_BOUNDARIES cannot be used, so the map shows "
        "each municipality as a point.",
    ),
    "no_boundaries_offline": (
        "Geen gemeentegrenzen beschikbaar: er is geen grenzenbestand ingesteld (OPVANG_BOUNDARIES) en downloaden "
        "staat uit (OPVANG_OFFLINE), dus de kaart toont elke gemeente als punt.",
        "No municipality boundaries available: no boundary file is set (OPVANG_BOUNDARIES) and downloads are off "
        "(OPVANG_OFFLINE), so the map shows each municipality as a point.",
    ),
    "no_boundaries_download": (
        "Geen gemeentegrenzen beschikbaar: er is geen grenzenbestand ingesteld (OPVANG_BOUNDARIES) en de download "
        "bij PDOK lukte niet, dus de kaart toont elke gemeente als punt.",
        "No municipality boundaries available: no boundary file is set (OPVANG_BOUNDARIES) and the download from "
        "PDOK failed, so the map shows each municipality as a point.",
    ),
    "map_how_to_read": (
        "Kleur: de gekozen maat per gemeente; grijs is 'geen gegevens', niet nul. Ringen: plaatsen, met het "
        "oppervlak naar het aantal (op de schaal van de legenda zolang niet is ingezoomd). Klik op een gemeente op "
        "de kaart of kies een rij in de tabel om haar pagina te openen.",
        "Colour: the chosen measure per municipality; grey means 'no data reported', not zero. Rings: places, "
        "with the area by the number (at the legend's scale until you zoom in). Click a municipality on the map or "
        "select a row in the table to open its page.",
    ),
}

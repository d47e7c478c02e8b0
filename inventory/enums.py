"""Every enumeration of the domain, defined once, with Dutch and English labels.

The database stores the `value` (a stable English code); the UI shows `label(lang)`.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Dutch and an English label."""

    def __new__(cls, value: str, nl: str, en: str) -> LabelledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.nl = nl  # type: ignore[attr-defined]
        obj.en = en  # type: ignore[attr-defined]
        return obj

    def label(self, lang: str = "nl") -> str:
        return self.nl if lang == "nl" else self.en  # type: ignore[attr-defined]

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]

    @classmethod
    def parse(cls, raw: str) -> LabelledEnum:
        try:
            return cls(raw.strip())
        except ValueError:
            allowed = ", ".join(cls.values())
            raise ValueError(f"'{raw}' is not a valid {cls.__name__} (allowed: {allowed})") from None


class ShelterCategory(LabelledEnum):
    """The rows of the 2017 national inventory table."""

    REGULAR = ("regular", "Reguliere daklozenopvang", "Regular homeless shelter")
    SPECIALISED = (
        "specialised",
        "Opvang specifiek voor mensen zonder verblijfsrecht",
        "Specialised shelter for people without residence rights",
    )
    OWN_NETWORK = ("own_network", "Eigen netwerk met leefgeld", "Own network with living allowance")
    OTHER = ("other", "Overige opvang", "Other shelter")


class Hours(LabelledEnum):
    """The columns of the 2017 national inventory table."""

    NIGHT = ("night", "Alleen nachtopvang", "Night only")
    FULL_DAY = ("24h", "24-uursopvang", "24-hour")
    DAY = ("day", "Alleen dagopvang", "Day only")


class ShelterForm(LabelledEnum):
    REGULAR_NIGHT = (
        "regular_night",
        "Reguliere daklozenopvang (alleen nacht)",
        "Regular homeless shelter (night only)",
    )
    REGULAR_24H = (
        "regular_24h",
        "Reguliere daklozenopvang (24-uurs)",
        "Regular homeless shelter (24-hour)",
    )
    SPECIALISED_NIGHT = (
        "specialised_night",
        "Gespecialiseerde opvang (alleen nacht)",
        "Specialised shelter (night only)",
    )
    SPECIALISED_24H = (
        "specialised_24h",
        "Gespecialiseerde opvang (24-uurs)",
        "Specialised shelter (24-hour)",
    )
    OWN_NETWORK = (
        "own_network",
        "Eigen netwerk met leefgeld",
        "Own network with living allowance",
    )
    DAY_NIGHT_COMBINATION = (
        "day_night_combination",
        "Nachtopvang met dagopvang elders",
        "Night shelter with separate day shelter",
    )
    DAY_CENTRE = ("day_centre", "Dagopvang / inloop", "Day centre")
    FAMILY = ("family", "Gezinsopvang", "Family shelter")
    OTHER = ("other", "Overig", "Other")

    @property
    def category(self) -> ShelterCategory:
        return _FORM_CATEGORY[self]

    @property
    def hours(self) -> Hours | None:
        return _FORM_HOURS.get(self)


_FORM_CATEGORY = {
    ShelterForm.REGULAR_NIGHT: ShelterCategory.REGULAR,
    ShelterForm.REGULAR_24H: ShelterCategory.REGULAR,
    ShelterForm.SPECIALISED_NIGHT: ShelterCategory.SPECIALISED,
    ShelterForm.SPECIALISED_24H: ShelterCategory.SPECIALISED,
    ShelterForm.OWN_NETWORK: ShelterCategory.OWN_NETWORK,
    ShelterForm.DAY_NIGHT_COMBINATION: ShelterCategory.OTHER,
    ShelterForm.DAY_CENTRE: ShelterCategory.OTHER,
    ShelterForm.FAMILY: ShelterCategory.OTHER,
    ShelterForm.OTHER: ShelterCategory.OTHER,
}
_FORM_HOURS = {
    ShelterForm.REGULAR_NIGHT: Hours.NIGHT,
    ShelterForm.REGULAR_24H: Hours.FULL_DAY,
    ShelterForm.SPECIALISED_NIGHT: Hours.NIGHT,
    ShelterForm.SPECIALISED_24H: Hours.FULL_DAY,
    ShelterForm.OWN_NETWORK: Hours.FULL_DAY,
    ShelterForm.DAY_CENTRE: Hours.DAY,
}

# The five forms of the 2017 national inventory, in the report's order.
INVENTORY_FORMS: tuple[ShelterForm, ...] = (
    ShelterForm.REGULAR_NIGHT,
    ShelterForm.REGULAR_24H,
    ShelterForm.SPECIALISED_NIGHT,
    ShelterForm.SPECIALISED_24H,
    ShelterForm.OWN_NETWORK,
)


class Criterion(LabelledEnum):
    """Admission criteria. `prospects` merges legalisation and active return, as the 2017 report does."""

    PROSPECTS = (
        "prospects",
        "Kansrijk (kans op legalisering of bezig met terugkeer)",
        "Prospects (chance of legalisation or working on return)",
    )
    WOMEN_ONLY = ("women_only", "Alleen vrouwen", "Women only")
    VULNERABLE = ("vulnerable", "Kwetsbaren", "Vulnerable people")
    NONE = ("none", "Zonder voorwaarden", "No special criteria")
    RETURN_COOPERATION = (
        "return_cooperation",
        "Meewerken aan terugkeer of duurzame oplossing",
        "Cooperation with return or a durable solution",
    )
    MEDICAL_INDICATION = ("medical_indication", "Medische/GGD-indicatie", "Medical (GGD) indication")
    OTHER = ("other", "Overige voorwaarden", "Other conditions")


class TargetGroup(LabelledEnum):
    MEN = ("men", "Mannen", "Men")
    WOMEN = ("women", "Vrouwen", "Women")
    MIXED = ("mixed", "Mannen en vrouwen", "Men and women")
    FAMILIES = ("families", "Gezinnen", "Families")
    UNKNOWN = ("unknown", "Onbekend", "Unknown")


class TargetGroupFilter(LabelledEnum):
    """The target-group filter (`doelgroep`): who a reader looks for a place for.

    A woman can go to a shelter for women only and to one that takes men and women, so
    `women` finds both; `women_only` is its own choice. Men likewise. The published 2017
    tables have no such split: their "alleen vrouwen" rows are an admission criterion
    (`Criterion.WOMEN_ONLY`), which only `women_only` selects (inventory.applicability)."""

    # Short enough for the sidebar's select box; the map's caption says the rest in words.
    WOMEN = ("women", "Vrouwen (ook gemengd)", "Women (incl. mixed)")
    WOMEN_ONLY = ("women_only", "Alleen voor vrouwen", "Women only")
    MEN = ("men", "Mannen (ook gemengd)", "Men (incl. mixed)")
    MEN_ONLY = ("men_only", "Alleen voor mannen", "Men only")
    MIXED = ("mixed", "Mannen en vrouwen (gemengd)", "Men and women (mixed)")
    FAMILIES = ("families", "Gezinnen", "Families")
    UNKNOWN = ("unknown", "Doelgroep onbekend", "Target group unknown")

    @property
    def groups(self) -> tuple[TargetGroup, ...]:
        """The offers' target groups this choice finds."""
        return _FILTER_GROUPS[self]

    @property
    def counterpart(self) -> TargetGroupFilter | None:
        """'women' for 'women_only' and back: the other choice a reader may have meant."""
        return _COUNTERPARTS.get(self)


_FILTER_GROUPS = {
    TargetGroupFilter.WOMEN: (TargetGroup.WOMEN, TargetGroup.MIXED),
    TargetGroupFilter.WOMEN_ONLY: (TargetGroup.WOMEN,),
    TargetGroupFilter.MEN: (TargetGroup.MEN, TargetGroup.MIXED),
    TargetGroupFilter.MEN_ONLY: (TargetGroup.MEN,),
    TargetGroupFilter.MIXED: (TargetGroup.MIXED,),
    TargetGroupFilter.FAMILIES: (TargetGroup.FAMILIES,),
    TargetGroupFilter.UNKNOWN: (TargetGroup.UNKNOWN,),
}
_COUNTERPARTS = {
    TargetGroupFilter.WOMEN: TargetGroupFilter.WOMEN_ONLY,
    TargetGroupFilter.WOMEN_ONLY: TargetGroupFilter.WOMEN,
    TargetGroupFilter.MEN: TargetGroupFilter.MEN_ONLY,
    TargetGroupFilter.MEN_ONLY: TargetGroupFilter.MEN,
}


class Programme(LabelledEnum):
    LVV = ("lvv", "LVV (Landelijke Vreemdelingenvoorziening)", "LVV (national provision for foreign nationals)")
    BBB = ("bbb", "Bed-bad-brood (BBB)", "Bed-bath-bread (BBB)")
    MUNICIPAL = ("municipal", "Gemeentelijk programma", "Municipal programme")
    NONE = ("none", "Geen programma", "No programme")


class ProgrammeRole(LabelledEnum):
    """How a municipality takes part in a programme, as the source words it."""

    PILOT = ("pilot", "Pilotgemeente", "Pilot municipality")
    PARTICIPANT = ("participant", "Deelnemer", "Participant")


class OutcomeScope(LabelledEnum):
    """Whose outflow an outcome describes."""

    NATIONAL = ("national", "Landelijk", "National")
    ORGANISATION = ("organisation", "Organisatie", "Organisation")
    PROGRAMME = ("programme", "Programma", "Programme")
    MUNICIPALITY = ("municipality", "Gemeente", "Municipality")


class OrganisationKind(LabelledEnum):
    MUNICIPALITY = ("municipality", "Gemeente", "Municipality")
    NGO = ("ngo", "Maatschappelijke organisatie", "NGO")
    CHURCH_BASED = ("church_based", "Kerkelijke organisatie", "Church-based organisation")
    HOMELESS_SHELTER = ("homeless_shelter", "Daklozenopvang", "Homeless-shelter provider")
    LEGAL_AID = ("legal_aid", "Juridische hulp", "Legal aid")
    VLUCHTELINGENWERK = ("vluchtelingenwerk", "VluchtelingenWerk", "VluchtelingenWerk (Dutch Council for Refugees)")
    GOVERNMENT = ("government", "Rijksoverheid", "Central government")
    RESEARCH = ("research", "Onderzoek / koepel", "Research or umbrella body")
    OTHER = ("other", "Overig", "Other")


class Metric(LabelledEnum):
    PLACES = ("places", "Plaatsen", "Places")
    PERSONS = ("persons", "Opgevangen personen", "Persons sheltered")
    FAMILIES = ("families", "Gezinnen", "Families")
    FAMILY_PLACES = ("family_places", "Gezinsplaatsen", "Family places")
    WAITING_LIST = ("waiting_list", "Wachtlijst (personen)", "Waiting list (persons)")
    MUNICIPALITIES = ("municipalities", "Gemeenten", "Municipalities")
    ORGANISATIONS = ("organisations", "Organisaties", "Organisations")
    DEMAND = ("demand", "Vraag (personen)", "Demand (persons)")


class Qualifier(LabelledEnum):
    EXACT = ("exact", "exact", "exact")
    APPROXIMATE = ("approximate", "ongeveer", "approximately")
    AT_LEAST = ("at_least", "ruim / minstens", "at least")
    AT_MOST = ("at_most", "hooguit / minder dan", "at most")
    RANGE = ("range", "bandbreedte", "range")


class Status(LabelledEnum):
    COUNTED = ("counted", "Geteld", "Counted")
    ESTIMATED = ("estimated", "Geschat", "Estimated")
    SELF_REPORTED = ("self_reported", "Zelf gerapporteerd", "Self-reported")
    PUBLISHED_AGGREGATE = ("published_aggregate", "Gepubliceerd totaal", "Published aggregate")
    # The source gives the figure without saying how it was obtained.
    STATED = ("stated", "Vermeld door de bron (methode onbekend)", "Stated by the source (method unknown)")


# Statuses that claim how a figure was obtained: a seed row with one of them names its basis,
# the source's own words for the method.
METHOD_STATUSES: frozenset[Status] = frozenset({Status.COUNTED, Status.ESTIMATED, Status.SELF_REPORTED})


class TitleKind(LabelledEnum):
    """Where a source's title comes from."""

    DOCUMENT = ("document", "Titel uit het document", "Title from the document")
    CITED = ("cited", "Titel zoals een andere bron het document aanhaalt", "Title as another source cites the document")
    DESCRIPTIVE = ("descriptive", "Beschrijvende titel (niet van de bron)", "Descriptive title (not the source's own)")


class OutcomeCategory(LabelledEnum):
    ALL_SOLUTIONS = ("all_solutions", "Oplossing (totaal)", "Solution (total)")
    RESIDENCE_STATUS = ("residence_status", "Verblijfsstatus", "Residence status")
    RECEPTION = ("reception", "Terug naar COA/AZC-opvang", "Back to COA/AZC reception")
    RETURN = ("return", "Terugkeer", "Return")
    ONWARD_MIGRATION = ("onward_migration", "Doormigratie", "Onward migration")
    OTHER = ("other", "Overig", "Other")
    UNKNOWN = ("unknown", "Onbekend / met onbekende bestemming", "Unknown")


class Role(LabelledEnum):
    ADMIN = ("admin", "Beheerder", "Administrator")
    MUNICIPALITY_EDITOR = ("municipality_editor", "Gemeente-redacteur", "Municipality editor")
    ORGANISATION_EDITOR = ("organisation_editor", "Organisatie-redacteur", "Organisation editor")
    VIEWER = ("viewer", "Lezer", "Viewer")


class HowObtained(LabelledEnum):
    """How an editor obtained a self-reported figure, published with it."""

    COUNTED = ("counted", "Geteld op de peildatum", "Counted on the reference date")
    RECORDS = ("records", "Uit de eigen registratie", "From our own records")
    AGREED = ("agreed", "Volgens afspraak of contract", "As agreed or contracted")
    ESTIMATED = ("estimated", "Schatting", "Estimate")


def _plain(text: str) -> str:
    return " ".join(text.replace("_", " ").casefold().split())


# What a person types in an import file instead of a code, besides a label: one short word per
# language ("geteld"), listed in the template in its language.
TYPED_WORDS: dict[LabelledEnum, tuple[str, str]] = {
    Qualifier.EXACT: ("exact", "exact"),
    Qualifier.APPROXIMATE: ("ongeveer", "approximately"),
    Qualifier.AT_LEAST: ("minstens", "at least"),
    Qualifier.AT_MOST: ("hooguit", "at most"),
    Qualifier.RANGE: ("bandbreedte", "range"),
    HowObtained.COUNTED: ("geteld", "counted"),
    HowObtained.RECORDS: ("registratie", "records"),
    HowObtained.AGREED: ("afspraak", "agreed"),
    HowObtained.ESTIMATED: ("schatting", "estimate"),
}


def typed_word(member: LabelledEnum, lang: str = "nl") -> str:
    """The word a template in `lang` offers for `member` (its code when it has none)."""
    words = TYPED_WORDS.get(member)
    return member.value if words is None else words[0 if lang == "nl" else 1]


def from_typed(enum: type[LabelledEnum], raw: str) -> LabelledEnum | None:
    """The member `raw` names in either language: its code, its label (or a part of a label such
    as 'ruim / minstens'), or its typed word; any case and spacing. None when it names none."""
    wanted = _plain(raw)
    for member in enum:
        names = {member.value, member.label("nl"), member.label("en"), *TYPED_WORDS.get(member, ())}
        names |= {part for label in (member.label("nl"), member.label("en")) for part in label.split(" / ")}
        if wanted in {_plain(name) for name in names}:
            return member
    return None


class ReviewStatus(LabelledEnum):
    """An administrator's review of a self-reported figure."""

    PENDING = ("pending", "Nog niet beoordeeld", "Not yet reviewed")
    VERIFIED = ("verified", "Geverifieerd", "Verified")
    REJECTED = ("rejected", "Afgewezen", "Rejected")


class Route(LabelledEnum):
    """Through which door a write came in; every door goes through `inventory.writes`."""

    PAGE = ("page", "Webpagina", "Web page")
    CLI = ("cli", "Opdrachtregel", "Command line")
    IMPORT = ("import", "Import van een bestand", "File import")
    API = ("api", "API", "API")


class SessionEnd(LabelledEnum):
    """Why a sign-in session ended before its idle expiry."""

    LOGOUT = ("logout", "Afgemeld", "Signed out")
    PASSWORD_RESET = ("password_reset", "Wachtwoord opnieuw ingesteld", "Password reset")
    DISABLED = ("disabled", "Account uitgeschakeld", "Account disabled")


class AuditAction(LabelledEnum):
    """What an audit entry records; a refused write keeps the action that was attempted, except a
    refused import file, which saved no figure and is logged as the refused import it was."""

    FIGURE_SAVED = ("figure_saved", "Cijfer opgeslagen", "Figure saved")
    FIGURE_UNCHANGED = ("figure_unchanged", "Cijfer ongewijzigd bevestigd", "Figure confirmed unchanged")
    FIGURE_VERIFIED = ("figure_verified", "Cijfer geverifieerd", "Figure verified")
    FIGURE_REJECTED = ("figure_rejected", "Cijfer afgewezen", "Figure rejected")
    FACILITY_ADDED = ("facility_added", "Opvangvoorziening toegevoegd", "Facility added")
    FACILITY_CLOSED = ("facility_closed", "Opvangvoorziening gesloten", "Facility closed")
    ORGANISATION_ADDED = ("organisation_added", "Organisatie toegevoegd", "Organisation added")
    ACCOUNT_ADDED = ("account_added", "Account aangemaakt", "Account added")
    ACCOUNT_DISABLED = ("account_disabled", "Account uitgeschakeld", "Account disabled")
    ACCOUNT_ENABLED = ("account_enabled", "Account weer ingeschakeld", "Account enabled again")
    PASSWORD_RESET = ("password_reset", "Wachtwoord ingesteld", "Password set")
    SCOPE_CHANGED = ("scope_changed", "Bevoegdheid gewijzigd", "Scope changed")
    SIGNED_IN = ("signed_in", "Aangemeld", "Signed in")
    SIGN_IN_FAILED = ("sign_in_failed", "Aanmelden mislukt", "Sign-in failed")
    LOCKED_OUT = ("locked_out", "Aanmelden geblokkeerd na te veel pogingen", "Sign-in blocked after too many attempts")
    SIGN_IN_BLOCKED = ("sign_in_blocked", "Aanmeldpoging tijdens blokkade", "Sign-in attempt while blocked")
    SIGNED_OUT = ("signed_out", "Afgemeld", "Signed out")
    IMPORT_REFUSED = ("import_refused", "Import van een bestand geweigerd", "File import refused")

"""Parsing and validation of single values and rows, shared by the seed loader and editors.

Every parser raises `ValueError` with a message a person can act on; callers add file and line.

The privacy rule (`check_no_location`) refuses street names, withheld building names and, because
no list of streets is complete, the shapes of an address. It reads the text folded: NFKC, a small
table of Cyrillic and Greek look-alike letters mapped to Latin, accents off, letters written one by
one joined ('K a l v e r s t r a a t'), white space made single. Then it refuses:
- a word ending like a street ('-straat', '-str.', '-gracht', '-burgwal', ...), except the few
  words that are not streets ('Moerdijk', 'omweg');
- a Dutch postcode, four digits and two letters: '1012AB' and '1012ab' together, '1012 AB' with a
  space only in capitals, because '2017 en' is a year and a word;
- a capitalised name followed by a house number with an optional letter or addition ('Dam 1',
  'Overtoom 301-3', 'Damrak 147 hs', 'Plein 1945 5', 'Postbus 123': a PO box is refused too).
It lets pass what notes carry: a year ('Gemeente Amsterdam 2017', 'BBB 2015'), a number before a
measure word or a month ('Amsterdam 30 plaatsen', '24 uur', '1 dec 2026', '12%'), a number after
a word that orders or cites ('Artikel 3', 'Tabel 2', 'Footnote 308', 'The 782'), acronyms ('COA 2')
and anything in lower case ('artikel 3', 'dam 1': a name in lower case is not refused by shape).
A municipality's name followed by a bare number ('Amsterdam 12') is refused: it reads as an address.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from typing import TypeVar

from inventory.enums import METHOD_STATUSES, LabelledEnum, Qualifier, Status, TitleKind

E = TypeVar("E", bound=LabelledEnum)

GM_CODE = re.compile(r"^GM\d{4}$")
PV_CODE = re.compile(r"^PV\d{2}$")
KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")

# Street-like words: the people sheltered have no papers, so no location finer than the municipality
# is published (street names, building names).
_STREET = re.compile(
    r"\b[\w'-]+(?:(straat|laan|weg|plein|gracht|kade|dijk|singel|steeg|dreef|burgwal)\b|str\b\.?)\s*\d*",
    re.IGNORECASE,
)
# Names of shelter buildings that sources mention; stored hashed so this list does not publish them.
# Add one as `name_hash("the name")`, computed locally, never committed in clear.
_WITHHELD_NAME_HASHES = frozenset(
    {
        "2725b4c5c290fe0fce08f15300e79f50f1519bf1633f965a57ccb1631fe1aaf2",
        # Since migration 0007, which takes it out of databases seeded before.
        "1b8c029076d779fa89a7a00462f2c8db69b27a124cad230e87086b13ea68f227",
    }
)
# A withheld name is also found inside a longer word (a Dutch compound, a key whose parts are joined
# by '-'), so every stretch of letters is tried from this length up to the longest a name can be.
_NAME_LENGTHS = range(4, 41)
_LETTERS = re.compile(r"[^\W\d_]+")
# Words ending like a street suffix that are not locations (Moerdijk is a municipality).
_NOT_STREETS = frozenset(
    {
        "terugweg",
        "ontweg",
        "omweg",
        "tussenweg",
        "halfweg",
        "gezinshof",
        "zijweg",
        "rechtsweg",
        "weg",
        "snelweg",
        "spoorweg",
        "moerdijk",
    }
)


class Invalid(ValueError):
    """A refusal a page can say in the reader's language: `code` is a text key in
    inventory/texts/problems.py; the exception's own message is its English text."""

    def __init__(self, code: str, *, message: str | None = None, **params: object) -> None:
        from inventory.i18n import t  # i18n imports nothing from here, but keep the import local and cheap

        self.code, self.params = code, params
        # The texts name no column (a page puts the field's label before them); the error itself,
        # read in the loader's and the command line's messages, says which column it was.
        text = t(code, "en", **params)
        super().__init__(message or (f"column '{params['column']}': {text}" if "column" in params else text))


def _plain(word: str) -> str:
    """Lower case without accents, so 'Vóórbeeld' hashes like 'voorbeeld'."""
    decomposed = unicodedata.normalize("NFKD", word.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def name_hash(word: str) -> str:
    return hashlib.sha256(_plain(word).encode()).hexdigest()


def names_withheld(word: str, withheld_hashes: frozenset[str] | None = None) -> bool:
    """True if a withheld name is the word, a part of it between '-', '_' or '.', or a stretch of
    letters inside it ('rot-naam-x', 'Naamgebouw'). Default: the names withheld now."""
    if withheld_hashes is None:
        withheld_hashes = _WITHHELD_NAME_HASHES
    for letters in _LETTERS.findall(_plain(word)):
        for size in _NAME_LENGTHS:
            if size > len(letters):
                break
            for start in range(len(letters) - size + 1):
                if hashlib.sha256(letters[start : start + size].encode()).hexdigest() in withheld_hashes:
                    return True
    return False


def without_locations(text: str) -> str:
    """The text with every street-like name and withheld building name taken out; what a quote's
    omission marker may stand for leaves nothing behind."""
    kept = _STREET.sub(lambda m: m.group(0) if m.group(0).split()[0].strip("'-").lower() in _NOT_STREETS else " ", text)
    return " ".join(word for word in re.findall(r"[\w'-]+", kept) if not names_withheld(word))


# Look-alike letters people (or a probe) put in a street name so that a list does not know it:
# Cyrillic and Greek capitals and small letters that print like Latin ones. NFKC folds the
# full-width and compatibility forms first; this table maps what NFKC leaves alone.
_CONFUSABLES = str.maketrans(
    "АВЕЅІЈКМНОРСТХУаеіјорсхуѕԁһԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαβεικνορτυχ",
    "ABESIJKMHOPCTXYaeijopcxysdhqwABEZHIKMNOPTYXabeiknoptux",
)
# Letters written one by one ('K a l v e r s t r a a t'): three or more single letters, each
# followed by one space, are joined back into the word they spell.
_SPACED = re.compile(r"\b(?:[^\W\d_] ){2,}[^\W\d_]\b")
# A Dutch postcode: four digits (no leading 0) and two letters. With a space between them the
# letters must be capitals, because '2017 en' or '1995 op' is a year and a word; written together
# ('1012ab') any case is a postcode.
_POSTCODE = re.compile(r"\b[1-9]\d{3}(?: [A-Z]{2}|[A-Za-z]{2})\b")
# The shape of an address: a capitalised name of one or more words (or an abbreviation ending in
# '.', 'Kalverstr.'), optionally a number that is part of the name ('Plein 1945'), then a house
# number with an optional letter or addition ('12', '12a', '12-3', '147 hs', '3 bis').
_ADDRESS = re.compile(
    r"(?<![\w.-])(?P<name>[A-Z][a-z']+\.?(?:(?:[ -][a-z]{1,3})*[ -][A-Z][a-z']+\.?)*)"
    r"(?: (?P<year>1[89]\d\d|20\d\d))? (?P<number>[1-9]\d{0,4})"
    r"(?P<addition>[a-zA-Z]{1,2}\b|-\d+\b| hs\b| bis\b)?(?![\w,.:/]\d|[\w/]|-[^\W\d])"
)


def _words(text: str) -> frozenset[str]:
    """A word list written as prose lines, so it reads like the words it holds."""
    return frozenset(text.split())


# A number after these words is not a house number: it counts, orders or dates something.
_NOT_NAMES = _words(
    """artikel art lid bijlage tabel figuur grafiek hoofdstuk paragraaf pagina blz p regel noot voetnoot
    versie fase stap week dag maand jaar kwartaal q stand peil nummer nr no deel boek titel afdeling
    groep klas niveau periode ronde editie jaargang kamerstuk kamerstukken kamerbrief motie brief
    vraag vragen antwoord bron bladzijde figuren tabellen bijlagen sectie section table chapter page
    article annex figure appendix note footnote line step phase version wave golf meting
    de het een deze die dit dat the a an this that these those same all alle ook also of en and or
    in op van met voor na per ca circa ruim bijna ongeveer about nearly some total totaal tot to from
    vanaf sinds since with by at on for is zijn waren are were nog only slechts max maximaal minimaal
    includes including inclusief exclusief waarvan waaronder"""
)
# A number before these words counts or measures, so it is not a house number ('30 plaatsen').
_MEASURES = _words(
    """plaatsen plaats plekken plek bedden bed personen persoon mensen mens gezinnen gezin kinderen kind
    volwassenen jongeren vrouwen mannen uur uren dagen dag nachten nacht weken week maanden maand jaar
    jaren keer maal procent euro minuten kamers bewoners gemeenten gemeente opvanglocaties locaties
    places beds persons people families children hours hour days day nights weeks months years times
    percent""",
) | _words(
    """januari februari maart april mei juni juli augustus september oktober november december jan feb
    mrt apr jun jul aug sep sept okt nov dec"""
)
_LABEL_WORDS = _NOT_NAMES | _MEASURES


def _folded(text: str) -> str:
    """The text as the address rules read it: compatibility forms and look-alike letters made Latin,
    accents taken off, letters written one by one joined, runs of white space made one space. Case
    is kept: the shape of an address needs its capital."""
    text = unicodedata.normalize("NFKC", text).translate(_CONFUSABLES)
    text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    text = " ".join(text.split())
    return _SPACED.sub(lambda match: match.group(0).replace(" ", ""), text)


def _address_shape(text: str) -> str | None:
    """The first stretch of folded text shaped like an address or a postcode, or None."""
    if postcode := _POSTCODE.search(text):
        return postcode.group(0)
    for match in _ADDRESS.finditer(text):
        # The word before the number says what it is: 'Tabel 2', 'The 782', but 'De Dam 1' is a street.
        # A measure word before the number labels a count too ('Plaatsen 180').
        if match.group("name").replace("-", " ").split()[-1].strip(".'").lower() in _LABEL_WORDS:
            continue
        number = match.group("number")
        if match.group("year") is None and len(number) == 4 and number[:2] in {"18", "19", "20"}:
            continue  # a year: 'Gemeente Amsterdam 2017', 'BBB 2015'
        following = text[match.end() :].split(maxsplit=1)
        if following and following[0].strip(".,;:()").lower().rstrip("%") in _MEASURES:
            continue
        if text[match.end() : match.end() + 1] == "%" or (following and following[0].startswith("%")):
            continue
        return match.group(0)
    return None


def check_no_location(text: str | None, withheld_hashes: frozenset[str] | None = None) -> None:
    """Reject text (or a key) that names a street, a withheld building, or has the shape of an
    address (see `_ADDRESS` and `_POSTCODE`), after folding look-alike letters, accents and spacing."""
    if not text:
        return
    folded = _folded(text)
    for match in _STREET.finditer(folded):
        word = match.group(0).split()[0].strip("'-").lower()
        if word not in _NOT_STREETS:
            raise Invalid("problem_street", found=match.group(0).strip())
    if (shape := _address_shape(folded)) is not None:
        raise Invalid("problem_address", found=shape)
    for word in re.findall(r"[\w'-]+", text):
        if names_withheld(word, withheld_hashes):
            raise Invalid("problem_building", found=word)


def clean(raw: str | None) -> str | None:
    if raw is None:
        return None
    value = " ".join(raw.split())
    return value or None


def required(row: Mapping[str, str | None], column: str) -> str:
    value = clean(row.get(column))
    if value is None:
        raise ValueError(f"column '{column}' is required")
    return value


def parse_key(raw: str) -> str:
    """A slug that names no street or withheld building: keys are published in every URL and export."""
    if not KEY.match(raw):
        raise ValueError(f"key '{raw}' must be a lower-case slug (letters, digits, '-', '_', '.')")
    check_no_location(raw)
    return raw


def parse_gm_code(raw: str) -> str:
    if not GM_CODE.match(raw):
        raise ValueError(f"municipality code '{raw}' must look like GM0363")
    return raw


def parse_pv_code(raw: str) -> str:
    if not PV_CODE.match(raw):
        raise ValueError(f"province code '{raw}' must look like PV27")
    return raw


_DUTCH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")


def parse_day(raw: str) -> dt.date:
    """A day as people type it: ISO (2026-12-01) or the Dutch way (1-12-2026, 01-12-2026). Only
    with '-': '12/1/2026' could be an American 1 December and is refused rather than guessed."""
    text = raw.strip()
    dutch = _DUTCH_DAY.fullmatch(text)
    if dutch:
        day, month, year = (int(part) for part in dutch.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text)


def parse_int(raw: str | None, column: str) -> int | None:
    value = clean(raw)
    if value is None:
        return None
    if not re.fullmatch(r"\d+", value):
        raise Invalid("problem_whole_number", column=column, value=value)
    return int(value)


def parse_float(raw: str | None, column: str) -> float | None:
    value = clean(raw)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise Invalid("problem_number", column=column, value=value) from None
    if number < 0:
        raise Invalid("problem_negative", column=column, value=value)
    return number


def parse_bool(raw: str | None, column: str) -> bool | None:
    value = clean(raw)
    if value is None:
        return None
    lowered = value.lower()
    if lowered in {"yes", "ja", "true", "1"}:
        return True
    if lowered in {"no", "nee", "false", "0"}:
        return False
    raise ValueError(f"column '{column}' must be yes, no or empty, got '{value}'")


def parse_enum(enum: type[E], raw: str | None, column: str, *, optional: bool = False) -> E | None:
    value = clean(raw)
    if value is None:
        if optional:
            return None
        raise ValueError(f"column '{column}' is required")
    try:
        return enum(value)
    except ValueError:
        codes = ", ".join(enum.values())
        raise Invalid(
            "problem_choice",
            # A person reads the labels; the loader's message (data/ files hold codes) the codes.
            message=f"column '{column}': '{value}' is not one of {codes}",
            column=column,
            value=value,
            allowed_nl=", ".join(member.label("nl") for member in enum),
            allowed_en=", ".join(member.label("en") for member in enum),
        ) from None


def parse_enum_list(enum: type[E], raw: str | None, column: str) -> list[E]:
    value = clean(raw)
    if value is None:
        return []
    items = [item.strip() for item in value.split(";") if item.strip()]
    parsed = [parse_enum(enum, item, column) for item in items]
    return sorted({p for p in parsed if p is not None}, key=str)


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_period_date(raw: str | None, column: str, *, end: bool) -> dt.date | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a start reads as the first day, an end as the last."""
    value = clean(raw)
    if value is None:
        return None
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"column '{column}' must be YYYY, YYYY-MM or YYYY-MM-DD, got '{value}'")
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if day is not None:
            return dt.date(year, int(month), int(day))  # type: ignore[arg-type]
        if month is not None:
            m = int(month)
            return dt.date(year, m, calendar.monthrange(year, m)[1] if end else 1)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    except ValueError:
        raise ValueError(f"column '{column}': '{value}' is not a real date") from None


def parse_value(row: Mapping[str, str | None], *, allow_empty: bool = False) -> dict[str, object]:
    """The qualifier and value columns, checked against each other."""
    qualifier = parse_enum(Qualifier, row.get("qualifier") or "exact", "qualifier")
    value = parse_int(row.get("value"), "value")
    low = parse_int(row.get("value_low"), "value_low")
    high = parse_int(row.get("value_high"), "value_high")
    if qualifier is Qualifier.RANGE:
        if low is None or high is None or value is not None:
            raise Invalid("problem_range_parts")
        if low > high:
            raise Invalid("problem_range_order", low=low, high=high)
    else:
        if low is not None or high is not None:
            raise Invalid("problem_range_only")
        if value is None and not allow_empty:
            raise Invalid("problem_value_required")
    return {"qualifier": qualifier.value, "value": value, "value_low": low, "value_high": high}


# A period the source does not state is stored with this flag at the start of `period_note`;
# pages and exports show it as inferred.
INFERRED = "inferred:"


def _year_in(year: str, text: str) -> bool:
    return re.search(rf"(?<!\d){year}(?!\d)", text) is not None


def check_period_basis(row: Mapping[str, str | None]) -> None:
    """A period is either stated or flagged: every year of it appears in the quote or in
    `period_note` (which then gives the source's words for it), or `period_note` starts with
    'inferred:'. An inference written anywhere else in the note is refused, so the flag is never
    hidden in the middle of a sentence."""
    note = clean(row.get("period_note")) or ""
    if note.startswith(INFERRED):
        return
    if "inferred" in note.lower():
        raise ValueError(f"period_note: an inferred period starts with '{INFERRED}' so that pages and exports flag it")
    text = f"{clean(row.get('quote')) or ''} {note}"
    years = {value[:4] for column in ("period_start", "period_end") if (value := clean(row.get(column)))}
    missing = sorted(year for year in years if not _year_in(year, text))
    if missing:
        raise ValueError(
            f"period year {', '.join(missing)} is neither in the quote nor in period_note: give the source's words "
            f"for the period in period_note, or start period_note with '{INFERRED}'"
        )


def check_stated_date(row: Mapping[str, str | None], column: str) -> None:
    """A date column without an inferred flag (`opened`, `closed`) holds only a date its quote states:
    its year appears in the quote. An inferred date stays out of the column, in the note."""
    value = clean(row.get(column))
    if value is None:
        return
    if not _year_in(value[:4], clean(row.get("quote")) or ""):
        raise ValueError(
            f"column '{column}' ({value}) is not stated in the quote: leave it empty and keep the inference in the note"
        )


def parse_period(row: Mapping[str, str | None]) -> dict[str, object]:
    start = parse_period_date(row.get("period_start"), "period_start", end=False)
    end = parse_period_date(row.get("period_end"), "period_end", end=True)
    if start is None:
        raise ValueError("column 'period_start' is required")
    if end is None:
        end = parse_period_date(row.get("period_start"), "period_start", end=True)
    assert end is not None
    if start > end:
        raise ValueError(f"period_start {start} is after period_end {end}")
    return {"period_start": start, "period_end": end, "period_note": clean(row.get("period_note"))}


# A basis quotes the source's own words for how a figure was obtained, then their line:
# `'geschat wordt' (l.174)`, optionally followed by an explanation.
BASIS = re.compile(r"^'(?P<words>.+?)' \(l\.(?P<line>\d+)\)")


def parse_basis(raw: str | None, status: Status) -> str | None:
    """`basis` is required for a status that claims a method (counted, estimated, self-reported) and
    refused for the others: where the source says how a figure was obtained, its status says so."""
    basis = clean(raw)
    methods = ", ".join(sorted(m.value for m in METHOD_STATUSES))
    if status in METHOD_STATUSES:
        if basis is None:
            raise ValueError(
                f"status '{status.value}' needs a basis: the source's words for how the figure was obtained, "
                "as 'words' (l.N); without them the status is 'stated'"
            )
        if not BASIS.match(basis):
            raise ValueError(f"basis must start with the source's words and their line, as 'words' (l.N): '{basis}'")
    elif basis is not None:
        raise ValueError(f"a basis belongs to a status that claims a method ({methods}), not to '{status.value}'")
    check_no_location(basis)
    return basis


# A title we wrote ourselves says so in the title itself, so every page, export and citation shows it.
DESCRIPTIVE_MARK = "[beschrijvende titel]"


def parse_title(row: Mapping[str, str | None]) -> tuple[str, str]:
    """The title and where it comes from (`title_kind`); a descriptive title carries the mark."""
    title = required(row, "title")
    kind = parse_enum(TitleKind, row.get("title_kind"), "title_kind")
    assert kind is not None
    marked = title.startswith(DESCRIPTIVE_MARK)
    if kind is TitleKind.DESCRIPTIVE and not marked:
        raise ValueError(f"a descriptive title starts with '{DESCRIPTIVE_MARK}' so that readers see it is ours")
    if kind is not TitleKind.DESCRIPTIVE and marked:
        raise ValueError(f"title starts with '{DESCRIPTIVE_MARK}' but title_kind is '{kind.value}'")
    return title, kind.value

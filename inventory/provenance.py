"""Check the provenance of the seed dataset against the seed texts.

Every row of a CSV in `data/` that has `source`, `line` and `quote` columns must quote its seed
document exactly: the quote (whitespace folded) starts on the cited line, may run on over the next
few lines, and contains every number the row stores (`value`, `value_low`, `value_high`,
`share_pct`), written as digits ("1.435" or "1435") or as a Dutch number word ("elf", "twintig").

A `basis` (the source's words for how a figure was obtained, written `'words' (l.N) ...`) must
likewise quote the same seed document, starting on its line N.

A quote may leave words out where they name a street or a withheld building (the privacy rule):
the marker `[…]` (or `[...]`) stands for them. The parts between markers must then occur in that
order in the window, the first starting on the cited line, and what each marker leaves out must be
such a name, so a marker never drops a word that changes what the quote says.

Usage: `python -m inventory.provenance [DATA_DIR] [SEEDS_DIR]`; prints one line per problem.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path

from inventory.validation import without_locations

# A basis starts with the source's words in single quotes and their line: `'geschat wordt' (l.174)`.
BASIS = re.compile(r"^'(?P<words>.+?)' \(l\.(?P<line>\d+)\)")
# A quote may start on the cited line and run on over this many following lines.
WINDOW = 8
MAX_QUOTE_CHARS = 200
NUMERIC_COLUMNS = ("value", "value_low", "value_high", "share_pct")
PROVENANCE_COLUMNS = frozenset({"source", "line", "quote"})
# Stands for words of the source left out of a quote; both spellings are accepted.
OMISSION = re.compile(r"\[(?:…|\.\.\.)\]")
# What an omission may hold beside the name it stands for: spaces and punctuation, no signs.
_LOCATION_WORDS = re.compile(r"[\w'-]+")
_SIGNS = re.compile(r"[^\s,.;:()\"'’‘“”–—-]")

_BELOW_TWENTY = (
    "nul",
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
)
_TENS = {
    20: "twintig",
    30: "dertig",
    40: "veertig",
    50: "vijftig",
    60: "zestig",
    70: "zeventig",
    80: "tachtig",
    90: "negentig",
}


def fold(text: str) -> str:
    """Collapse every run of whitespace to a single space and strip the ends."""
    return " ".join(text.split())


def dutch_number_words(n: int) -> set[str]:
    """Dutch words for n (0..100), e.g. 25 -> {'vijfentwintig'}, 22 -> {'tweeëntwintig'}."""
    words: set[str] = set()
    if n < 0 or n > 100:
        return words
    if n == 100:
        return {"honderd"}
    if n < 20:
        words.add(_BELOW_TWENTY[n])
        if n == 1:
            words.add("één")
        return words
    tens, unit = divmod(n, 10)
    tens_word = _TENS[tens * 10]
    if unit == 0:
        return {tens_word}
    unit_word = _BELOW_TWENTY[unit]
    joiner = "ën" if unit_word.endswith("e") else "en"
    return {f"{unit_word}{joiner}{tens_word}"}


def _digit_forms(n: int) -> set[str]:
    forms = {str(n)}
    if n >= 1000:
        forms.add(f"{n:,}".replace(",", "."))
    return forms


def number_in_text(n: int, text: str) -> bool:
    """True if n is written in text as digits (Dutch thousands separator allowed) or as a Dutch word."""
    for form in _digit_forms(n):
        # Not part of a longer number: no digit (or '1.' of '1.435') around it.
        if re.search(rf"(?<![\d.,]){re.escape(form)}(?!\d|[.,]\d)", text):
            return True
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) for word in dutch_number_words(n))


def _alignments(joined: str, parts: Sequence[str], position: int) -> Iterator[list[str]]:
    """Every way `parts` occur in order from `position`, each after some left-out text: the text
    each marker leaves out, per way (all of them, so that a short part such as 'de' may be found
    at its second place when its first leaves out more than a name)."""
    if not parts:
        yield []
        return
    part, rest = parts[0], parts[1:]
    start = joined.find(part, position)
    while start != -1:
        gap = joined[position:start].strip()
        if gap:
            for later in _alignments(joined, rest, start + len(part)):
                yield [gap, *later]
        start = joined.find(part, start + 1)


def quote_omissions(lines: Sequence[str], line: int, quote: str) -> list[str] | None:
    """What the quote's markers leave out (an empty list without markers), or None if the quote is not
    in the text starting on `line` (1-based): its parts in order, the first beginning on that line.
    Of several ways the parts fit, one whose omissions are all allowed (`_omission_problems`) is
    taken; else the first, so that the check can name what it leaves out."""
    first = fold(lines[line - 1])
    joined = fold(" ".join(lines[line - 1 : line + WINDOW]))
    head, *rest = [fold(part) for part in OMISSION.split(fold(quote))]
    # Adjacent markers are one omission; a marker at the end leaves out words that cannot be seen.
    trailing = bool(rest) and not rest[-1]
    rest = [part for part in rest if part]
    if not head:  # a quote starts with the source's words, so that its line says where it begins
        return None
    found: list[str] | None = None
    start = joined.find(head)
    while start != -1 and start < len(first):
        for omitted in islice(_alignments(joined, rest, start + len(head)), _MAX_ALIGNMENTS):
            omitted = [*omitted, ""] if trailing else omitted
            if not _omission_problems(omitted):
                return omitted
            found = omitted if found is None else found
        start = joined.find(head, start + 1)
    return found


# Ways a quote with markers is tried against its text, at most: enough for any real quote.
_MAX_ALIGNMENTS = 200


def quote_at_line(lines: Sequence[str], line: int, quote: str) -> bool:
    """True if the folded quote occurs in the text starting on `line` (1-based) and begins on that line;
    each `[…]` in it stands for words left out."""
    return quote_omissions(lines, line, quote) is not None


def _omission_problems(omitted: Sequence[str]) -> list[str]:
    """A marker stands only for names the privacy rule withholds, never for other words."""
    problems = []
    for words in omitted:
        if not words:
            problems.append("'[…]' ends the quote: it stands for no words the checker can see")
        elif (rest := without_locations(words)) or not re.search(r"\w", words):
            left = rest or words
            problems.append(f"'[…]' leaves out '{left}', which is no street or withheld building name")
        elif _SIGNS.search(_LOCATION_WORDS.sub(" ", words)):
            # Signs that change what a number says ('40%', '€ 40') may not be left out with a name.
            problems.append(f"'[…]' leaves out '{words}', which holds more than a street or building name")
    return problems


def _load_sources(data_dir: Path) -> tuple[dict[str, str], list[str]]:
    path = data_dir / "sources.csv"
    if not path.is_file():
        return {}, [f"sources.csv: not found in {data_dir}"]
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return {row["key"].strip(): (row.get("seed_file") or "").strip() for row in reader}, []


def _check_row(
    row: dict[str, str],
    seed_files: dict[str, str],
    seeds_dir: Path,
    seed_cache: dict[str, list[str] | None],
    *,
    has_quote: bool,
) -> list[str]:
    source = (row.get("source") or "").strip()
    raw_line = (row.get("line") or "").strip()
    quote = row.get("quote") or ""
    if not source and not raw_line and not quote.strip():
        return []
    if source not in seed_files:
        return [f"unknown source '{source}' (not a key of sources.csv)"]
    seed_file = seed_files[source]
    if seed_file not in seed_cache:
        seed_path = seeds_dir / seed_file
        seed_cache[seed_file] = seed_path.read_text(encoding="utf-8").splitlines() if seed_path.is_file() else None
    lines = seed_cache[seed_file]
    if lines is None:
        return [f"seed file '{seed_file}' of source '{source}' not found in {seeds_dir}"]
    try:
        line = int(raw_line)
    except ValueError:
        return [f"line '{raw_line}' is not a number"]
    if not 1 <= line <= len(lines):
        return [f"line {line} is outside {seed_file} (1..{len(lines)})"]
    if not has_quote:
        return []
    problems: list[str] = []
    folded = fold(quote)
    if not folded:
        return ["quote is empty"]
    if len(folded) > MAX_QUOTE_CHARS:
        problems.append(f"quote is {len(folded)} characters (at most {MAX_QUOTE_CHARS})")
    omitted = quote_omissions(lines, line, folded)
    if omitted is None:
        problems.append(f"quote not found starting at {seed_file} line {line}: '{folded}'")
    else:
        problems.extend(_omission_problems(omitted))
    for column in NUMERIC_COLUMNS:
        raw = (row.get(column) or "").strip()
        if not raw:
            continue
        try:
            number = int(raw)
        except ValueError:
            problems.append(f"{column} '{raw}' is not a whole number")
            continue
        if not number_in_text(number, folded):
            problems.append(f"{column} {number} does not appear in the quote")
    problems.extend(_check_basis(row.get("basis") or "", lines, seed_file))
    return problems


def _check_basis(raw: str, lines: Sequence[str], seed_file: str) -> list[str]:
    basis = fold(raw)
    if not basis:
        return []
    match = BASIS.match(basis)
    if match is None:
        return [f"basis does not start with the source's words and their line ('words' (l.N)): '{basis}'"]
    line = int(match["line"])
    if not 1 <= line <= len(lines):
        return [f"basis line {line} is outside {seed_file} (1..{len(lines)})"]
    omitted = quote_omissions(lines, line, match["words"])
    if omitted is None:
        return [f"basis words not found starting at {seed_file} line {line}: '{match['words']}'"]
    return _omission_problems(omitted)


def check_quotes(data_dir: Path, seeds_dir: Path) -> list[str]:
    """Check every CSV in data_dir with provenance columns; one message per problem."""
    seed_files, problems = _load_sources(data_dir)
    seed_cache: dict[str, list[str] | None] = {}
    for path in sorted(data_dir.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            columns = set(reader.fieldnames or ())
            if not {"source", "line"} <= columns:
                continue
            has_quote = columns >= PROVENANCE_COLUMNS
            for row in reader:
                key = (row.get("key") or "").strip()
                for reason in _check_row(row, seed_files, seeds_dir, seed_cache, has_quote=has_quote):
                    problems.append(f"{path.name} line {reader.line_num} (key {key}): {reason}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    repo = Path(__file__).resolve().parents[1]
    data_dir = Path(args[0]) if args else repo / "data"
    seeds_dir = Path(args[1]) if len(args) > 1 else repo.parent / "shared" / "seeds"
    problems = check_quotes(data_dir, seeds_dir)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

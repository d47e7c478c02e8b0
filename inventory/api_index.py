"""The data API's front door, `/api/v1/`: every table with its CSV and JSON links, the OpenAPI
document, the catalogue and the licence, as JSON for programs and as a short HTML page for a
person who opens it in a browser. Plain Python; the route only picks the format.

The HTML page is self-contained (no outside style sheet, script, font or image) and every text
in it is escaped, the base URL included: it comes from the request's Host header."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import urlencode

from inventory.catalog import TITLE
from inventory.columns import TABLES
from inventory.exports import LICENCE, LICENCE_TEXTS
from inventory.i18n import t
from inventory.opendata import API_PREFIX, LANG_PARAM, LANGS, ParameterError

FORMATS = ("csv", "json")
FORMAT_PARAM = "_format"
INDEX_FORMATS = ("json", "html")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
PERMALINK_TEMPLATE = API_PREFIX + "/figures/{key}.json"
_SLOT = "\x00"  # where markup goes into an escaped sentence
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;"
    "color:#1f2328}table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;"
    "padding:.35rem .5rem;border-bottom:1px solid #d0d7de}code{font-size:.9em}a{color:#0b57d0}"
)


def parse(params: Mapping[str, Sequence[str]], accept: str) -> tuple[str, str]:
    """The language and format an index request asks for: `taal` (nl/en) and `_format`
    (json/html), else HTML when the client prefers it to JSON (a browser's Accept header),
    else JSON. Unknown or repeated parameters are a ParameterError, as on every API route."""
    accepted = [LANG_PARAM, FORMAT_PARAM]
    for name, values in params.items():
        if name not in accepted:
            raise ParameterError(name, f"unknown parameter '{name}'", accepted)
        if len(values) != 1:
            raise ParameterError(name, f"parameter '{name}' given {len(values)} times; give it once")
    lang = params.get(LANG_PARAM, ["nl"])[0]
    if lang not in LANGS:
        raise ParameterError(LANG_PARAM, f"unknown language '{lang}'", LANGS)
    fmt = params.get(FORMAT_PARAM, [None])[0]
    if fmt is not None and fmt not in INDEX_FORMATS:
        raise ParameterError(FORMAT_PARAM, f"unknown format '{fmt}'", INDEX_FORMATS)
    return lang, fmt or ("html" if prefers_html(accept) else "json")


def prefers_html(accept: str) -> bool:
    """True when the Accept header ranks text/html above application/json (RFC 9110 §12.5.1):
    a browser's `text/html,...,*/*;q=0.8` does; `*/*`, none or `application/json` does not."""
    ranges: list[tuple[str, float]] = []
    for item in accept.lower().split(","):
        media, *options = (part.strip() for part in item.split(";"))
        q = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))

    def quality(wanted: str) -> float:
        # The most specific range that matches decides: type/subtype, then type/*, then */*.
        for candidate in (wanted, wanted.split("/")[0] + "/*", "*/*"):
            found = [q for media, q in ranges if media == candidate]
            if found:
                return max(found)
        return 0.0

    return quality("text/html") > quality("application/json")


def _url(base: str, path: str, lang: str) -> str:
    return f"{base}{path}?{urlencode({LANG_PARAM: lang})}"


def index(base: str, lang: str = "nl") -> dict[str, Any]:
    """What the API serves, with absolute links under `base` (the app's public base URL)."""
    lang = lang if lang in LANGS else "nl"
    return {
        "title": TITLE[lang],
        "description": t("api_index_intro", lang),
        "language": lang,
        "tables": [
            {
                "name": name,
                "title": t(f"api_table_{name}", lang),
                **{fmt: _url(base, f"{API_PREFIX}/{name}.{fmt}", lang) for fmt in FORMATS},
            }
            for name in TABLES
        ],
        "openapi": f"{base}{API_PREFIX}/openapi.json",
        "catalog": f"{base}{API_PREFIX}/catalog.jsonld",
        "figure_template": base + PERMALINK_TEMPLATE,
        "licence": {**LICENCE, "text": LICENCE_TEXTS[lang]},
        "languages": {code: _url(base, f"{API_PREFIX}/", code) for code in LANGS},
    }


def _link(url: str, text: str | None = None) -> str:
    return f'<a href="{escape(url)}">{escape(text if text is not None else url)}</a>'


def index_html(document: dict[str, Any]) -> str:
    """The index as a short page in its language: tables with their links, then the documents."""
    lang = document["language"]
    other = next(code for code in LANGS if code != lang)
    rows = "\n".join(
        f"<tr><td><code>{escape(row['name'])}</code></td><td>{escape(row['title'])}</td>"
        f"<td>{_link(row['csv'], 'CSV')} · {_link(row['json'], 'JSON')}</td></tr>"
        for row in document["tables"]
    )
    licence = document["licence"]
    template = f"<code>{escape(document['figure_template'])}</code>"
    figure = escape(t("api_index_figure", lang, template=_SLOT)).replace(_SLOT, template)
    json_link = document["languages"][lang].replace(f"{API_PREFIX}/?", f"{API_PREFIX}/?_format=json&", 1)
    return f"""<!doctype html>
<html lang="{escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(t("api_index_title", lang))}</title>
<style>{_STYLE}</style>
</head>
<body>
<p>{_link(document["languages"][other], LANGUAGE_NAMES[other])}</p>
<h1>{escape(t("api_index_title", lang))}</h1>
<p>{escape(document["description"])}</p>
<h2>{escape(t("api_index_tables", lang))}</h2>
<table>
<thead><tr><th>{escape(t("api_index_table", lang))}</th><th>{escape(t("api_index_description", lang))}</th>
<th>Data</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<h2>{escape(t("api_index_documents", lang))}</h2>
<ul>
<li>{_link(document["openapi"], t("api_index_openapi", lang))}</li>
<li>{_link(document["catalog"], t("api_index_catalog", lang))}</li>
<li>{figure}</li>
<li>{_link(json_link, t("api_index_json", lang))}</li>
</ul>
<h2>{escape(t("api_index_licence", lang))}</h2>
<p>{_link(licence["path"], licence["title"])}. {escape(licence["text"])}</p>
</body>
</html>
"""

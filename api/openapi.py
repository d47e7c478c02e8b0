"""The OpenAPI 3.1 description of the data API, built from the same registries the routes use,
so the document cannot drift from what the routes answer."""

from __future__ import annotations

from typing import Any

from inventory import __version__
from inventory.api_index import FORMAT_PARAM, INDEX_FORMATS
from inventory.columns import TABLE_TITLES, json_type, table_columns
from inventory.enums import TargetGroupFilter
from inventory.filters import PARAMS
from inventory.opendata import (
    API_PREFIX,
    API_TABLES,
    DEFAULT_SIZE,
    ENUM_PARAMS,
    LANG_PARAM,
    LANGS,
    MAX_SIZE,
    NEXT_PARAM,
    SIZE_PARAM,
    Known,
    filter_params,
)

_FILTER_TEXT = {
    "year": "Reference year: the year a figure's period ends in",
    "province": "CBS province code, e.g. PV27",
    "shelter_form": "Shelter form",
    "criterion": "Admission criterion",
    # From the enum, so the document names exactly the choices the filter knows.
    "target_group": "Target group an offer takes: "
    + "; ".join(f"{m.value} = {m.label('en')}" for m in TargetGroupFilter)
    + ". The published 2017 tables apply only women_only (their 'women only' criterion rows) and families",
    "programme": "Programme (LVV, BBB)",
    "municipality": "CBS municipality code, e.g. GM0363",
    "metric": "Measure (places, persons, waiting list, ...)",
    "stand": "Citable snapshot: the data as it stood at the end of this day (YYYY-MM-DD, Europe/Amsterdam, "
    "from 2000-01-01 to today); corrections entered later are ignored",
}
_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "string"},
        "parameter": {"type": "string"},
        "allowed": {"type": "array"},
    },
}
_COMMON_HEADERS = {
    "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}},
    "ETag": {"schema": {"type": "string"}, "description": "Changes whenever the data changes"},
}


def _parameter_schema(name: str, known: Known) -> dict[str, Any]:
    if name == PARAMS["year"]:
        return {"type": "integer", "enum": list(known.years)}
    if name == PARAMS["province"]:
        return {"type": "string", "enum": known.allowed(name)}
    if name == PARAMS["stand"]:
        # A pattern, not format: date, so a well-formed day outside the allowed range is a documented 400.
        return {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "examples": ["2026-03-02"]}
    if name == PARAMS["municipality"]:
        # A pattern, not the 342 codes: a well-formed code that does not exist is a documented 400.
        return {"type": "string", "pattern": "^GM[0-9]{4}$", "examples": ["GM0363"]}
    return {"type": "string", "enum": ENUM_PARAMS[name]}


def _parameters(known: Known) -> dict[str, Any]:
    by_param = {param: field for field, param in PARAMS.items()}
    out: dict[str, Any] = {
        name: {
            "name": name,
            "in": "query",
            "required": False,
            "description": _FILTER_TEXT[by_param[name]] + ". A filter a table cannot apply is listed in not_applied.",
            "schema": _parameter_schema(name, known),
        }
        for name in filter_params()
    }
    out[LANG_PARAM] = {
        "name": LANG_PARAM,
        "in": "query",
        "required": False,
        "description": "Language of the filter description, the licence text and the display values "
        "(default nl). Column names and codes are the same in every language.",
        "schema": {"type": "string", "enum": list(LANGS)},
    }
    out[SIZE_PARAM] = {
        "name": SIZE_PARAM,
        "in": "query",
        "required": False,
        "description": f"Rows per page (default {DEFAULT_SIZE:,}).",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_SIZE},
    }
    out[NEXT_PARAM] = {
        "name": NEXT_PARAM,
        "in": "query",
        "required": False,
        "description": "Continuation token from the previous page's `next` URL (keyset pagination).",
        "schema": {"type": "string"},
    }
    return out


def _row_schema(table: str) -> dict[str, Any]:
    columns = table_columns(table)
    return {
        "type": "object",
        "required": columns,
        "additionalProperties": False,
        "properties": {column: {"type": json_type(column)} for column in columns},
    }


def _page_schema(table: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["rows", "filters", "filter_text", "notice", "not_applied", "licence", "sources", "next"],
        "properties": {
            "rows": {"type": "array", "items": {"$ref": f"#/components/schemas/{table}_row"}},
            "filters": {"type": "object", "description": "The filters given, by parameter name"},
            "filter_text": {"type": "string", "description": "The filters in words, in the chosen language"},
            "notice": {
                "type": ["string", "null"],
                "description": "With a stand before the first entry: the sentence saying the monitor held no data "
                "yet and when the first entry was made (also in filter_text); null otherwise",
            },
            "not_applied": {
                "type": "array",
                "items": {"type": "string", "enum": filter_params()},
                "description": "Filters given that this table has no dimension for: they do not narrow its rows",
            },
            "licence": {
                "type": "object",
                "required": ["name", "path", "text"],
                "properties": {"name": {"type": "string"}, "path": {"type": "string"}, "text": {"type": "string"}},
            },
            "sources": {"type": "array", "items": {"$ref": "#/components/schemas/sources_row"}},
            "next": {"type": ["string", "null"], "description": "URL of the next page; null on the last"},
        },
    }


def _responses(ok: dict[str, Any], *, bad_request: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "200": ok,
        "304": {"description": "Not modified since the ETag given in If-None-Match", "headers": _COMMON_HEADERS},
    }
    if bad_request:
        out["400"] = {
            "description": "A parameter is unknown, repeated or has a value that does not exist",
            "content": {"application/json": {"schema": _ERROR}},
        }
    out["503"] = {
        "description": "The database is not reachable; try again",
        "content": {"application/json": {"schema": _ERROR}},
    }
    return out


_VERSION: dict[str, Any] = {
    "type": "object",
    "required": ["key", "metric", "municipality_code", "period_start", "period_end", "qualifier", "value"],
    "properties": {
        "key": {"type": "string"},
        "metric": {"type": "string"},
        "value": {"type": ["integer", "null"]},
        "value_low": {"type": ["integer", "null"]},
        "value_high": {"type": ["integer", "null"]},
        "display_value": {"type": "string"},
        "source_line": {"type": ["integer", "null"]},
        "entered_at": {"type": "string"},
        "entered_by": {"type": "string", "description": "The organisation that entered it (never a person)"},
        "permalink": {"type": "string"},
    },
}
_PERMALINK: dict[str, Any] = {
    "type": "object",
    "required": ["key", "stand", "figure", "superseded", "newest", "history", "permalink"],
    "properties": {
        "key": {"type": "string"},
        "stand": {"type": ["string", "null"]},
        "figure": {
            "oneOf": [{"$ref": "#/components/schemas/figure_version"}, {"type": "null"}],
            "description": "The record as it stood at `stand` (null: not entered yet then)",
        },
        "superseded": {"type": "boolean", "description": "A correction of `figure` existed (at `stand`)"},
        "newest": {
            "oneOf": [{"$ref": "#/components/schemas/figure_version"}, {"type": "null"}],
            "description": "The newest version today, when it is not `figure`",
        },
        "history": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["at", "kind", "figure_key"],
                "properties": {
                    "at": {"type": "string"},
                    "kind": {"type": "string"},
                    "figure_key": {"type": "string"},
                    "value": {"type": ["integer", "null"]},
                    "organisation": {"type": "string"},
                },
            },
        },
        "permalink": {"type": "string"},
    },
}


def _permalink_path() -> dict[str, Any]:
    key = {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}, "description": "Figure key"}
    stand = {"$ref": f"#/components/parameters/{PARAMS['stand']}"}
    ok = {
        "description": "The figure's value, source and public history (organisations, never people)",
        "headers": _COMMON_HEADERS,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/figure_permalink"}}},
    }
    responses = _responses(ok)
    responses["404"] = {
        "description": "No figure has this key",
        "content": {"application/json": {"schema": _ERROR}},
    }
    return {
        "get": {
            "operationId": "figure_permalink",
            "summary": "One figure's permalink: value, source and full history, optionally as of a stand",
            "parameters": [key, stand, {"$ref": f"#/components/parameters/{LANG_PARAM}"}],
            "responses": responses,
        }
    }


_INDEX: dict[str, Any] = {
    "type": "object",
    "required": ["title", "description", "language", "tables", "openapi", "catalog", "licence", "languages"],
    "properties": {
        "title": {"type": "string"},
        "description": {"type": "string"},
        "language": {"type": "string", "enum": list(LANGS)},
        "tables": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "title", "csv", "json"],
                "properties": {
                    "name": {"type": "string", "enum": list(API_TABLES)},
                    "title": {"type": "string"},
                    "csv": {"type": "string", "format": "uri"},
                    "json": {"type": "string", "format": "uri"},
                },
            },
        },
        "openapi": {"type": "string", "format": "uri"},
        "catalog": {"type": "string", "format": "uri"},
        "figure_template": {"type": "string", "description": "URI template of one figure's permalink"},
        "licence": {
            "type": "object",
            "required": ["name", "title", "path", "text"],
            "properties": {
                "name": {"type": "string"},
                "title": {"type": "string"},
                "path": {"type": "string", "format": "uri"},
                "text": {"type": "string"},
            },
        },
        "languages": {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}},
    },
}


def _index_path() -> dict[str, Any]:
    fmt = {
        "name": FORMAT_PARAM,
        "in": "query",
        "required": False,
        "description": "json or html; without it HTML when the Accept header prefers text/html, else JSON",
        "schema": {"type": "string", "enum": list(INDEX_FORMATS)},
    }
    ok = {
        "description": "Every table with its CSV and JSON links, the OpenAPI document, the catalogue and the licence",
        "headers": {"Access-Control-Allow-Origin": _COMMON_HEADERS["Access-Control-Allow-Origin"]},
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/index"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
    responses = {
        "200": ok,
        "400": {
            "description": "An unknown or repeated parameter, or a value that does not exist",
            "content": {"application/json": {"schema": _ERROR}},
        },
    }
    return {
        "get": {
            "operationId": "index",
            "summary": "The API's index: its tables, documents and licence (HTML for a browser)",
            "parameters": [{"$ref": f"#/components/parameters/{LANG_PARAM}"}, fmt],
            "responses": responses,
        }
    }


def openapi(known: Known, server: str) -> dict[str, Any]:
    """The document for `server` (the API's base URL); parameter values that name places and
    years are listed as they exist in the database."""
    filters = [{"$ref": f"#/components/parameters/{name}"} for name in [*filter_params(), LANG_PARAM]]
    paging = [{"$ref": f"#/components/parameters/{name}"} for name in (SIZE_PARAM, NEXT_PARAM)]
    paths: dict[str, Any] = {}
    for table in API_TABLES:
        title = TABLE_TITLES[table]
        paths[f"{API_PREFIX}/{table}.json"] = {
            "get": {
                "operationId": f"{table}_json",
                "summary": f"{title} (JSON, one page)",
                "parameters": [*filters, *paging],
                "responses": _responses(
                    {
                        "description": "One page of rows, with the filters, licence and sources",
                        "headers": _COMMON_HEADERS,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{table}_page"}}},
                    }
                ),
            }
        }
        paths[f"{API_PREFIX}/{table}.csv"] = {
            "get": {
                "operationId": f"{table}_csv",
                "summary": f"{title} (CSV, every row)",
                "description": "UTF-8 with BOM, machine column names and codes, and on every row the filters and "
                "the licence (in the language of `taal`).",
                "parameters": filters,
                "responses": _responses(
                    {
                        "description": "Every row, streamed",
                        "headers": _COMMON_HEADERS,
                        "content": {"text/csv": {"schema": {"type": "string"}}},
                    }
                ),
            }
        }
    paths[f"{API_PREFIX}/"] = _index_path()
    paths[f"{API_PREFIX}/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "summary": "This document",
            "responses": _responses(
                {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}},
                bad_request=False,
            ),
        }
    }
    paths[f"{API_PREFIX}/catalog.jsonld"] = {
        "get": {
            "operationId": "catalog",
            "summary": "DCAT-AP-NL description of the dataset and its distributions",
            "responses": _responses(
                {
                    "description": "JSON-LD",
                    "content": {"application/ld+json": {"schema": {"type": "object", "required": ["@context"]}}},
                },
                bad_request=False,
            ),
        }
    }
    paths[f"{API_PREFIX}/figures/{{key}}.json"] = _permalink_path()
    schemas: dict[str, Any] = {
        "error": _ERROR,
        "index": _INDEX,
        "figure_permalink": _PERMALINK,
        "figure_version": _VERSION,
    }
    for table in API_TABLES:
        schemas[f"{table}_row"] = _row_schema(table)
        schemas[f"{table}_page"] = _page_schema(table)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Opvangmonitor data API",
            "version": __version__,
            "description": "Read-only open data on shelter for migrants without legal residence in the "
            "Netherlands: every table of the app as CSV and JSON, filtered with the same URL parameters as the "
            "pages. Unknown tables answer 404. Data: CC BY 4.0.",
            "license": {"name": "CC BY 4.0 (data)", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"parameters": _parameters(known), "schemas": schemas},
    }

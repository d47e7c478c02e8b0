"""The OpenAPI 3.1 description of the data API, built from the same registries the routes use,
so the document cannot drift from what the routes answer."""

from __future__ import annotations

from typing import Any

from inventory import __version__
from inventory.columns import TABLE_TITLES, json_type, table_columns
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
    "target_group": "Target group",
    "programme": "Programme (LVV, BBB)",
    "municipality": "CBS municipality code, e.g. GM0363",
    "metric": "Measure (places, persons, waiting list, ...)",
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
        "required": ["rows", "filters", "filter_text", "not_applied", "licence", "sources", "next"],
        "properties": {
            "rows": {"type": "array", "items": {"$ref": f"#/components/schemas/{table}_row"}},
            "filters": {"type": "object", "description": "The filters given, by parameter name"},
            "filter_text": {"type": "string", "description": "The filters in words, in the chosen language"},
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
    schemas: dict[str, Any] = {"error": _ERROR}
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

"""The read-only data API: `/api/v1/<table>.csv|json`, its OpenAPI document and the DCAT catalogue.

Handlers only read the request, call `inventory.opendata` and set the HTTP headers. Every answer
is JSON or CSV with a status that says what happened: 400 names the parameter at fault and what
it accepts, 404 an unknown table, 503 a database that does not answer; never a traceback.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from email.utils import format_datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from api.auth import auth_routes
from api.openapi import openapi
from api.permalinks import permalink_routes
from inventory import api_index, catalog, citation, opendata
from inventory.bootstrap import ensure_ready
from inventory.database import database_url, make_engine, session_scope
from inventory.opendata import API_PREFIX, API_TABLES, DataStamp, ParameterError

log = logging.getLogger(__name__)

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link",
}
# Clients and proxies may keep a copy but ask again each time; the ETag makes that answer a 304.
CACHE_CONTROL = "public, no-cache"
CSV_TYPE = "text/csv; charset=utf-8; header=present"
JSONLD_TYPE = "application/ld+json"
READ_METHODS = ("GET", "HEAD")
# Routed whatever the method, so a write attempt gets the API's JSON 405, not Starlette's text one.
ANY_METHOD = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def engine() -> Engine:
    """The process's engine for the app's database (created, migrated and seeded on first use)."""
    url = database_url()
    with _engines_lock:
        if url not in _engines:
            created = make_engine(url)
            ensure_ready(created)
            _engines[url] = created
        return _engines[url]


def _error(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={**CORS, **(headers or {})})


def _etag(stamp: DataStamp, request: Request) -> str:
    """Weak, because the gzip layer may change the bytes; one per data version and URL."""
    query = sorted(request.query_params.multi_items())
    digest = hashlib.sha256(repr((stamp.version, request.url.path, query)).encode()).hexdigest()[:24]
    return f'W/"{digest}"'


def _cache_headers(stamp: DataStamp, request: Request) -> dict[str, str]:
    headers = {"ETag": _etag(stamp, request), "Cache-Control": CACHE_CONTROL, **CORS}
    if stamp.modified is not None:
        headers["Last-Modified"] = format_datetime(stamp.modified, usegmt=True)
    return headers


def _not_modified(request: Request, headers: dict[str, str]) -> bool:
    """If-None-Match, compared weakly (RFC 9110 §13.1.2). If-Modified-Since is not used: a change
    to an offer moves the ETag but has no entry time to move Last-Modified by."""
    wanted = request.headers.get("if-none-match")
    if not wanted:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    return "*" in tags or headers["ETag"].removeprefix("W/") in tags


def _params(request: Request) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        out.setdefault(name, []).append(value)
    return out


def _guarded(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
    """Method checks, CORS preflight, and the statuses of the module docstring for any failure."""

    async def endpoint(request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(
                status_code=204,
                headers={
                    **CORS,
                    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
                    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
                    "Access-Control-Max-Age": "86400",
                },
            )
        if request.method not in READ_METHODS:
            body = {"error": f"method {request.method} not allowed: the API is read-only", "allowed": ["GET", "HEAD"]}
            return _error(405, body, {"Allow": "GET, HEAD, OPTIONS"})
        try:
            return await handler(request)
        except ParameterError as error:
            return _error(400, error.as_dict())
        except OperationalError:
            log.exception("database unavailable for %s", request.url.path)
            return _error(503, {"error": "the database is not reachable; try again shortly"}, {"Retry-After": "5"})
        except Exception:  # a bug: say so in JSON, keep the traceback in the server log
            log.exception("internal error for %s", request.url)
            return _error(500, {"error": "internal error; please report the URL"})

    return endpoint


async def table(request: Request) -> Response:
    name, fmt = request.path_params["table"], request.path_params["format"]
    if name not in API_TABLES or fmt not in ("csv", "json"):
        allowed = [f"{known}.{ext}" for known in API_TABLES for ext in ("csv", "json")]
        return _error(404, {"error": f"no table '{name}.{fmt}'", "allowed": allowed})
    if fmt == "json":
        return await run_in_threadpool(_json_page, request, name)
    return await _csv(request, name)


def _json_page(request: Request, name: str) -> Response:
    with session_scope(engine()) as session:
        wanted = opendata.parse_request(_params(request), opendata.Known.load(session), paged=True)
        headers = _cache_headers(opendata.data_stamp(session), request)
        if _not_modified(request, headers):
            return Response(status_code=304, headers=headers)
        page = opendata.json_page(session, name, wanted)
        body = {"rows": page.rows, **opendata.describe(name, wanted.filters, wanted.lang, session)}
        stand = wanted.filters.stand
        body["sources"] = opendata.cited_sources(session, name, page.rows, stand) if name != "sources" else []
        body["next"] = str(request.url.include_query_params(_next=page.next_token)) if page.next_token else None
    if body["next"]:
        headers["Link"] = f'<{body["next"]}>; rel="next"'
    return JSONResponse(body, headers=headers)


def _csv_parts(request: Request, name: str) -> Iterator[Any]:
    """First the response headers (or a finished response), then the CSV chunks: the checks run
    before the first byte is sent, and the rows stream from the same session."""
    with session_scope(engine()) as session:
        wanted = opendata.parse_request(_params(request), opendata.Known.load(session), paged=False)
        headers = _cache_headers(opendata.data_stamp(session), request)
        if _not_modified(request, headers):
            yield Response(status_code=304, headers=headers)
            return
        filename = opendata.filename(name, wanted.filters, "csv")
        yield {**headers, "Content-Disposition": f'attachment; filename="{filename}"'}
        if request.method == "HEAD":
            return
        yield from opendata.csv_stream(session, name, wanted.filters, wanted.lang)


async def _csv(request: Request, name: str) -> Response:
    parts = _csv_parts(request, name)
    first = await run_in_threadpool(next, parts)
    if isinstance(first, Response):
        parts.close()
        return first
    return StreamingResponse(parts, media_type=CSV_TYPE, headers=first)


async def openapi_document(request: Request) -> Response:
    def build() -> Response:
        with session_scope(engine()) as session:
            known = opendata.Known.load(session)
            headers = _cache_headers(opendata.data_stamp(session), request)
        if _not_modified(request, headers):
            return Response(status_code=304, headers=headers)
        return JSONResponse(openapi(known, _base(request)), headers=headers)

    return await run_in_threadpool(build)


async def catalog_document(request: Request) -> Response:
    def build() -> Response:
        with session_scope(engine()) as session:
            stamp = opendata.data_stamp(session)
            headers = _cache_headers(stamp, request)
            if _not_modified(request, headers):
                return Response(status_code=304, headers=headers)
            document = catalog.catalog(session, _base(request) + API_PREFIX, stamp.modified)
        return JSONResponse(document, media_type=JSONLD_TYPE, headers=headers)

    return await run_in_threadpool(build)


async def index_document(request: Request) -> Response:
    """`/api/v1/`: the tables, their links, the documents and the licence; HTML for a browser."""
    lang, fmt = api_index.parse(_params(request), request.headers.get("accept", ""))
    document = api_index.index(_base(request), lang)
    headers = {**CORS, "Cache-Control": CACHE_CONTROL, "Vary": "Accept"}
    if fmt == "html":
        return HTMLResponse(api_index.index_html(document), headers=headers)
    return JSONResponse(document, headers=headers)


async def not_found(request: Request) -> Response:
    return _error(404, {"error": f"no API route {request.url.path}", "see": f"{API_PREFIX}/openapi.json"})


def _base(request: Request) -> str:
    """The public base URL (`OPVANG_PUBLIC_URL`), else the one this request was made to; with a
    Host header that is no host name, none (links then are paths on this site)."""
    configured = citation.configured_base()
    if configured:
        return configured
    return str(request.base_url).rstrip("/") if citation.valid_host(request.headers.get("host", "")) else ""


def api_routes() -> list[BaseRoute]:
    """The routes for st.App; methods are checked by `_guarded`, so every answer is JSON."""
    return [
        *auth_routes(),
        *permalink_routes(),
        Route(f"{API_PREFIX}/", _guarded(index_document), methods=ANY_METHOD),
        Route(API_PREFIX, _guarded(index_document), methods=ANY_METHOD),
        Route(f"{API_PREFIX}/openapi.json", _guarded(openapi_document), methods=ANY_METHOD),
        Route(f"{API_PREFIX}/catalog.jsonld", _guarded(catalog_document), methods=ANY_METHOD),
        Route(API_PREFIX + "/{table}.{format}", _guarded(table), methods=ANY_METHOD),
        Route("/api/{rest:path}", _guarded(not_found), methods=ANY_METHOD),
    ]

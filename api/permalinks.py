"""HTTP routes for a figure's permalink: `/api/v1/figures/<key>.json[?stand=YYYY-MM-DD]`."""

from __future__ import annotations

import datetime as dt

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from inventory import opendata
from inventory.database import session_scope
from inventory.figure_history import permalink, permalink_json
from inventory.opendata import API_PREFIX, LANG_PARAM, LANGS, ParameterError
from inventory.snapshot import PARAM as STAND_PARAM
from inventory.snapshot import allowed_text, parse_stand

PATH = API_PREFIX + "/figures/{key}.json"
ACCEPTED = (STAND_PARAM, LANG_PARAM)


def _request_args(request: Request) -> tuple[str, dt.date | None]:
    """The checked `taal` and `stand`: anything else is a 400 naming the parameter."""
    given: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        given.setdefault(name, []).append(value)
    for name, values in given.items():
        if name not in ACCEPTED:
            raise ParameterError(name, f"unknown parameter '{name}'", list(ACCEPTED))
        if len(values) != 1:
            raise ParameterError(name, f"parameter '{name}' given {len(values)} times; give it once")
    lang = given.get(LANG_PARAM, ["nl"])[0]
    if lang not in LANGS:
        raise ParameterError(LANG_PARAM, f"unknown language '{lang}'", LANGS)
    stand: dt.date | None = None
    if STAND_PARAM in given:
        stand = parse_stand(given[STAND_PARAM][0])
        if stand is None:
            raw = given[STAND_PARAM][0]
            raise ParameterError(STAND_PARAM, f"'{raw}' is not a stand date for '{STAND_PARAM}'", [allowed_text()])
    return lang, stand


async def figure(request: Request) -> Response:
    # api.routes registers these routes, so its helpers are imported when a request comes in.
    from api import routes

    def build() -> Response:
        lang, stand = _request_args(request)
        key = request.path_params["key"]
        with session_scope(routes.engine()) as session:
            headers = routes._cache_headers(opendata.data_stamp(session), request)
            if routes._not_modified(request, headers):
                return Response(status_code=304, headers=headers)
            link = permalink(session, key, stand)
            if link is None:
                return routes._error(404, {"error": f"no figure with key '{key}'", "parameter": "key"})
            body = permalink_json(link, lang)
        return JSONResponse(body, headers=headers)

    return await run_in_threadpool(build)


def permalink_routes() -> list[BaseRoute]:
    from api.routes import ANY_METHOD, _guarded

    return [Route(PATH, _guarded(figure), methods=ANY_METHOD)]

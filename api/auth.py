"""HTTP routes that put the sign-in session into an HttpOnly cookie and take it out again.

Streamlit pages cannot set an HttpOnly cookie (they talk to the browser over a websocket), so
the sign-in page hands its fresh session to `POST /auth/sessie`, which gives it a new token,
sets the cookie and sends the browser on to "Mijn cijfers". `POST /auth/uitloggen` ends the
cookie's session and clears the cookie. Both refuse a POST from another origin (CSRF): the
browser always sends Origin on a form POST, and another site cannot forge it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from inventory import sessions
from inventory.i18n import LANGS, t

HAND_OVER_PATH = "/auth/sessie"
SIGN_OUT_PATH = "/auth/uitloggen"
SIGN_IN_PAGE = "/inloggen"
AFTER_SIGN_IN = "/mijn-cijfers"
# `fout` on the sign-in page: the session could not be handed to the cookie.
HAND_OVER_FAILED = "overdracht"


def _lang(value: str | None) -> str:
    return value if value in LANGS else "nl"


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    host = request.headers.get("host")
    return bool(origin and host) and origin == f"{request.url.scheme}://{host}"


def _see_other(path: str, **params: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?{urlencode(params)}", status_code=303, headers={"Cache-Control": "no-store"})


def _refused(lang: str) -> Response:
    return PlainTextResponse(t("auth_cross_origin", lang), status_code=403, headers={"Cache-Control": "no-store"})


def _engine() -> Engine:
    # Imported here: api.routes imports this module to list its routes.
    from api.routes import engine

    return engine()


async def hand_over(request: Request) -> Response:
    form = await request.form()
    lang = _lang(str(form.get("taal", "")))
    if not _same_origin(request):
        return _refused(lang)
    code = str(form.get("code", ""))
    new = await run_in_threadpool(sessions.hand_over, _engine(), code) if code else None
    if new is None:
        return _see_other(SIGN_IN_PAGE, taal=lang, fout=HAND_OVER_FAILED)
    response = _see_other(AFTER_SIGN_IN, taal=lang)
    response.set_cookie(
        sessions.SESSION_COOKIE,
        new,
        max_age=int(sessions.MAX_AGE.total_seconds()),
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )
    return response


async def sign_out(request: Request) -> Response:
    form = await request.form()
    lang = _lang(str(form.get("taal", "")))
    if not _same_origin(request):
        return _refused(lang)
    token = request.cookies.get(sessions.SESSION_COOKIE)
    if token:
        await run_in_threadpool(sessions.end_session, _engine(), token)
    response = _see_other(SIGN_IN_PAGE, taal=lang)
    response.delete_cookie(
        sessions.SESSION_COOKIE, path="/", secure=request.url.scheme == "https", httponly=True, samesite="lax"
    )
    return response


def auth_routes() -> list[BaseRoute]:
    return [
        Route(HAND_OVER_PATH, hand_over, methods=["POST"]),
        Route(SIGN_OUT_PATH, sign_out, methods=["POST"]),
    ]

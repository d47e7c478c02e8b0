"""Unknown page paths land on the overview, without Streamlit's English "Page not found" dialog.

Streamlit answers any path with its single-page frontend, which then asks the server for the
page and shows an English dialog when there is none. Redirecting unknown paths before that
keeps the query string (language and filters) and shows nothing in the wrong language.
"""

from __future__ import annotations

from collections.abc import Collection

from starlette.types import ASGIApp, Receive, Scope, Send

# Paths Streamlit itself serves (st.login's /auth/login, /auth/logout, /oauth2callback too), and
# ours (api/auth.py's /auth/...); a path with a file extension is an asset.
PASS_THROUGH = ("/_stcore/", "/static/", "/media/", "/component/", "/app/static/", "/api/", "/auth/", "/oauth2callback")
# The frontend finds its base path by probing `<page>/_stcore/health` for each leading part of
# the page's URL: those probes must get Streamlit's own 404, not a redirect to a page that answers.
STREAMLIT_PARTS = ("/_stcore/", "/static/", "/media/", "/component/")


class RedirectUnknownPaths:
    """ASGI middleware: a GET for a path that is no page, no asset and no route goes to `/`."""

    def __init__(self, app: ASGIApp, pages: Collection[str]) -> None:
        self.app = app
        self.pages = {p.strip("/") for p in pages}

    def is_known(self, path: str) -> bool:
        name = path.strip("/")
        last = name.rsplit("/", 1)[-1]
        return (
            not name
            or name in self.pages
            or "." in last
            or path.startswith(PASS_THROUGH)
            or any(part in path for part in STREAMLIT_PARTS)
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or self.is_known(scope["path"]):
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        location = "/" + ("?" + query.decode("latin-1") if query else "")
        await send(
            {
                "type": "http.response.start",
                "status": 307,
                "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")],
            }
        )
        await send({"type": "http.response.body", "body": b""})

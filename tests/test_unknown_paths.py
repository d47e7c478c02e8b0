"""Unknown page paths are redirected to the overview with their query string; pages, assets and
Streamlit's own routes pass through untouched."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from api.unknown_paths import RedirectUnknownPaths
from views.paths import PAGE_PATHS


def _call(path: str, query: bytes = b"", method: str = "GET") -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": query}
    asyncio.run(RedirectUnknownPaths(inner, PAGE_PATHS)(scope, receive, send))
    return sent


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/kaart",
        "/gemeente",
        "/overzicht/",
        "/_stcore/health",
        "/static/js/x.js",
        "/favicon.png",
        "/api/v1/x",
        "/inloggen/_stcore/health",
        "/kaart/_stcore/host-config",
        "/x/static/a",
    ],
)
def test_known_paths_pass_through(path: str) -> None:
    assert _call(path)[0]["status"] == 200


def test_an_unknown_path_goes_to_the_overview_with_its_query() -> None:
    start = _call("/bestaat-niet", b"taal=nl&jaar=2017")[0]
    assert start["status"] == 307
    assert dict(start["headers"])[b"location"] == b"/?taal=nl&jaar=2017"
    assert dict(_call("/x/y")[0]["headers"])[b"location"] == b"/"
    assert _call("/bestaat-niet", method="POST")[0]["status"] == 200  # only page loads are redirected

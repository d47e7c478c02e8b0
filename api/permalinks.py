"""HTTP routes for a figure's permalink (filled in by the snapshot work)."""

from __future__ import annotations

from starlette.routing import BaseRoute


def permalink_routes() -> list[BaseRoute]:
    return []

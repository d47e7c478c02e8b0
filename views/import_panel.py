"""The bulk import panel of the editors' page (filled in by the import work)."""

from __future__ import annotations

from inventory.accounts import Scope


def draw(scope: Scope, language: str) -> None:
    """Template download, upload, dry-run report and commit for `scope`'s municipalities or offers."""

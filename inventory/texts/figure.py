"""Texts of a figure's permalink page and of citable snapshots (stand=)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "page_figure": ("Cijfer", "Figure"),
}

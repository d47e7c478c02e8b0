"""UI texts by subject, one module each, every one a dict of key -> (Dutch, English).

`inventory.i18n.TEXT` is their union; a key defined in two modules is an error at import, so a
text is defined once wherever it lives."""

from __future__ import annotations

import importlib
import pkgutil


def merged_texts() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    owner: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, pair in module.TEXT.items():
            if key in merged:
                raise ValueError(f"UI text {key!r} is defined in both {owner[key]} and {info.name}")
            merged[key], owner[key] = pair, info.name
    return merged

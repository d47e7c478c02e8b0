"""Reading a municipality out of a pydeck selection event (testable without a browser)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_CODE = re.compile(r"^GM\d{4}$")


def selected_code(
    selection: Mapping[str, Any] | None, layer_ids: tuple[str, ...] = ("municipalities", "markers")
) -> str | None:
    """The municipality code of the first picked object in one of `layer_ids`, if any.

    GeoJSON features carry the code in `properties`; scatter rows carry it at top level."""
    if not isinstance(selection, Mapping):
        return None
    objects = selection.get("objects")
    if not isinstance(objects, Mapping):
        return None
    for layer in layer_ids:
        picked = objects.get(layer)
        for obj in picked if isinstance(picked, list | tuple) else ():
            if not isinstance(obj, Mapping):
                continue
            properties = obj.get("properties")
            code = obj.get("code") or (properties.get("code") if isinstance(properties, Mapping) else None)
            if isinstance(code, str) and _CODE.match(code):
                return code
    return None

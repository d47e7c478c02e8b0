"""Reading a municipality out of a map or table selection event (testable without a browser)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

_CODE = re.compile(r"^GM\d{4}$")


def _code_of(obj: object) -> str | None:
    """The code of one picked object: GeoJSON features carry it in `properties`, scatter rows at
    top level (Streamlit's pydeck_chart hands over the layer's data object as it was sent)."""
    if not isinstance(obj, Mapping):
        return None
    properties = obj.get("properties")
    code = obj.get("code") or (properties.get("code") if isinstance(properties, Mapping) else None)
    return code if isinstance(code, str) and _CODE.match(code) else None


# The map's pickable layers (geo.layers): municipality fills, and the dots and rings of the map without
# boundaries. Both are about one municipality each, so wherever a click lands it leads to one.
PICKABLE_LAYERS = ("municipalities", "markers")


def selected_code(selection: Mapping[str, Any] | None, layer_ids: Sequence[str] = PICKABLE_LAYERS) -> str | None:
    """The municipality code of the first picked object in one of `layer_ids` (the fill first)."""
    if not isinstance(selection, Mapping):
        return None
    objects = selection.get("objects")
    if not isinstance(objects, Mapping):
        return None
    for layer in layer_ids:
        picked = objects.get(layer)
        for obj in picked if isinstance(picked, list | tuple) else ():
            code = _code_of(obj)
            if code:
                return code
    return None


def selected_row_code(selection: Mapping[str, Any] | None, codes: Sequence[str]) -> str | None:
    """The code of the row picked in an st.dataframe selection (`{"rows": [i], ...}`); `codes`
    holds the code of each row of the data as passed, which is what the row positions refer to."""
    if not isinstance(selection, Mapping):
        return None
    rows = selection.get("rows")
    for row in rows if isinstance(rows, list | tuple) else ():
        if isinstance(row, int) and 0 <= row < len(codes) and _CODE.match(str(codes[row])):
            return str(codes[row])
    return None

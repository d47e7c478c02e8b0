"""Texts of the downloads: the Tables page's preview and the cap of an Excel download."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "preview_rows_entered": (
        "de eerste {shown} van {total} rijen, in volgorde van invoer; de downloads bevatten alle rijen",
        "the first {shown} of {total} rows, in the order they were entered; the downloads hold every row",
    ),
    "excel_capped_label": ("Let op", "Note"),
    "map_geojson": ("Download deze gemeenten als GeoJSON", "Download these municipalities as GeoJSON"),
    "excel_capped": (
        "Dit Excel-bestand bevat de eerste {shown} van {total} rijen. Alle rijen staan in de CSV-download en op {url}.",
        "This Excel file holds the first {shown} of {total} rows. Every row is in the CSV download and at {url}.",
    ),
    "excel_capped_page": (
        "Excel bevat hoogstens {shown} rijen (hier {total}): gebruik voor alle rijen de CSV-download of de "
        "CSV-link hieronder.",
        "Excel holds at most {shown} rows (here {total}): for every row, use the CSV download or the CSV link below.",
    ),
}

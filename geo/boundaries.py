"""Municipality boundaries: explicit file, local cache, or a download from PDOK.

Order of sources for ``load_municipality_boundaries(year)``:

1. ``OPVANG_BOUNDARIES``: path to a GeoJSON file (used as is, never copied to the cache).
2. The cache dir (``OPVANG_CACHE_DIR``, default ``<repo>/var/cache``): ``gemeenten_<year>.geojson``
   with a sidecar ``gemeenten_<year>.json`` (year, source URL, licence, downloaded_at).
3. A WFS GetFeature request to the CBS "gebiedsindelingen" service on PDOK, layer
   ``gebiedsindelingen:gemeente_gegeneraliseerd``, GeoJSON in EPSG:4326. The base URL can be
   overridden with ``OPVANG_PDOK_URL`` (``{year}`` in it is filled in). Timeout
   ``OPVANG_DOWNLOAD_TIMEOUT`` seconds (default 5) for the whole transfer, not per read.
   ``OPVANG_OFFLINE=1`` disables it. A valid response is written to the cache atomically.

Field names: the PDOK layer and the shared cartomap-derived files both use ``statcode``
(e.g. GM0363) and ``statnaam``; ``gemeentecode``/``gemeentenaam``, ``code``/``naam`` and
``code``/``name`` are accepted too, and a bare number code (363) becomes GM0363.

Nothing here raises for "not available": the loader returns ``(None, reason)``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import RD_NEW, REPO_ROOT, WGS84

_LOG = logging.getLogger(__name__)

LICENCE = "CC BY 4.0, CBS/Kadaster"
PDOK_URL_TEMPLATE = "https://service.pdok.nl/cbs/gebiedsindelingen/{year}/wfs/v1_0"
PDOK_TYPENAME = "gebiedsindelingen:gemeente_gegeneraliseerd"
DEFAULT_TIMEOUT_S = 5.0
# A national layer has ~340-400 municipalities; fewer means a truncated or wrong response,
# which must not end up in the cache where it would be trusted from then on.
MIN_FEATURES = 300
MAX_DOWNLOAD_BYTES = 50_000_000

_CODE_FIELDS = ("statcode", "gemeentecode", "code")
_NAME_FIELDS = ("statnaam", "gemeentenaam", "naam", "name")
_CODE_RE = re.compile(r"^GM\d{4}$")
# Generous box around the Netherlands (incl. the Wadden and the sea polygons of Zeeland).
_NL_LON = (3.0, 7.5)
_NL_LAT = (50.5, 54.0)


@dataclass(frozen=True)
class Boundaries:
    gdf: gpd.GeoDataFrame  # columns code, name, geometry; EPSG:4326
    origin: str  # "path" | "cache" | "download"
    year: int
    licence: str
    source: str  # file path or URL the data came from
    downloaded_at: str | None = None


class BoundaryDataError(ValueError):
    """The bytes are not a usable municipality layer (garbage, wrong layer, truncated)."""


# --- parsing and normalising -------------------------------------------------------------


def _normalise_code(raw: object) -> str:
    text = str(raw).strip().upper()
    if text.isdigit():
        return f"GM{int(text):04d}"
    return text


def _pick(columns: pd.Index, candidates: tuple[str, ...]) -> str:
    lower = {c.lower(): c for c in columns}
    for name in candidates:
        if name in lower:
            return lower[name]
    raise BoundaryDataError(f"none of the fields {candidates} present (have {list(columns)[:10]})")


def _declared_crs(collection: dict) -> str:
    """CRS named in a legacy GeoJSON ``crs`` member (WFS servers still send it), else WGS84."""
    name = str(((collection.get("crs") or {}).get("properties") or {}).get("name", ""))
    match = re.search(r"EPSG:+(\d+)", name)
    return f"EPSG:{match.group(1)}" if match else WGS84


def _swap_xy(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    swapped = shapely.transform(gdf.geometry.values, lambda c: c[:, ::-1])
    return gdf.set_geometry(gpd.GeoSeries(swapped, index=gdf.index, crs=gdf.crs))


def _in_box(bounds: np.ndarray, lon: tuple[float, float], lat: tuple[float, float]) -> bool:
    minx, miny, maxx, maxy = bounds
    return lon[0] <= minx and maxx <= lon[1] and lat[0] <= miny and maxy <= lat[1]


def normalise_boundaries(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Columns code (GM####), name, geometry in EPSG:4326, sorted by code; raises BoundaryDataError."""
    if gdf.empty:
        raise BoundaryDataError("no features")
    code_col, name_col = _pick(gdf.columns, _CODE_FIELDS), _pick(gdf.columns, _NAME_FIELDS)
    out = gpd.GeoDataFrame(
        {"code": gdf[code_col].map(_normalise_code).astype(str), "name": gdf[name_col].astype(str)},
        geometry=gdf.geometry.values,
        crs=gdf.crs or WGS84,
    )
    if out.crs.to_epsg() != 4326:
        out = out.to_crs(WGS84)
    # EPSG:4326 officially has latitude first and some WFS versions honour that; detect it.
    if not _in_box(out.total_bounds, _NL_LON, _NL_LAT) and _in_box(out.total_bounds, _NL_LAT, _NL_LON):
        out = _swap_xy(out)
    if not _in_box(out.total_bounds, _NL_LON, _NL_LAT):
        raise BoundaryDataError(f"coordinates outside the Netherlands: bounds {out.total_bounds.round(3).tolist()}")
    bad = ~out["code"].str.match(_CODE_RE)
    if bad.any():
        raise BoundaryDataError(f"not municipality codes: {out.loc[bad, 'code'].head(3).tolist()}")
    if out["code"].duplicated().any():
        raise BoundaryDataError("duplicate municipality codes")
    if out.geometry.isna().any() or out.geometry.is_empty.any():
        raise BoundaryDataError("features without geometry")
    invalid = ~out.geometry.is_valid
    if invalid.any():
        # Generalised layers contain zero-area spikes; repair but keep only polygon parts.
        fixed = shapely.make_valid(out.geometry.values[invalid.to_numpy()])
        out.loc[invalid, "geometry"] = [_polygonal(g) for g in fixed]
    return out.sort_values("code").reset_index(drop=True)


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else geom


def parse_boundaries(data: bytes, min_features: int = MIN_FEATURES) -> gpd.GeoDataFrame:
    """Parse GeoJSON bytes into a normalised GeoDataFrame; raises BoundaryDataError."""
    try:
        collection = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BoundaryDataError(f"not JSON ({exc.__class__.__name__})") from None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise BoundaryDataError("not a GeoJSON FeatureCollection")
    features = collection.get("features") or []
    if len(features) < min_features:
        raise BoundaryDataError(f"only {len(features)} features (expected at least {min_features})")
    try:
        gdf = gpd.GeoDataFrame.from_features(features, crs=_declared_crs(collection))
    except (TypeError, ValueError, KeyError, AttributeError, shapely.errors.ShapelyError) as exc:
        raise BoundaryDataError(f"unreadable features: {exc}") from None
    return normalise_boundaries(gdf)


def read_boundaries_file(path: Path, min_features: int = 1) -> gpd.GeoDataFrame:
    """Read and normalise a boundary GeoJSON file; raises OSError or BoundaryDataError."""
    return parse_boundaries(Path(path).read_bytes(), min_features=min_features)


# --- configuration -----------------------------------------------------------------------


def cache_dir() -> Path:
    return Path(os.environ.get("OPVANG_CACHE_DIR") or REPO_ROOT / "var" / "cache")


def cache_paths(year: int, directory: Path | None = None) -> tuple[Path, Path]:
    """(GeoJSON file, JSON sidecar) for ``year`` in the cache dir."""
    base = directory or cache_dir()
    return base / f"gemeenten_{year}.geojson", base / f"gemeenten_{year}.json"


def offline() -> bool:
    return os.environ.get("OPVANG_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def download_timeout() -> float:
    try:
        value = float(os.environ.get("OPVANG_DOWNLOAD_TIMEOUT", DEFAULT_TIMEOUT_S))
    except ValueError:
        return DEFAULT_TIMEOUT_S
    return value if value > 0 else DEFAULT_TIMEOUT_S


def pdok_url(year: int) -> str:
    """Full WFS GetFeature URL for the generalised municipality layer of ``year``."""
    base = os.environ.get("OPVANG_PDOK_URL") or PDOK_URL_TEMPLATE
    base = base.replace("{year}", str(year))
    query = urllib.parse.urlencode(
        {
            "service": "WFS",
            "version": "2.0.0",
            "request": "GetFeature",
            "typeNames": PDOK_TYPENAME,
            "outputFormat": "application/json",
            "srsName": WGS84,
        }
    )
    return f"{base}{'&' if '?' in base else '?'}{query}"


# --- download and cache ------------------------------------------------------------------


def _fetch(url: str, timeout: float) -> bytes:
    """GET ``url`` with a deadline on the whole transfer; raises OSError on any failure."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": "opvangmonitor/1 (+boundaries)"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read(65536):
            size += len(chunk)
            if size > MAX_DOWNLOAD_BYTES:
                raise OSError(f"response larger than {MAX_DOWNLOAD_BYTES} bytes")
            if time.monotonic() > deadline:
                raise TimeoutError(f"download took longer than {timeout:g} s")
            chunks.append(chunk)
    return b"".join(chunks)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write via a temp file in the same dir + rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _load_path(year: int) -> tuple[Boundaries | None, str]:
    path = Path(os.environ["OPVANG_BOUNDARIES"]).expanduser()
    try:
        gdf = read_boundaries_file(path)
    except OSError as exc:
        return None, f"OPVANG_BOUNDARIES={path}: cannot read ({exc.strerror or exc})"
    except BoundaryDataError as exc:
        return None, f"OPVANG_BOUNDARIES={path}: not a municipality layer ({exc})"
    return Boundaries(gdf, "path", year, LICENCE, str(path)), f"loaded from {path}"


def _load_cache(year: int) -> tuple[Boundaries | None, str]:
    data_path, meta_path = cache_paths(year)
    if not data_path.is_file():
        return None, f"no cache file {data_path}"
    try:
        gdf = read_boundaries_file(data_path)
    except (OSError, BoundaryDataError) as exc:
        return None, f"cache file {data_path} unusable ({exc})"
    meta: dict = {}
    # The sidecar is informative only; the data file itself has been validated.
    with contextlib.suppress(OSError, ValueError):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    boundaries = Boundaries(
        gdf,
        "cache",
        int(meta.get("year", year)),
        str(meta.get("licence", LICENCE)),
        str(meta.get("source_url", data_path)),
        meta.get("downloaded_at"),
    )
    return boundaries, f"loaded from cache {data_path}"


def _download(year: int) -> tuple[Boundaries | None, str]:
    if offline():
        return None, "download disabled (OPVANG_OFFLINE)"
    url, timeout = pdok_url(year), download_timeout()
    try:
        data = _fetch(url, timeout)
    except urllib.error.HTTPError as exc:
        return None, f"download failed: HTTP {exc.code} from {url}"
    except (OSError, ValueError) as exc:  # URLError, timeouts, refused connections, bad URLs
        reason = getattr(exc, "reason", None) or exc
        return None, f"download failed: {reason} ({url})"
    try:
        gdf = parse_boundaries(data)
    except BoundaryDataError as exc:
        return None, f"download unusable: {exc} ({url})"

    downloaded_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    boundaries = Boundaries(gdf, "download", year, LICENCE, url, downloaded_at)
    data_path, meta_path = cache_paths(year)
    meta = {"year": year, "source_url": url, "licence": LICENCE, "downloaded_at": downloaded_at}
    try:
        _write_atomic(data_path, data)
        _write_atomic(meta_path, json.dumps(meta, indent=2).encode("utf-8"))
    except OSError as exc:
        # The data is still usable for this run; only the cache could not be written.
        return boundaries, f"downloaded from {url} (not cached: {exc})"
    return boundaries, f"downloaded from {url}, cached in {data_path}"


def load_municipality_boundaries(year: int = 2025) -> tuple[Boundaries | None, str]:
    """Boundaries from env path, cache or PDOK (in that order), or ``(None, reason)``.

    The reason string always explains what happened, including sources that were tried
    and failed before the one that worked.
    """
    steps = []
    if os.environ.get("OPVANG_BOUNDARIES"):
        steps.append(_load_path)
    steps += [_load_cache, _download]
    reasons: list[str] = []
    for step in steps:
        boundaries, reason = step(year)
        reasons.append(reason)
        if boundaries is not None:
            return boundaries, "; ".join(reasons)
    reason = "no municipality boundaries: " + "; ".join(reasons)
    # The technical detail (paths, errno, URLs) is for whoever runs the server, not for visitors.
    _LOG.warning("%s", reason)
    return None, reason


def missing_kind() -> str:
    """Why there are no boundaries, as one of three cases a visitor can be told in a sentence:
    "file" (OPVANG_BOUNDARIES is set but unusable), "offline" (no file, downloads disabled) or
    "download" (no file, and the download failed). From the configuration, not the error text."""
    if os.environ.get("OPVANG_BOUNDARIES"):
        return "file"
    return "offline" if offline() else "download"


# --- derived shapes and web payload ------------------------------------------------------


def province_outlines(boundaries_gdf: gpd.GeoDataFrame, centroids_df: pd.DataFrame) -> gpd.GeoDataFrame:
    """Province polygons (province_code, province_name, geometry) dissolved from municipalities.

    Municipalities missing from ``centroids_df`` (another year's codes) are left out.
    """
    provinces = centroids_df[["code", "province_code", "province_name"]]
    merged = boundaries_gdf[["code", "geometry"]].merge(provinces, on="code", how="inner")
    # Dissolve in RD New with a tiny snap so slivers between generalised neighbours close.
    rd = merged.to_crs(RD_NEW)
    # Mitre joins keep corners sharp, and the final 2 m simplify drops the near-duplicate
    # vertices the buffer round trip leaves behind.
    rd["geometry"] = rd.geometry.buffer(1.0, join_style="mitre")
    dissolved = rd.dissolve(by="province_code", aggfunc={"province_name": "first"}).reset_index()
    dissolved["geometry"] = dissolved.geometry.buffer(-1.0, join_style="mitre").simplify(2.0)
    return dissolved[["province_code", "province_name", "geometry"]].to_crs(WGS84)


def simplify_for_web(gdf: gpd.GeoDataFrame, tolerance: float = 0.001, decimals: int = 4) -> gpd.GeoDataFrame:
    """Simplified copy (tolerance in degrees, topology kept per feature), coordinates rounded.

    Rounding to 4 decimals (~10 m) is far below what a national map shows and roughly
    halves the JSON size compared with 5-6 decimals.
    """
    out = gdf.copy()
    simplified = out.geometry.simplify(tolerance, preserve_topology=True)
    out["geometry"] = shapely.transform(simplified.values, lambda c: np.round(c, decimals))
    return out


def geojson_payload_bytes(gdf: gpd.GeoDataFrame) -> int:
    """Size in bytes of the compact GeoJSON FeatureCollection the browser would receive."""
    return len(gdf.to_json(drop_id=True, separators=(",", ":")).encode("utf-8"))

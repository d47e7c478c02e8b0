"""geo.boundaries: env path, cache, download from a real local HTTP server, web payload."""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from shapely.geometry import Point

from geo.boundaries import (
    LICENCE,
    PDOK_TYPENAME,
    geojson_payload_bytes,
    load_municipality_boundaries,
    pdok_url,
    province_outlines,
    read_boundaries_file,
    simplify_for_web,
)
from geo.centroids import load_centroids

SHARED_GEO = Path(__file__).resolve().parents[2] / "shared" / "geo"
AMSTERDAM = Point(4.90, 52.37)


@pytest.fixture
def shared_gemeenten() -> Path:
    path = SHARED_GEO / "gemeenten_2025.geojson"
    if not path.is_file():
        pytest.skip(f"shared boundary file {path} not available")
    return path


class _Server:
    """A real HTTP server on 127.0.0.1 whose answer is chosen per test."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.mode = "ok"  # ok | error | slow | drip
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(self.path)
                # The client may give up mid-answer (timeout tests); that is expected.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._answer()

            def _answer(self) -> None:
                if owner.mode == "error":
                    self.send_error(500, "boom")
                    return
                if owner.mode == "slow":
                    time.sleep(3)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(owner.body)))
                self.end_headers()
                if owner.mode == "drip":
                    # Each read returns within the socket timeout, the whole transfer does not.
                    for start in range(0, len(owner.body), 65536):
                        self.wfile.write(owner.body[start : start + 65536])
                        self.wfile.flush()
                        time.sleep(0.3)
                    return
                self.wfile.write(owner.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/cbs/gebiedsindelingen/{{year}}/wfs/v1_0"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.thread.join(timeout=5)
            self.running = False


@pytest.fixture
def server(shared_gemeenten: Path) -> Iterator[_Server]:
    srv = _Server(shared_gemeenten.read_bytes())
    yield srv
    srv.stop()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Isolated configuration: empty cache dir, no explicit path, downloads allowed."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("OPVANG_CACHE_DIR", str(cache))
    for name in ("OPVANG_BOUNDARIES", "OPVANG_OFFLINE", "OPVANG_PDOK_URL", "OPVANG_DOWNLOAD_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    return cache


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob("*")) if directory.exists() else []


def _assert_municipalities(gdf) -> None:
    assert list(gdf.columns) == ["code", "name", "geometry"]
    assert len(gdf) == 342
    assert gdf.crs.to_epsg() == 4326
    assert gdf["code"].str.fullmatch(r"GM\d{4}").all()
    amsterdam = gdf.set_index("code").loc["GM0363"]
    assert amsterdam["name"] == "Amsterdam"
    assert amsterdam.geometry.contains(AMSTERDAM)


# --- sources -----------------------------------------------------------------------------


def test_env_path(env: Path, shared_gemeenten: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPVANG_BOUNDARIES", str(shared_gemeenten))
    monkeypatch.setenv("OPVANG_OFFLINE", "1")
    boundaries, reason = load_municipality_boundaries(2025)
    assert boundaries is not None, reason
    assert boundaries.origin == "path"
    assert boundaries.source == str(shared_gemeenten)
    assert boundaries.licence == LICENCE
    _assert_municipalities(boundaries.gdf)
    assert _files(env) == []  # an explicit file is never copied into the cache


def test_missing_env_path_and_offline_gives_none(env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPVANG_BOUNDARIES", str(tmp_path / "missing.geojson"))
    monkeypatch.setenv("OPVANG_OFFLINE", "1")
    boundaries, reason = load_municipality_boundaries(2025)
    assert boundaries is None
    assert "missing.geojson" in reason and "OPVANG_OFFLINE" in reason


def test_download_then_cache(env: Path, server: _Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPVANG_PDOK_URL", server.url)
    boundaries, reason = load_municipality_boundaries(2025)
    assert boundaries is not None, reason
    assert boundaries.origin == "download"
    _assert_municipalities(boundaries.gdf)

    # The request is a WFS GetFeature for the generalised municipality layer in WGS84.
    assert len(server.requests) == 1
    parsed = urllib.parse.urlsplit(server.requests[0])
    query = dict(urllib.parse.parse_qsl(parsed.query))
    assert parsed.path == "/cbs/gebiedsindelingen/2025/wfs/v1_0"
    assert query["request"] == "GetFeature" and query["service"] == "WFS"
    assert query["typeNames"] == PDOK_TYPENAME
    assert query["srsName"] == "EPSG:4326"

    assert _files(env) == ["gemeenten_2025.geojson", "gemeenten_2025.json"]
    meta = json.loads((env / "gemeenten_2025.json").read_text())
    assert meta["year"] == 2025
    assert meta["licence"] == "CC BY 4.0, CBS/Kadaster"
    assert meta["source_url"].startswith(server.url.replace("{year}", "2025"))
    assert meta["downloaded_at"]

    server.stop()
    again, reason = load_municipality_boundaries(2025)
    assert again is not None, reason
    assert again.origin == "cache"
    assert again.downloaded_at == meta["downloaded_at"]
    assert again.gdf["code"].tolist() == boundaries.gdf["code"].tolist()
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("mode", "body", "expected"),
    [
        ("error", b"", "HTTP 500"),
        ("ok", b"<html>garbage</html>", "not JSON"),
        ("ok", b'{"type": "FeatureCollection", "features": []}', "only 0 features"),
        ("ok", b"TRUNCATE", "not JSON"),
    ],
)
def test_bad_download_leaves_no_file(
    env: Path, server: _Server, monkeypatch: pytest.MonkeyPatch, mode: str, body: bytes, expected: str
) -> None:
    server.mode = mode
    if body == b"TRUNCATE":
        body = server.body[: len(server.body) // 2]
    if body:
        server.body = body
    monkeypatch.setenv("OPVANG_PDOK_URL", server.url)
    boundaries, reason = load_municipality_boundaries(2025)
    assert boundaries is None
    assert expected in reason
    assert len(server.requests) == 1
    assert _files(env) == []


def test_offline_makes_no_request(env: Path, server: _Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPVANG_PDOK_URL", server.url)
    monkeypatch.setenv("OPVANG_OFFLINE", "1")
    boundaries, reason = load_municipality_boundaries(2025)
    assert boundaries is None
    assert "OPVANG_OFFLINE" in reason
    assert server.requests == []
    assert _files(env) == []


def test_slow_server_times_out_quickly(env: Path, server: _Server, monkeypatch: pytest.MonkeyPatch) -> None:
    server.mode = "slow"
    monkeypatch.setenv("OPVANG_PDOK_URL", server.url)
    monkeypatch.setenv("OPVANG_DOWNLOAD_TIMEOUT", "0.5")
    start = time.monotonic()
    boundaries, reason = load_municipality_boundaries(2025)
    assert time.monotonic() - start < 2.0
    assert boundaries is None
    assert "download failed" in reason
    assert _files(env) == []


def test_drip_feeding_server_hits_total_deadline(env: Path, server: _Server, monkeypatch: pytest.MonkeyPatch) -> None:
    server.mode = "drip"  # 4 chunks, 0.3 s apart: ~0.9 s in total, each gap < 0.5 s
    monkeypatch.setenv("OPVANG_PDOK_URL", server.url)
    monkeypatch.setenv("OPVANG_DOWNLOAD_TIMEOUT", "0.5")
    boundaries, reason = load_municipality_boundaries(2025)
    assert boundaries is None
    assert "longer than 0.5 s" in reason
    assert _files(env) == []


def test_unreachable_server(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    srv = _Server(b"")
    url = srv.url
    srv.stop()  # the port is now closed: connection refused
    monkeypatch.setenv("OPVANG_PDOK_URL", url)
    boundaries, reason = load_municipality_boundaries(2025)
    assert boundaries is None
    assert "download failed" in reason


def test_corrupt_cache_is_not_trusted(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env.mkdir(parents=True)
    (env / "gemeenten_2025.geojson").write_text('{"type": "FeatureCollection", "features": [')
    monkeypatch.setenv("OPVANG_OFFLINE", "1")
    boundaries, reason = load_municipality_boundaries(2025)
    assert boundaries is None
    assert "unusable" in reason


def test_default_url_is_pdok(env: Path) -> None:
    url = pdok_url(2024)
    assert url.startswith("https://service.pdok.nl/cbs/gebiedsindelingen/2024/wfs/v1_0?")
    assert "typeNames=gebiedsindelingen%3Agemeente_gegeneraliseerd" in url


# --- normalisation -----------------------------------------------------------------------


def test_swapped_axes_and_other_field_names(env: Path, shared_gemeenten: Path, tmp_path: Path) -> None:
    """A WFS answering lat/lon order, with CBS-style numeric codes, is normalised."""
    collection = json.loads(shared_gemeenten.read_text(encoding="utf-8"))

    def swap(coords):
        return [coords[1], coords[0]] if isinstance(coords[0], float | int) else [swap(c) for c in coords]

    for feature in collection["features"]:
        props = feature["properties"]
        feature["properties"] = {"gemeentecode": int(props["statcode"][2:]), "gemeentenaam": props["statnaam"]}
        feature["geometry"]["coordinates"] = swap(feature["geometry"]["coordinates"])
    collection["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}
    path = tmp_path / "swapped.geojson"
    path.write_text(json.dumps(collection))
    _assert_municipalities(read_boundaries_file(path))


# --- derived shapes and payload ----------------------------------------------------------


def test_province_outlines(shared_gemeenten: Path) -> None:
    gdf = read_boundaries_file(shared_gemeenten)
    provinces = province_outlines(gdf, load_centroids())
    assert len(provinces) == 12
    assert provinces.crs.to_epsg() == 4326
    assert provinces.geometry.is_valid.all()
    nh = provinces.set_index("province_code").loc["PV27"]
    assert nh["province_name"] == "Noord-Holland"
    assert nh.geometry.contains(AMSTERDAM)
    # Dissolving keeps the area: within 0.1 % of the municipalities' total.
    rd_muni, rd_prov = gdf.to_crs(28992).area.sum(), provinces.to_crs(28992).area.sum()
    assert abs(rd_prov - rd_muni) / rd_muni < 0.001


def test_simplified_payload_is_small(shared_gemeenten: Path) -> None:
    gdf = read_boundaries_file(shared_gemeenten).merge(load_centroids()[["code", "province_name"]], on="code")
    gdf["places"] = range(len(gdf))
    raw = geojson_payload_bytes(gdf)
    simplified = simplify_for_web(gdf, tolerance=0.001)
    small = geojson_payload_bytes(simplified)
    print(f"payload raw={raw} simplified={small} bytes")
    assert len(simplified) == 342
    assert not simplified.geometry.is_empty.any()
    assert small < raw
    assert small <= 600_000
    # Coordinates are rounded to 4 decimals.
    text = simplified.to_json()
    decimals = [len(num.split(".")[1]) for num in re.findall(r"-?\d+\.\d+", text)]
    assert decimals and max(decimals) <= 4


def test_invalid_geometry_is_repaired(shared_gemeenten: Path, tmp_path: Path) -> None:
    collection = json.loads(shared_gemeenten.read_text(encoding="utf-8"))
    # A self-intersecting "bow tie" inside the Netherlands replaces Amsterdam's outline.
    bowtie = [[[4.85, 52.35], [4.95, 52.40], [4.95, 52.35], [4.85, 52.40], [4.85, 52.35]]]
    for feature in collection["features"]:
        if feature["properties"]["statcode"] == "GM0363":
            feature["geometry"] = {"type": "Polygon", "coordinates": bowtie}
    path = tmp_path / "bowtie.geojson"
    path.write_text(json.dumps(collection))
    gdf = read_boundaries_file(path)
    assert gdf.geometry.is_valid.all()
    assert gdf.set_index("code").loc["GM0363"].geometry.geom_type in ("Polygon", "MultiPolygon")

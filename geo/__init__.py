"""Geography for Opvangmonitor: municipality points, boundaries, gap analysis and map layers.

Nothing in this package imports streamlit, so it can be used from scripts and tests.
Submodules are imported explicitly (``from geo.gaps import nearest_with_shelter``) so that
importing ``geo`` stays cheap and does not pull in pydeck or geopandas.
"""

from pathlib import Path

REPO_ROOT: Path = Path(__file__).resolve().parents[1]
DATA_DIR: Path = REPO_ROOT / "data"
MUNICIPALITIES_CSV: Path = DATA_DIR / "municipalities.csv"
# The read-only shared folder sits next to the repository checkout.
SHARED_GEO_DIR: Path = REPO_ROOT.parent / "shared" / "geo"

# CRS used for every distance or area computation: RD New (metres, the Dutch national grid).
RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"

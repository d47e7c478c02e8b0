"""Build data/municipalities.csv from the shared 2025 boundary files.

Usage: python3 scripts/build_municipalities.py [GEMEENTEN] [PROVINCIES] [--out CSV]
Paths default to ../shared/geo relative to the repository root. Re-running with the same
inputs gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Allow running as a plain script (python3 scripts/build_municipalities.py) from anywhere.
REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import geopandas as gpd  # noqa: E402

from geo import MUNICIPALITIES_CSV, SHARED_GEO_DIR  # noqa: E402
from geo.derive import DECIMALS, derive_municipalities  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gemeenten", nargs="?", type=Path, default=SHARED_GEO_DIR / "gemeenten_2025.geojson")
    parser.add_argument("provincies", nargs="?", type=Path, default=SHARED_GEO_DIR / "provincies_2025.geojson")
    parser.add_argument("--out", type=Path, default=MUNICIPALITIES_CSV)
    args = parser.parse_args(argv)

    for path in (args.gemeenten, args.provincies):
        if not path.is_file():
            print(f"error: {path} not found", file=sys.stderr)
            return 2

    table = derive_municipalities(gpd.read_file(args.gemeenten), gpd.read_file(args.provincies))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # Fixed float format so the file is stable across pandas versions and re-runs.
    table.to_csv(args.out, index=False, float_format=f"%.{DECIMALS}f", lineterminator="\n", encoding="utf-8")
    print(f"wrote {len(table)} municipalities to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

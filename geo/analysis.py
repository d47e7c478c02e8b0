"""Spatial questions over the inventory: where is the nearest shelter for someone from here?"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.orm import Session

from geo.centroids import load_centroids
from geo.gaps import nearest_with_shelter
from inventory import queries
from inventory.exports import Export
from inventory.filters import Filters

GAP_COLUMNS = [
    "code",
    "name",
    "province",
    "nearest_code",
    "nearest_name",
    "distance_km",
    "nearest_offers",
    "source_title",
    "source_publisher",
    "source_year",
    "source_file",
    "source_line",
]


def gap_table(session: Session, shelter_form: str | None = None, stand: dt.date | None = None) -> pd.DataFrame:
    """Each municipality without (open) shelter of `shelter_form` (at `stand`), its nearest municipality
    with it, the straight-line distance, and the offers and sources that put shelter there."""
    with_shelter = queries.municipalities_with_shelter(session, shelter_form, stand)
    points = load_centroids()
    gaps = nearest_with_shelter(points[["code", "name", "lon", "lat"]], with_shelter)
    gaps["province"] = gaps["code"].map(dict(zip(points["code"], points["province_name"], strict=True)))
    offers = queries.facilities(session, Filters(shelter_form=shelter_form, stand=stand))
    offers = offers[offers["closed_on"].isna()]
    by_municipality = offers.groupby("municipality_code")
    gaps["nearest_offers"] = gaps["nearest_code"].map(by_municipality["label"].agg(lambda s: "; ".join(s)))
    # The source of one offer, the first one named, taken whole: a per-column first() skips empty
    # cells, so an offer's source without a year would be cited with another source's year.
    cited = offers.drop_duplicates("municipality_code").set_index("municipality_code")
    for column in ("source_title", "source_publisher", "source_year", "source_file", "source_line"):
        gaps[column] = gaps["nearest_code"].map(cited[column])
    return gaps[GAP_COLUMNS]


def gap_export(session: Session, shelter_form: str | None, lang: str = "nl", stand: dt.date | None = None) -> Export:
    frame = gap_table(session, shelter_form, stand)
    sources = queries.sources(session, stand=stand)
    used = set(frame["source_file"].dropna())
    return Export(
        "gaps", frame, Filters(shelter_form=shelter_form, stand=stand), sources[sources["seed_file"].isin(used)], lang
    )


def nearest_offers(session: Session, code: str) -> pd.DataFrame:
    """For one municipality: per shelter form that has a known open offer anywhere, the nearest
    other municipality with such an offer, its distance and offers. A form the municipality
    itself offers is left out: its own page lists it."""
    points = load_centroids()[["code", "name", "lon", "lat"]]
    offers = queries.facilities(session)
    offers = offers[offers["closed_on"].isna()]
    rows = []
    for form, by_form in offers.groupby("shelter_form", sort=False):
        places = set(by_form["municipality_code"])
        if code in places:
            continue
        nearest = nearest_with_shelter(points, places)
        hit = nearest[nearest["code"] == code]
        if hit.empty or pd.isna(hit["nearest_code"].iloc[0]):
            continue
        there = by_form[by_form["municipality_code"] == hit["nearest_code"].iloc[0]]
        rows.append(
            {
                "shelter_form": form,
                "nearest_code": hit["nearest_code"].iloc[0],
                "nearest_name": hit["nearest_name"].iloc[0],
                "distance_km": float(hit["distance_km"].iloc[0]),
                "nearest_offers": "; ".join(there["label"]),
                "source_title": there["source_title"].iloc[0],
                "source_publisher": there["source_publisher"].iloc[0],
                "source_year": there["source_year"].iloc[0],
                "source_file": there["source_file"].iloc[0],
                "source_line": there["source_line"].iloc[0],
            }
        )
    columns = [
        "shelter_form",
        "nearest_code",
        "nearest_name",
        "distance_km",
        "nearest_offers",
        "source_title",
        "source_publisher",
        "source_year",
        "source_file",
        "source_line",
    ]
    return pd.DataFrame(rows, columns=columns).sort_values("distance_km", ignore_index=True)

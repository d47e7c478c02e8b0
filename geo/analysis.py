"""Spatial questions over the inventory: where is the nearest shelter for someone from here?"""

from __future__ import annotations

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
    "source_file",
    "source_line",
]


def gap_table(session: Session, shelter_form: str | None = None) -> pd.DataFrame:
    """Each municipality without (open) shelter of `shelter_form`, its nearest municipality with it,
    the straight-line distance, and the offers and sources that put shelter there."""
    with_shelter = queries.municipalities_with_shelter(session, shelter_form)
    points = load_centroids()
    gaps = nearest_with_shelter(points[["code", "name", "lon", "lat"]], with_shelter)
    gaps["province"] = gaps["code"].map(dict(zip(points["code"], points["province_name"], strict=True)))
    offers = queries.facilities(session, Filters(shelter_form=shelter_form))
    offers = offers[offers["closed_on"].isna()]
    by_municipality = offers.groupby("municipality_code")
    gaps["nearest_offers"] = gaps["nearest_code"].map(by_municipality["label"].agg(lambda s: "; ".join(s)))
    gaps["source_file"] = gaps["nearest_code"].map(by_municipality["source_file"].first())
    gaps["source_line"] = gaps["nearest_code"].map(by_municipality["source_line"].first())
    return gaps[GAP_COLUMNS]


def gap_export(session: Session, shelter_form: str | None, lang: str = "nl") -> Export:
    frame = gap_table(session, shelter_form)
    sources = queries.sources(session)
    used = set(frame["source_file"].dropna())
    return Export("gaps", frame, Filters(shelter_form=shelter_form), sources[sources["seed_file"].isin(used)], lang)

"""The Streamlit-free helpers behind the pages: reading a map click, the map's measure values, localised tables.

A click on the pydeck map cannot be driven from AppTest, so `selected_code` is tested here with
selection payloads shaped like the ones Streamlit returns (`{"indices": ..., "objects": {layer_id: [...]}}`).
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pyarrow as pa
import pytest
from sqlalchemy import Engine

from geo.selection import selected_code
from inventory import queries
from inventory.database import session_scope
from inventory.i18n import column_label
from inventory.mapdata import MEASURES, OFFERS_ONLY, REPORTED, measure_label, measure_values
from inventory.presentation import localise, value_or_no_data

# --- geo.selection.selected_code ---------------------------------------------------------

FEATURE = {
    "type": "Feature",
    "properties": {"code": "GM0363", "name": "Amsterdam", "value": 290.0, "value_label": "Plaatsen: 290"},
    "geometry": {"type": "Polygon", "coordinates": [[[4.9, 52.3], [5.0, 52.3], [5.0, 52.4], [4.9, 52.3]]]},
}
MARKER = {"code": "GM0599", "name": "Rotterdam", "position": [4.48, 51.92], "places": 120, "radius": 3000.0}


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ({"indices": {"municipalities": [17]}, "objects": {"municipalities": [FEATURE]}}, "GM0363"),
        ({"indices": {"markers": [3]}, "objects": {"markers": [MARKER]}}, "GM0599"),
        # both layers picked: the municipality layer wins
        ({"objects": {"markers": [MARKER], "municipalities": [FEATURE]}}, "GM0363"),
        # a feature without a valid code in the first slot: the next object is used
        ({"objects": {"municipalities": [{"properties": {"code": None}}, FEATURE]}}, "GM0363"),
    ],
    ids=["geojson-feature", "scatter-row", "layer-order", "skips-codeless"],
)
def test_selected_code_reads_a_pick(selection: dict, expected: str) -> None:
    assert selected_code(selection) == expected


@pytest.mark.parametrize(
    "selection",
    [
        None,
        {},
        {"indices": {}, "objects": {}},
        {"indices": {"municipalities": []}, "objects": {"municipalities": []}},
        {"objects": {"provinces": [{"properties": {"code": "GM0363"}}]}},  # not a pickable layer of ours
        {"objects": {"municipalities": [{"properties": {"code": "Amsterdam"}}]}},
        {"objects": {"municipalities": [{"properties": {"code": "GM363"}}]}},
        {"objects": {"markers": [{"code": "GM0599; DROP TABLE"}]}},
        {"objects": {"markers": [{"code": 599}]}},
        {"objects": {"markers": ["GM0599", 12, None]}},
        {"objects": {"municipalities": [{"properties": "GM0363"}]}},
        {"objects": {"municipalities": {"code": "GM0363"}}},
        {"objects": {"municipalities": "GM0363"}},
        {"objects": {"municipalities": 7}},
        {"objects": ["GM0363"]},
        {"objects": "GM0363"},
    ],
)
def test_selected_code_ignores_empty_and_garbage(selection: object) -> None:
    assert selected_code(selection) is None  # type: ignore[arg-type]


def test_selected_code_honours_layer_ids() -> None:
    selection = {"objects": {"markers": [MARKER], "municipalities": [FEATURE]}}
    assert selected_code(selection, layer_ids=("markers",)) == "GM0599"
    assert selected_code(selection, layer_ids=("other",)) is None


# --- inventory.mapdata.measure_values ----------------------------------------------------


def _overview() -> pd.DataFrame:
    """Three municipalities as queries.municipality_overview returns them: one reported a range and
    persons, one only has known offers, one has nothing at all."""
    return pd.DataFrame(
        {
            "municipality_code": ["GM0363", "GM0344", "GM1680"],
            "municipality": ["Amsterdam", "Utrecht", "Aa en Hunze"],
            "places_low": [80.0, None, None],
            "places_high": [90.0, None, None],
            "places_display": ["80–90", None, None],
            "places_qualifier": ["range", None, None],
            "places_parts": [1, None, None],
            "places_period_start": [dt.date(2016, 10, 1), None, None],
            "places_period_end": [dt.date(2017, 1, 31), None, None],
            "persons_low": [1435.0, None, None],
            "persons_high": [1435.0, None, None],
            "persons_display": ["1.435", None, None],
            "persons_qualifier": ["exact", None, None],
            "persons_parts": [2, None, None],
            "persons_period_start": [dt.date(2016, 1, 1), None, None],
            "persons_period_end": [dt.date(2016, 12, 31), None, None],
            "waiting_list_low": [None, None, None],
            "waiting_list_high": [None, None, None],
            "waiting_list_display": [None, None, None],
            "shelter_forms": ["day_centre;specialised_24h", "specialised_night", None],
            "has_figures": [True, False, False],
            "has_shelter": [True, True, False],
        }
    )


def test_places_range_midpoint_and_missing_stays_missing() -> None:
    out = measure_values(_overview(), "places", "nl")
    assert list(out.columns) == ["code", "name", "value", "value_text"]
    assert out["code"].tolist() == ["GM0363", "GM0344", "GM1680"]
    assert out.loc[0, "value"] == 85.0
    # The value with its reference period, in the reader's month names.
    assert out.loc[0, "value_text"] == "80–90 (okt 2016 – jan 2017)"
    assert measure_values(_overview(), "places", "en").loc[0, "value_text"] == "80–90 (Oct 2016 – Jan 2017)"
    assert out["value"].isna().tolist() == [False, True, True]
    assert out["value_text"].tolist()[1:] == ["geen gegevens", "geen gegevens"]


def test_a_sum_says_it_is_a_sum_in_the_readers_number_format() -> None:
    en = measure_values(_overview(), "persons", "en")
    assert en.loc[0, "value_text"] == "1,435 (sum of 2 facilities; 2016)"
    assert measure_values(_overview(), "persons", "nl").loc[0, "value_text"] == "1.435 (som van 2 voorzieningen; 2016)"
    assert en.loc[1, "value_text"] == "no data reported"
    assert math.isnan(en.loc[1, "value"])


def test_a_reported_zero_is_not_no_data() -> None:
    frame = _overview()
    frame.loc[0, ["persons_low", "persons_high", "persons_parts"]] = [0, 0, 1]
    out = measure_values(frame, "persons", "en")
    assert out.loc[0, "value"] == 0.0
    assert out.loc[0, "value_text"] == "0 (2016)"


def test_waiting_list_all_missing() -> None:
    out = measure_values(_overview(), "waiting_list", "en")
    assert out["value"].isna().all()
    assert set(out["value_text"]) == {"no data reported"}


def test_forms_counts_and_names_forms() -> None:
    nl = measure_values(_overview(), "forms", "nl")
    assert nl["value"].tolist()[:2] == [2.0, 1.0]
    assert math.isnan(nl.loc[2, "value"])
    assert nl.loc[0, "value_text"] == "Dagopvang / inloop, Gespecialiseerde opvang (24-uurs)"
    assert nl.loc[2, "value_text"] == "geen gegevens"
    en = measure_values(_overview(), "forms", "en")
    assert en.loc[1, "value_text"] == "Specialised shelter (night only)"
    assert en.loc[2, "value_text"] == "no data reported"


def test_reporting_status() -> None:
    nl = measure_values(_overview(), "reporting", "nl")
    assert nl["value"].tolist()[:2] == [float(REPORTED), float(OFFERS_ONLY)]
    assert math.isnan(nl.loc[2, "value"])
    assert nl["value_text"].tolist() == ["gegevens gemeld", "alleen aanbod bekend", "geen gegevens"]
    en = measure_values(_overview(), "reporting", "en")
    assert en["value_text"].tolist() == ["data reported", "offers known, no figures", "no data reported"]


def test_unknown_measure_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown measure 'beds'"):
        measure_values(_overview(), "beds")


def test_measure_labels_in_both_languages() -> None:
    assert [measure_label(m, "nl") for m in MEASURES] == [
        "Plaatsen",
        "Opgevangen personen",
        "Wachtlijst",
        "Aantal opvangvormen",
        "Rapportagestatus",
    ]
    assert measure_label("persons", "en") == "Persons sheltered"


def test_measure_values_on_the_seeded_overview(seeded_engine: Engine) -> None:
    """Every municipality gets a row; NaN exactly where the overview has no figure, never 0 for missing."""
    with session_scope(seeded_engine) as session:
        overview = queries.municipality_overview(session)
    for measure in MEASURES:
        out = measure_values(overview, measure, "en")
        assert len(out) == len(overview) > 300
        assert out["value_text"].notna().all()
        missing = out["value"].isna()
        assert missing.any(), measure
        assert (out.loc[missing, "value_text"] == "no data reported").all(), measure
        assert not (out.loc[~missing, "value_text"] == "no data reported").any(), measure
    assert measure_values(overview, "places")["value"].notna().any()
    reporting = measure_values(overview, "reporting")
    assert (reporting["value"] == REPORTED).sum() == overview["has_figures"].sum()
    assert reporting["value"].notna().sum() == (overview["has_figures"] | overview["has_shelter"]).sum()


# --- inventory.presentation --------------------------------------------------------------


def _facilities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "key": ["a", "b", "c"],
            "municipality": ["Amsterdam", "Utrecht", "Eindhoven"],
            "shelter_form": ["specialised_24h", "no_such_form", None],
            "criteria": ["vulnerable;medical_indication", "", float("nan")],
            "programme": ["lvv", None, "bbb"],
            "source_line": [1311, 12, 7],
        }
    )


def test_localise_translates_codes_and_headers() -> None:
    nl = localise(_facilities(), "nl")
    assert list(nl.columns) == ["Sleutel", "Gemeente", "Opvangvorm", "Criteria", "Programma", "Regel"]
    assert nl["Opvangvorm"].tolist()[:2] == ["Gespecialiseerde opvang (24-uurs)", "no_such_form"]
    assert nl["Opvangvorm"].iloc[2] == ""  # missing reads empty, never None
    assert nl["Criteria"].iloc[0] == "Kwetsbaren, Medische/GGD-indicatie"
    assert nl["Programma"].tolist()[0] == "LVV (Landelijke Vreemdelingenvoorziening)"
    assert nl["Criteria"].iloc[2] == ""
    en = localise(_facilities(), "en")
    assert list(en.columns) == ["Key", "Municipality", "Shelter form", "Criteria", "Programme", "Line"]
    assert en["Shelter form"].iloc[0] == "Specialised shelter (24-hour)"
    assert en["Programme"].tolist()[2] == "Bed-bath-bread (BBB)"


def test_localise_picks_and_orders_columns_without_touching_the_input() -> None:
    frame = _facilities()
    out = localise(frame, "en", ["programme", "municipality"])
    assert list(out.columns) == ["Programme", "Municipality"]
    assert len(out) == 3
    assert frame["shelter_form"].iloc[0] == "specialised_24h"  # the input keeps its codes


def test_localise_outcome_categories() -> None:
    outcomes = pd.DataFrame({"scope": ["national"], "category": ["return"], "share_pct": [12.5]})
    assert localise(outcomes, "nl").iloc[0].tolist() == ["Landelijk", "Terugkeer", "12,5"]
    assert localise(outcomes, "en").iloc[0].tolist() == ["National", "Return", "12.5"]
    assert localise(outcomes, "en", numbers_as_text=False).iloc[0].tolist() == ["National", "Return", 12.5]
    assert list(localise(outcomes, "en").columns) == ["Scope", "Category", "Share (%)"]
    assert localise(outcomes, "en")["Category"].iloc[0] == "Return"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_localise_gives_arrow_one_type_per_column_where_numbers_have_gaps(lang: str) -> None:
    # A self-reported figure has no source line, a source no year: '' beside numbers is a column
    # Arrow refuses (Streamlit then logs the failure and rewrites the column, years as '2017.0').
    frame = pd.DataFrame(
        {
            "source_line": pd.array([1311, None], dtype="Int64"),
            "source_year": [2017.0, float("nan")],
            "max_stay_months": pd.array([None, 1200], dtype="Int64"),
            "nearest_offers": [2, 3],
        }
    )
    out = localise(frame, lang)
    pa.Table.from_pandas(out)  # raises on a mixed column
    line, year, stay, offers = (column_label(c, lang) for c in frame.columns)
    assert out[line].tolist() == ["1311", ""]  # a line number is an identifier: plain digits
    assert out[year].tolist() == ["2017", ""]
    assert out[stay].tolist() == ["", "1.200" if lang == "nl" else "1,200"]  # a count: the reader's format
    assert out[offers].tolist() == [2, 3]  # no gap: stays a number, sorted as one


@pytest.mark.parametrize(
    ("display", "lang", "expected"),
    [
        (None, "nl", "geen gegevens"),
        (float("nan"), "en", "no data reported"),
        ("", "en", "no data reported"),
        ("0", "nl", "0"),
        ("ca. 120", "en", "ca. 120"),
    ],
)
def test_value_or_no_data(display: object, lang: str, expected: str) -> None:
    assert value_or_no_data(display, lang) == expected

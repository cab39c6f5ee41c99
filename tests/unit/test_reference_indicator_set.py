"""The shipped reference indicators: the code mapping, the catalogue's bounds against the
real values, and the mapping rules on hand-made rows."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata.reference import iso3_from_cow
from queries.reference import build_indicators as build
from queries.reference_indicators import CATALOG_FILE, VALUES_FILE
from tests.conftest import SHARED_DATA

PREDICTORS = SHARED_DATA / "ewp_2025_sra" / "prepared2024predictors-2025-09-03.csv"


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    return pd.read_parquet(VALUES_FILE)


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return pd.read_csv(CATALOG_FILE)


def test_every_country_of_the_predictor_file_maps_or_is_named_as_unmapped():
    if not PREDICTORS.exists():
        pytest.fail(f"the shared predictor file is missing: {PREDICTORS}")
    panel = pd.read_csv(PREDICTORS, usecols=["ccode", "ewp_name"]).drop_duplicates("ccode")
    unmapped = pd.read_csv(build.UNMAPPED)
    named = set(unmapped.loc[unmapped["source"] == "EWP predictor matrix", "code"].astype(int))
    iso3 = iso3_from_cow(panel["ccode"].to_numpy())
    missing = panel.loc[pd.isna(iso3) & ~panel["ccode"].isin(named), "ewp_name"].tolist()
    assert missing == []
    # 173 codes, 168 countries in 2024: Yemen's 678/679/680 and the two Germanys map to one.
    assert panel["ccode"].nunique() == 173 and len(set(iso3) - {None}) == 168


def test_catalogue_bounds_hold_every_real_value(values, catalog):
    merged = values.merge(catalog, on="indicator_code", how="left", validate="many_to_one")
    assert merged["name"].notna().all()                          # every code catalogued
    outside = merged[(merged["value"] < merged["lower_bound"])
                     | (merged["value"] > merged["upper_bound"])]
    assert outside.empty, outside.head().to_string()
    assert set(catalog["indicator_code"]) == set(values["indicator_code"])
    years = values.groupby("indicator_code")["year"].agg(["min", "max"])
    assert (catalog.set_index("indicator_code")[["first_year", "last_year"]].to_numpy()
            == years.loc[catalog["indicator_code"]].to_numpy()).all()


def test_catalogue_rows_are_well_formed(catalog):
    assert catalog["indicator_code"].is_unique
    assert set(catalog["direction"]) <= {"higher_is_riskier", "lower_is_riskier"}
    assert set(catalog["scale"]) <= {"linear", "log"}
    assert (catalog["lower_bound"] < catalog["upper_bound"]).all()
    factors = catalog["risk_factor"].dropna().astype(int)
    assert factors.between(1, 14).all()
    # Factors with a real indicator; 5, 10, 13 and 14 have none (migration 006 says why).
    assert sorted(set(factors)) == [1, 2, 3, 4, 6, 7, 8, 9, 11, 12]
    assert catalog["source"].notna().all() and catalog["licence"].notna().all()


def test_values_are_one_per_country_indicator_and_year(values):
    assert not values.duplicated(["iso3", "indicator_code", "year"]).any()
    assert values["year"].min() == build.FIRST_YEAR
    # The Project's onsets 1994-2024: 39 over 5,047 country-years.
    onsets = values[(values["indicator_code"] == "ewp_mass_killing_onset")
                    & values["year"].between(1994, 2024)]
    assert (int(onsets["value"].sum()), len(onsets)) == (39, 5047)


def test_map_codes_names_what_maps_to_no_state():
    frame = pd.DataFrame({
        "code": [482, 482, 999, 327, 360],
        "name": ["Central African Republic", "Central African Republic", "Atlantis",
                 "Holy See", "Romania"],
        "own": [None, None, None, "VAT", "ROM"],
        "year": [2020, 2021, 2020, 2020, 2020]})
    mapped = build.map_codes(frame, "test", "code", "name", "cow", own="own")
    # CAF by its code; ROM is no ISO3 code, so Romania comes from COW 360; VAT is a
    # territory's ISO3, so the Holy See stays unmapped rather than becoming Italy (327).
    assert mapped.rows["iso3"].tolist() == ["CAF", "CAF", "ROU"]
    assert sorted(mapped.unmapped["name"]) == ["Atlantis", "Holy See"]
    assert mapped.unmapped.set_index("name").loc["Atlantis", "rows"] == 1


def test_a_predecessors_code_gives_way_to_the_present_day_states():
    # Serbia and Montenegro (345) and Serbia (340) both map to SRB in 2006; Serbia's own
    # code, the one SRB has in the latest year, is kept.
    frame = pd.DataFrame({"code": [345, 345, 340, 340], "name": ["SCG", "SCG", "SRB", "SRB"],
                          "year": [2005, 2006, 2006, 2007], "v": [1, 2, 3, 4]})
    mapped = build.map_codes(frame, "test", "code", "name", "gw")
    assert mapped.rows[["year", "v"]].values.tolist() == [[2005, 1], [2006, 3], [2007, 4]]

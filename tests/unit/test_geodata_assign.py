"""Point assignment: hand-drawn boundaries with hand-written answers, then the shipped files."""

from __future__ import annotations

import unicodedata

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

import geodata.assign as assign_module
from geodata.assign import AssignResult, PointAssigner
from geodata.boundaries import GeodataError
from geodata.reference import iso3_from_gwno

NAN = float("nan")

# Two adjacent square countries and an island without regions (x = lon, y = lat):
#   AAA: lon 0..10, lat 0..10, regions AAA-1 "West" (lon 0..5) and AAA-2 "East" (lon 5..10)
#   BBB: lon 10..20, lat 0..10, one region BBB-1 "Whole"
#   CCC: lon 0..1, lat 20..21, no regions
COUNTRIES = pd.DataFrame({"iso3": ["AAA", "BBB", "CCC"],
                          "geometry": [box(0, 0, 10, 10), box(10, 0, 20, 10), box(0, 20, 1, 21)]})
REGIONS = pd.DataFrame({"admin1_code": ["AAA-1", "AAA-2", "BBB-1"],
                        "iso3": ["AAA", "AAA", "BBB"],
                        "name": ["West", "East", "Whole"],
                        "geometry": [box(0, 0, 5, 10), box(5, 0, 10, 10), box(10, 0, 20, 10)]})

# (lat, lon, precision, source) -> (geo_iso3, iso3, admin1_code, geo_check)
CASES = {
    "inside west": ((2, 2, 1, None), ("AAA", "AAA", "AAA-1", "ok")),
    "inside east": ((2, 7, 2, None), ("AAA", "AAA", "AAA-2", "ok")),
    "source agrees": ((5, 15, 3, "BBB"), ("BBB", "BBB", "BBB-1", "ok")),
    "slightly offshore": ((-0.1, 2, 1, None), ("AAA", "AAA", "AAA-1", "offshore")),
    "far at sea": ((-5, 2, 1, None), (None, None, None, "unlocated")),
    "far at sea, source kept": ((-5, 2, 1, "AAA"), (None, "AAA", None, "unlocated")),
    "disagrees, far from source": ((2, 15, 1, "AAA"), ("BBB", "AAA", None, "disagrees")),
    "disagrees, near source": ((2, 10.1, 1, "AAA"), ("BBB", "AAA", "AAA-2", "disagrees")),
    "country only precision": ((2, 2, 6, None), ("AAA", "AAA", None, "ok")),
    "international waters precision": ((2, 2, 7, None), ("AAA", "AAA", None, "ok")),
    "missing precision counts as 4": ((2, 2, NAN, None), ("AAA", "AAA", "AAA-1", "ok")),
    "on the border: first region": ((2, 10, 1, None), ("AAA", "AAA", "AAA-2", "ok")),
    "on the border: source's region": ((2, 10, 1, "BBB"), ("BBB", "BBB", "BBB-1", "ok")),
    "equidistant: first region": ((10.1, 5, 1, None), ("AAA", "AAA", "AAA-1", "offshore")),
    "offshore: nearest": ((-0.1, 10.2, 1, None), ("BBB", "BBB", "BBB-1", "offshore")),
    "offshore: source within reach": ((-0.1, 10.2, 1, "AAA"),
                                      ("AAA", "AAA", "AAA-2", "offshore")),
    "country without regions": ((20.5, 0.5, 1, None), ("CCC", "CCC", None, "ok")),
    "offshore of that country": ((20.5, 1.1, 1, None), ("CCC", "CCC", None, "offshore")),
    "no coordinates": ((NAN, 2, 1, None), (None, None, None, "unlocated")),
    "latitude out of range": ((95, 2, 1, "AAA"), (None, "AAA", None, "unlocated")),
    "unknown source code": ((2, 2, 1, "ZZZ"), ("AAA", "ZZZ", None, "disagrees")),
    "empty source is missing": ((2, 2, 1, ""), ("AAA", "AAA", "AAA-1", "ok")),
}


@pytest.fixture(scope="module")
def assigner():
    return PointAssigner(COUNTRIES.pipe(_gdf), REGIONS.pipe(_gdf))


@pytest.fixture(scope="module")
def shipped():
    return PointAssigner.default()


def _gdf(frame):
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def _run(assigner, cases):
    lat, lon, precision, source = zip(*(point for point, _ in cases), strict=True)
    result = assigner.assign(np.array(lat), np.array(lon), np.array(precision, dtype=float),
                             np.array(source, dtype=object))
    return list(zip(result.geo_iso3, result.iso3, result.admin1_code, result.geo_check,
                    strict=True))


def test_hand_drawn_cases_in_one_call(assigner):
    got = _run(assigner, CASES.values())
    expected = [answer for _, answer in CASES.values()]
    wrong = {name: g for name, g, e in zip(CASES, got, expected, strict=True) if g != e}
    assert wrong == {}


@pytest.mark.parametrize("name", CASES)
def test_hand_drawn_case_alone(assigner, name):
    assert _run(assigner, [CASES[name]]) == [CASES[name][1]]


def test_names_and_array_types(assigner):
    result = assigner.assign([2, 2, -5], [2, 7, 2])
    assert isinstance(result, AssignResult)
    assert result.admin1_name.tolist() == ["West", "East", None]
    for values in (result.geo_iso3, result.iso3, result.admin1_code, result.admin1_name,
                   result.geo_check):
        assert values.dtype == object
        assert len(values) == 3


def test_scalars_and_shared_source(assigner):
    result = assigner.assign(2, 2)
    assert result.admin1_code.tolist() == ["AAA-1"]
    result = assigner.assign([2, 2], [2, 15], 1, "AAA")
    assert result.geo_check.tolist() == ["ok", "disagrees"]


def test_no_points(assigner):
    result = assigner.assign([], [])
    assert result.geo_check.tolist() == []
    assert result.admin1_code.dtype == object


def test_repeated_places_are_answered_per_point(assigner):
    lat = np.full(6, 2.0)
    lon = np.array([10, 10, 10, 2, 2, 2.0])
    result = assigner.assign(lat, lon, [1, 1, 1, 1, 6, 1], ["BBB", None, "AAA", "AAA", "AAA",
                                                             "BBB"])
    assert result.admin1_code.tolist() == ["BBB-1", "AAA-2", "AAA-2", "AAA-1", None, None]
    assert result.geo_check.tolist() == ["ok", "ok", "ok", "ok", "ok", "disagrees"]


def test_zero_tolerance_snaps_nothing():
    strict = PointAssigner(_gdf(COUNTRIES), _gdf(REGIONS), offshore_tolerance_deg=0)
    result = strict.assign([-0.1, 2], [2, 2])
    assert result.geo_check.tolist() == ["unlocated", "ok"]


def test_grid_answers_equal_the_tree_answers(assigner, monkeypatch):
    rng = np.random.default_rng(3)
    lat = np.concatenate([rng.uniform(-1, 22, 20_000), np.round(rng.uniform(-1, 22, 2000) * 4) / 4])
    lon = np.concatenate([rng.uniform(-1, 21, 20_000), np.round(rng.uniform(-1, 21, 2000) * 4) / 4])
    source = rng.choice(np.array([None, "AAA", "BBB", "CCC"], dtype=object), len(lat))
    fast = assigner.assign(lat, lon, 1, source)
    monkeypatch.setattr(assign_module._CellGrid, "lookup",
                        lambda _self, la, _lo: np.full(len(la), assign_module.UNKNOWN))
    slow = assigner.assign(lat, lon, 1, source)
    for field in ("geo_iso3", "iso3", "admin1_code", "geo_check"):
        assert (getattr(fast, field) == getattr(slow, field)).all(), field


def test_bad_input_is_refused(assigner):
    with pytest.raises(GeodataError, match="lat and lon differ in length: 2 and 1"):
        assigner.assign([1, 2], [1])
    with pytest.raises(GeodataError, match=r"precision must be 1\.\.7 \(UCDP where_prec\) or "
                                           r"missing; got 0, 4\.5, 8"):
        assigner.assign([1, 2, 3, 4], [1, 2, 3, 4], [0, 8, 4.5, 1])
    with pytest.raises(GeodataError, match="source_iso3 has 2 values for 3 points"):
        assigner.assign([1, 2, 3], [1, 2, 3], 1, ["AAA", "BBB"])
    with pytest.raises(GeodataError, match="admin1 lacks column\\(s\\) name"):
        PointAssigner(_gdf(COUNTRIES), _gdf(REGIONS.drop(columns="name")))
    with pytest.raises(GeodataError, match="offshore_tolerance_deg must be a number >= 0"):
        PointAssigner(_gdf(COUNTRIES), _gdf(REGIONS), offshore_tolerance_deg=-1)


def test_bangui(shipped):
    result = shipped.assign([4.3667, 4.3667], [18.5833, 18.5833], [1, 1], [None, "CAF"])
    assert result.geo_iso3.tolist() == ["CAF", "CAF"]
    assert result.admin1_name.tolist() == ["Bangui", "Bangui"]
    assert result.admin1_code.tolist() == ["CAF-1460", "CAF-1460"]
    assert result.geo_check.tolist() == ["ok", "ok"]


def test_shipped_files_by_hand(shipped):
    places = {  # (lat, lon, source): (geo_iso3, iso3, admin1_name, geo_check)
        (12.64, -8.0, None): ("MLI", "MLI", "Bamako", "ok"),
        (42.67, 21.17, None): ("XKX", "XKX", "Priština", "ok"),
        (4.85, 31.6, None): ("SSD", "SSD", "Central Equatoria", "ok"),
        (0.0, 0.0, None): (None, None, None, "unlocated"),
        (14.66, -17.5, None): ("SEN", "SEN", "Dakar", "offshore"),
        (-4.33, 15.32, "CAF"): ("COD", "CAF", None, "disagrees"),
        (4.30, 18.55, "CAF"): ("COD", "CAF", "Ombella-M'Poko", "disagrees"),
    }
    lat, lon, source = zip(*places, strict=True)
    result = shipped.assign(lat, lon, None, np.array(source, dtype=object))
    got = list(zip(result.geo_iso3, result.iso3, result.admin1_name, result.geo_check,
                   strict=True))
    assert got == list(places.values())


def test_ucdp_sample_agrees_with_ucdp_admin1(shipped, ucdp_sample):
    events = pd.read_csv(ucdp_sample)
    result = shipped.assign(events["latitude"], events["longitude"], events["where_prec"],
                            iso3_from_gwno(events["country_id"]))
    assert set(result.iso3) == {"CAF"}
    assert (result.geo_check == "ok").mean() > 0.99
    located = (events["where_prec"] <= 4).to_numpy()
    assert pd.isna(result.admin1_code[~located]).all()
    ucdp_names = events["adm_1"].str.removesuffix(" province")[located].map(_plain)
    ours = pd.Series(result.admin1_name[located]).map(_plain)
    assert (ours.to_numpy() == ucdp_names.to_numpy()).mean() > 0.98


def _plain(name: str) -> str:
    """A name without accents ("Mambéré-Kadéï" and "Mambéré-Kadéi" compare equal)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))

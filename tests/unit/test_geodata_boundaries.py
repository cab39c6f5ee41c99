"""Shipped boundary files, and users' own admin-1 files."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, box

from geodata.boundaries import (
    GeodataError,
    load_admin1,
    load_countries,
    read_admin1_file,
    with_admin1_override,
)
from geodata.reference import countries as country_table

REGION_A = box(18.0, 4.0, 19.0, 5.0)
REGION_B = box(19.0, 4.0, 20.0, 5.0)


@pytest.fixture(scope="module")
def admin1():
    return load_admin1()


def user_regions(code="ADM1_PCODE", name="ADM1_EN", crs="EPSG:4326"):
    """Two square regions, plus a second feature of CF02 (an island) to be merged."""
    frame = gpd.GeoDataFrame({
        code: ["CF02", "CF01", "CF02"],
        name: ["Region B", "Region A", "Region B"],
        "population": [10, 20, 30],
        "geometry": [REGION_B, REGION_A, box(19.5, 5.5, 19.6, 5.6)],
    }, crs="EPSG:4326")
    return frame.to_crs(crs)


def test_shipped_admin1_regions(admin1):
    assert list(admin1.columns) == ["admin1_code", "iso3", "name", "iso_3166_2", "hasc",
                                    "type_en", "geometry"]
    assert len(admin1) > 4000
    assert admin1["admin1_code"].is_unique
    assert admin1["iso3"].nunique() > 240
    assert {"SSD", "XKX", "PSE", "ESH", "CAF"} <= set(admin1["iso3"])
    assert not {"SDS", "KOS", "PSX", "SAH", "NUL"} & set(admin1["iso3"])
    assert admin1.crs.to_epsg() == 4326
    assert admin1.geometry.is_valid.all()
    assert not admin1.geometry.is_empty.any()
    assert set(admin1.geom_type) <= {"Polygon", "MultiPolygon"}
    assert set(admin1["iso3"]) <= set(country_table()["iso3"])


def test_shipped_admin1_is_natural_earth_2013(admin1):
    congo = admin1[admin1["iso3"] == "COD"]
    assert len(congo) == 11  # 26 provinces since 2015
    assert {"Katanga", "Orientale", "Kinshasa City"} <= set(congo["name"])
    bangui = admin1.set_index("admin1_code").loc["CAF-1460"]
    assert (bangui["name"], bangui["iso3"], bangui["hasc"]) == ("Bangui", "CAF", "CF.BG")
    assert len(admin1[admin1["iso3"] == "SSD"]) == 10
    texas = admin1.set_index("admin1_code").loc["USA-TX"]
    assert (texas["name"], texas["iso_3166_2"], texas["type_en"]) == ("Texas", "US-TX",
                                                                      "State")


def test_shipped_countries():
    shapes = load_countries()
    assert list(shapes.columns) == ["iso3", "name", "geometry"]
    assert shapes["iso3"].is_unique
    assert len(shapes) > 230
    assert shapes.crs.to_epsg() == 4326
    assert shapes.geometry.is_valid.all()
    assert not shapes.geometry.is_empty.any()
    names = country_table().set_index("iso3")["name"]
    assert (shapes["name"] == shapes["iso3"].map(names)).all()
    assert not {"SOL", "CYN", "KAS", "IOA", "ATC"} & set(shapes["iso3"])
    bangui = Point(18.5833, 4.3667)
    assert shapes[shapes.intersects(bangui)]["iso3"].tolist() == ["CAF"]


def test_loaders_return_copies(admin1):
    admin1.loc[0, "name"] = "changed"
    assert load_admin1().loc[0, "name"] != "changed"


@pytest.mark.parametrize(("filename", "options", "fields", "crs"), [
    ("cod_ab.geojson", {}, ("ADM1_PCODE", "ADM1_EN"), "EPSG:4326"),
    ("mine.gpkg", {"code_field": "pcode", "name_field": "label"}, ("pcode", "label"),
     "EPSG:3857"),
    ("gadm.shp", {}, ("GID_1", "NAME_1"), "EPSG:32634"),
])
def test_user_file_round_trip(tmp_path, filename, options, fields, crs):
    path = tmp_path / filename
    user_regions(*fields, crs=crs).to_file(path)
    regions = read_admin1_file(path, "CAF", **options)
    assert list(regions.columns) == ["admin1_code", "iso3", "name", "geometry"]
    assert regions.crs.to_epsg() == 4326
    assert regions["admin1_code"].tolist() == ["CF01", "CF02"]
    assert regions["name"].tolist() == ["Region A", "Region B"]
    assert regions["iso3"].tolist() == ["CAF", "CAF"]
    a, b = regions.geometry
    assert a.symmetric_difference(REGION_A).area < 1e-9
    assert b.geom_type == "MultiPolygon"  # the island was merged into CF02
    assert abs(b.area - (REGION_B.area + 0.01)) < 1e-9


def test_missing_field_error_names_file_field_and_choices(tmp_path):
    path = tmp_path / "regions.geojson"
    user_regions().to_file(path)
    with pytest.raises(GeodataError) as error:
        read_admin1_file(path, "CAF", code_field="pcode")
    message = str(error.value)
    assert str(path) in message
    assert "code field 'pcode' not found" in message
    assert "available fields: ADM1_PCODE, ADM1_EN, population" in message


def test_no_recognised_field_error(tmp_path):
    path = tmp_path / "regions.geojson"
    user_regions(code="zone", name="ADM1_EN").to_file(path)
    with pytest.raises(GeodataError, match=r"no admin-1 code field found .*available fields: "
                                           r"zone, ADM1_EN, population; pass code_field="):
        read_admin1_file(path, "CAF")


def test_missing_file(tmp_path):
    with pytest.raises(GeodataError, match=r"nowhere\.geojson: boundary file not found"):
        read_admin1_file(tmp_path / "nowhere.geojson", "CAF")


def test_points_are_not_regions(tmp_path):
    path = tmp_path / "points.geojson"
    gpd.GeoDataFrame({"ADM1_PCODE": ["CF01"], "ADM1_EN": ["A"]},
                     geometry=[Point(18.5, 4.5)], crs="EPSG:4326").to_file(path)
    with pytest.raises(GeodataError, match="expected polygon or multipolygon features only; "
                                           "found 1 Point"):
        read_admin1_file(path, "CAF")


def test_multi_layer_file_needs_a_layer(tmp_path):
    path = tmp_path / "cod_ab.gpkg"
    user_regions().to_file(path, layer="adm1")
    user_regions().dissolve().to_file(path, layer="adm0")
    with pytest.raises(GeodataError, match=r"has 2 layers \(adm1, adm0\); pass layer="):
        read_admin1_file(path, "CAF")
    assert len(read_admin1_file(path, "CAF", layer="adm1")) == 2
    with pytest.raises(GeodataError, match="no layer 'adm2'; layers: adm1, adm0"):
        read_admin1_file(path, "CAF", layer="adm2")


def test_unknown_country_code(tmp_path):
    path = tmp_path / "regions.geojson"
    user_regions().to_file(path)
    with pytest.raises(GeodataError, match="iso3 'caf' is not an ISO 3166-1 alpha-3 code"):
        read_admin1_file(path, "caf")


def test_blank_codes_are_refused(tmp_path):
    path = tmp_path / "regions.geojson"
    frame = user_regions()
    frame.loc[1, "ADM1_PCODE"] = None
    frame.to_file(path)
    with pytest.raises(GeodataError, match=r"1 feature\(s\) have an empty code field "
                                           r"'ADM1_PCODE' \(feature index 1\)"):
        read_admin1_file(path, "CAF")


def test_override_replaces_one_country(tmp_path, admin1):
    path = tmp_path / "regions.geojson"
    user_regions().to_file(path)
    merged = with_admin1_override(admin1, read_admin1_file(path, "CAF"), "CAF")
    assert list(merged.columns) == list(admin1.columns)
    central_african = merged[merged["iso3"] == "CAF"]
    assert central_african["admin1_code"].tolist() == ["CF01", "CF02"]
    assert central_african["hasc"].isna().all()
    others = merged[merged["iso3"] != "CAF"].reset_index(drop=True)
    expected = admin1[admin1["iso3"] != "CAF"].reset_index(drop=True)
    assert others["admin1_code"].tolist() == expected["admin1_code"].tolist()
    assert shapely.equals(others.geometry.values, expected.geometry.values).all()


def test_override_refuses_codes_of_another_country(admin1):
    user = gpd.GeoDataFrame({"admin1_code": ["COD-1461"], "name": ["Mine"]},
                            geometry=[REGION_A], crs="EPSG:4326")
    with pytest.raises(GeodataError, match="already used by another country: COD-1461"):
        with_admin1_override(admin1, user, "CAF")


def test_override_refuses_rows_of_another_country(admin1):
    user = gpd.GeoDataFrame({"admin1_code": ["X1"], "iso3": ["TCD"], "name": ["Mine"]},
                            geometry=[REGION_A], crs="EPSG:4326")
    with pytest.raises(GeodataError, match="user regions for CAF include rows of TCD"):
        with_admin1_override(admin1, user, "CAF")

"""Country reference tables: ISO 3166-1 / UN M49, Gleditsch-Ward codes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geodata.reference import (
    DATA_DIR,
    countries,
    is_iso3,
    iso3_from_cow,
    iso3_from_gwno,
    iso3_from_iso_numeric,
)
from tests.conftest import SHARED_DATA

UN_REGIONS = {"Africa", "Americas", "Asia", "Europe", "Oceania"}

# Gleditsch-Ward numbers as UCDP uses them, written out by hand.
GW_EXPECTED = {
    482: "CAF", 483: "TCD", 490: "COD", 484: "COG", 625: "SDN", 626: "SSD", 2: "USA",
    200: "GBR", 260: "DEU", 265: "DEU", 365: "RUS", 369: "UKR", 630: "IRN", 645: "IRQ",
    652: "SYR", 666: "ISR", 700: "AFG", 770: "PAK", 750: "IND", 775: "MMR", 840: "PHL",
    850: "IDN", 475: "NGA", 432: "MLI", 439: "BFA", 436: "NER", 520: "SOM", 530: "ETH",
    531: "ERI", 500: "UGA", 516: "BDI", 517: "RWA", 540: "AGO", 541: "MOZ", 678: "YEM",
    680: "YEM", 620: "LBY", 615: "DZA", 600: "MAR", 651: "EGY", 100: "COL", 70: "MEX",
    101: "VEN", 41: "HTI", 347: "XKX", 345: "SRB", 340: "SRB", 816: "VNM", 817: "VNM",
    710: "CHN", 731: "PRK", 732: "KOR", 740: "JPN", 811: "KHM", 812: "LAO", 800: "THA",
    820: "MYS", 860: "TLS", 910: "PNG", 940: "SLB", 372: "GEO", 371: "ARM", 373: "AZE",
    702: "TJK", 703: "KGZ", 704: "UZB", 705: "KAZ", 701: "TKM", 771: "BGD", 780: "LKA",
    790: "NPL", 760: "BTN", 781: "MDV", 590: "MUS", 315: "CZE", 316: "CZE", 317: "SVK",
    713: "TWN", 221: "MCO", 990: "WSM", 935: "VUT", 403: "STP",
}


def test_country_table_covers_iso_3166_and_kosovo():
    table = countries()
    assert list(table.columns) == ["iso3", "iso_n3", "name", "un_region", "un_subregion"]
    assert len(table) == 250
    assert table["iso3"].is_unique
    assert table["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    assert table["iso_n3"].dropna().str.fullmatch(r"\d{3}").all()
    assert table["iso_n3"].isna().sum() == 1


@pytest.mark.parametrize(("iso3", "iso_n3", "region", "subregion"), [
    ("CAF", "140", "Africa", "Middle Africa"),
    ("AFG", "004", "Asia", "Southern Asia"),
    ("SSD", "728", "Africa", "Eastern Africa"),
    ("MLI", "466", "Africa", "Western Africa"),
    ("SDN", "729", "Africa", "Northern Africa"),
    ("HTI", "332", "Americas", "Caribbean"),
    ("UKR", "804", "Europe", "Eastern Europe"),
    ("MMR", "104", "Asia", "South-eastern Asia"),
    ("FJI", "242", "Oceania", "Melanesia"),
])
def test_m49_regions_by_hand(iso3, iso_n3, region, subregion):
    row = countries().set_index("iso3").loc[iso3]
    assert (row["iso_n3"], row["un_region"], row["un_subregion"]) == (iso_n3, region,
                                                                       subregion)


def test_kosovo_and_antarctica():
    table = countries().set_index("iso3")
    kosovo = table.loc["XKX"]
    assert (kosovo["name"], kosovo["un_region"], kosovo["un_subregion"]) == (
        "Kosovo", "Europe", "Southern Europe")
    assert pd.isna(kosovo["iso_n3"])
    assert table["un_region"].isna().sum() == 1
    assert pd.isna(table.loc["ATA", "un_region"])
    assert set(table["un_region"].dropna()) == UN_REGIONS


def test_countries_returns_a_copy():
    table = countries()
    table.loc[0, "name"] = "changed"
    assert countries().loc[0, "name"] == "Aruba"


def test_gleditsch_ward_codes_by_hand():
    codes = list(GW_EXPECTED)
    assert iso3_from_gwno(codes).tolist() == list(GW_EXPECTED.values())


def test_gwno_accepts_strings_floats_and_reports_unknown_as_none():
    got = iso3_from_gwno(["482", " 483 ", 490.0, None, np.nan, "", "abc", 99999, 482.5, 89])
    assert got.tolist() == ["CAF", "TCD", "COD", None, None, None, None, None, None, None]
    assert got.dtype == object
    assert iso3_from_gwno(482) == "CAF"
    assert iso3_from_gwno("626") == "SSD"
    assert iso3_from_gwno(None) is None


def test_gleditsch_ward_table_is_consistent():
    table = pd.read_csv(DATA_DIR / "gleditsch_ward.csv", dtype=str, keep_default_na=False)
    assert list(table.columns) == ["gwno", "iso3", "name"]
    assert table["gwno"].is_unique
    assert len(table) > 200
    mapped = table[table["iso3"] != ""]
    assert mapped["iso3"].map(is_iso3).all()
    assert sorted(table.loc[table["iso3"] == "", "gwno"].astype(int)) == [89, 99, 730]


def test_cow_codes_differ_from_gleditsch_ward_only_for_yemen_and_four_pacific_states():
    assert iso3_from_cow([679, "482", 2, 365, 99999]).tolist() == ["YEM", "CAF", "USA", "RUS", None]
    assert iso3_from_gwno(679) is None
    # COW 970 is Nauru, GW 970 Kiribati (COW numbers from the COW state list).
    assert iso3_from_cow([946, 947, 955, 970, 990]).tolist() == ["KIR", "TUV", "TON", "NRU",
                                                                 "WSM"]
    assert iso3_from_gwno(970) == "KIR"


def test_every_early_warning_project_country_maps():
    predictors = SHARED_DATA / "ewp_2025_sra" / "prepared2024predictors-2025-09-03.csv"
    codes = pd.read_csv(predictors, usecols=["ccode"])["ccode"].unique()
    assert [code for code, iso3 in zip(codes, iso3_from_cow(codes), strict=True)
                    if iso3 is None] == []


def test_iso_numeric_codes():
    got = iso3_from_iso_numeric(["140", "004", 4, 728.0, "999", None])
    assert got.tolist() == ["CAF", "AFG", "AFG", "SSD", None, None]
    assert iso3_from_iso_numeric(180) == "COD"


@pytest.mark.parametrize(("code", "expected"), [
    ("CAF", True), ("XKX", True), ("caf", False), ("XXX", False), ("", False),
    (None, False), (140, False),
])
def test_is_iso3(code, expected):
    assert is_iso3(code) is expected

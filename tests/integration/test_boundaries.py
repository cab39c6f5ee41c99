"""A user's own admin-1 boundaries replace the shipped ones for one country."""

from __future__ import annotations

import json

import pytest

import app
from queries.boundaries import load_admin1_file
from queries.importing.registry import import_file

# Two hand-drawn halves of the Central African Republic, split at 20 degrees east.
WEST = [[14.0, 2.0], [20.0, 2.0], [20.0, 11.5], [14.0, 11.5], [14.0, 2.0]]
EAST = [[20.0, 2.0], [27.6, 2.0], [27.6, 11.5], [20.0, 11.5], [20.0, 2.0]]


def halves(tmp_path):
    features = [
        {"type": "Feature", "properties": {"pcode": code, "label": label},
         "geometry": {"type": "Polygon", "coordinates": [ring]}}
        for code, label, ring in (("CF-W", "West half", WEST), ("CF-E", "East half", EAST))
    ]
    path = tmp_path / "caf_halves.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_user_regions_replace_the_shipped_ones_and_incidents_move(writer, ucdp_sample,
                                                                   tmp_path):
    import_file(writer, "ucdp", ucdp_sample)
    summary = load_admin1_file(writer, halves(tmp_path), "CAF", code_field="pcode",
                               name_field="label")
    assert (summary.regions, summary.incidents_placed) == (2, 1848)
    assert writer.execute("SELECT list(admin1_code ORDER BY admin1_code), "
                          "any_value(boundary_source) FROM admin1 WHERE iso3 = 'CAF'"
                          ).fetchone() == (["CF-E", "CF-W"], "caf_halves.geojson")
    wrong = writer.execute(
        "SELECT count(*) FROM incidents WHERE geo_precision <= 4 AND admin1_code <> "
        "CASE WHEN lon < 20 THEN 'CF-W' ELSE 'CF-E' END").fetchone()[0]
    assert wrong == 0
    west = writer.execute("SELECT count(*) FROM incidents WHERE admin1_name = 'West half'"
                          ).fetchone()[0]
    assert west > 0
    # A later import places points with the user's regions too: nothing changes.
    again = import_file(writer, "ucdp", ucdp_sample)
    assert again.unchanged == 1848


def test_bad_boundary_file_names_the_field_and_changes_nothing(db_path, tmp_path, capsys):
    code = app.main(["boundaries", str(halves(tmp_path)), "--iso3", "CAF",
                     "--code-field", "ADM1_PCODE", "--db", str(db_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "ADM1_PCODE" in err and "pcode" in err
    assert not db_path.exists()


@pytest.mark.parametrize("iso3", ["caf", "XXX"])
def test_country_code_is_checked(writer, tmp_path, iso3):
    with pytest.raises(ValueError, match="alpha-3"):
        load_admin1_file(writer, halves(tmp_path), iso3, code_field="pcode")

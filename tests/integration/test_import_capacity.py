"""The memberships, commitments and trainings importers on a real warehouse: bad rows
rejected with reasons naming the row, the column and what was expected; re-imports
unchanged; revisions updated; corrections replace reference rows; files refused whole."""

from __future__ import annotations

import json

import pytest

from dashboard.factory import create_app
from dashboard.settings import Settings
from queries.errors import ImportFileError
from queries.importing.batches import rejected_rows
from queries.importing.registry import check_file, import_file
from tests.conftest import page_module
from tests.integration.test_app import text_of


def write(path, text: str):
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


def counts(summary):
    return (summary.read, summary.loaded, summary.updated, summary.unchanged, summary.rejected)


def reasons(con, summary) -> dict[int, list[str]]:
    return {row: list(why) for row, _raw, why in rejected_rows(con, summary.batch_id, 50)}


# --- memberships ---------------------------------------------------------------------------

MEMBERSHIPS = """
org_code,iso3,joined_on,left_on,suspended_from,suspended_to,source_url,as_of
ecowas,mli,1975-05-28,2025-01-29,,,https://www.ecowas.int/,2025-10-31
AU,GIN,2002-07-09,,2021-09-10,2026-01-15,https://au.int/,2026-02-01
NATO,FRA,1949-04-04,,,,,
EAC,KEN,2000-07-07,1999-01-01,,,,
AU,MLI,2002-07-09,,,2021-01-01,,
AU,XYZ,2002-07-09,,,,,
SADC,ZAF,1994-08-31,,,,,
SADC,ZAF,1994-08-31,,,,,
"""


def test_memberships_rows_are_loaded_corrected_or_rejected_with_reasons(writer, tmp_path):
    summary = import_file(writer, "memberships", write(tmp_path / "m.csv", MEMBERSHIPS))
    # MLI/ECOWAS equals the reference row except the source and source_url -> updated;
    # GIN's suspension gets an end -> updated; ZAF with another joining date -> new.
    assert counts(summary) == (8, 1, 2, 0, 5)
    assert reasons(writer, summary) == {
        4: ["org_code: expected an organisation code: one of AU, ECOWAS, ECCAS, EAC, IGAD, "
            "SADC, ICGLR, LAS, OIC, EU, OSCE, COE, ASEAN, SAARC, OAS, SICA, CARICOM, PIF, "
            "got 'NATO'"],
        5: ["left_on: expected a date after joined_on, got '1999-01-01'"],
        6: ["suspended_from: expected a date when suspended_to is given"],
        7: ["iso3: expected an ISO 3166-1 alpha-3 country code, got 'XYZ'"],
        9: ["org_code: expected one row per org_code, iso3, joined_on and suspended_from, "
            "got another for SADC, ZAF, 1994-08-31, (no suspended_from) (first at row 8)"],
    }
    gin = writer.execute("SELECT suspended_to::VARCHAR, source FROM org_memberships "
                         "WHERE org_code = 'AU' AND iso3 = 'GIN'").fetchall()
    assert gin == [("2026-01-15", "user")]
    again = import_file(writer, "memberships", tmp_path / "m.csv")
    assert counts(again) == (8, 0, 0, 3, 5)


def test_memberships_file_without_a_required_column_is_refused(tmp_path):
    path = write(tmp_path / "m.csv", "org,iso3\nAU,MLI\n")
    with pytest.raises(ImportFileError, match=r"m\.csv: required column missing: org_code"):
        check_file("memberships", path)


# --- commitments ---------------------------------------------------------------------------

COMMITMENTS = """
iso3,commitment,status,since,until,source_url,as_of,source
KEN,r2p_focal_point,yes,2014-01-01,,https://www.globalr2p.org/r2p-focal-points/,2025-10-31,
SSD,genocide_convention,party,,,,,my_office
SSD,genocide_convention,party,,,,,my_office
XXX,rome_statute,maybe,,,,,
BDI,rome_statute,withdrawn,2004-09-21,2004-01-01,,,
COD,rome_statute,party,2002-04-11,,https://treaties.un.org/,2025-10-31,Reference!
"""


def test_commitments_rows_are_loaded_or_rejected_with_reasons(writer, tmp_path):
    summary = import_file(writer, "commitments", write(tmp_path / "c.csv", COMMITMENTS))
    assert counts(summary) == (6, 2, 0, 0, 4)
    assert reasons(writer, summary) == {
        4: ["commitment: expected one row per iso3 and commitment, got another for SSD, "
            "genocide_convention (first at row 3)"],
        5: ["iso3: expected an ISO 3166-1 alpha-3 country code, got 'XXX'",
            "status: expected one of party, signatory, withdrawn, not_party, yes, no, "
            "got 'maybe'"],
        6: ["until: expected a date after since, got '2004-01-01'"],
        7: ["source: expected a short lowercase name such as 'csv' or 'my_ngo' (a-z, 0-9, _; "
            "at most 32 characters), got 'Reference!'"],
    }
    raw = rejected_rows(writer, summary.batch_id, 50)[1][1]
    assert json.loads(raw)["status"] == "maybe"


def test_a_commitment_import_replaces_the_reference_row(writer, tmp_path):
    before = writer.execute("SELECT status, source FROM commitments WHERE iso3 = 'SSD' "
                            "AND commitment = 'rome_statute'").fetchall()
    assert before == [("not_party", "reference")]
    path = write(tmp_path / "c.csv", "iso3,commitment,status\nSSD,rome_statute,signatory\n")
    assert counts(import_file(writer, "commitments", path)) == (1, 0, 1, 0, 0)
    after = writer.execute("SELECT status, source FROM commitments WHERE iso3 = 'SSD' "
                           "AND commitment = 'rome_statute'").fetchall()
    assert after == [("signatory", "user")]


# --- trainings: our CSV and HXL ------------------------------------------------------------

TRAINING_COLUMNS = ("training_id,start_date,end_date,title,host_iso3,venue,lat,lon,audience,"
                    "organisation,topic,participants,participants_women")
TRAININGS = "\n" + TRAINING_COLUMNS + """
T1,2025-03-04,2025-03-06,AP workshop,KEN,Nairobi,-1.29,36.82,regional_org,EAC,AP,30,12
T2,2025-03-04,2025-03-02,Bad dates,KEN,Nairobi,-1.29,36.82,member_state,,,30,12
T3,2025-05-01,,Missing lon,UGA,Kampala,0.3,,member_state,,,20,25
T4,2025-06-01,,Bad audience,XXX,,,,students,,,-3,
T5,2025-06-01,2025-06-01,One day,,,,,UN_System,,,,
"""

HXL_TRAININGS = """
Start,Title,Org,Audience,Country,Lat,Lon,People,Women
#date+start,#activity+name,#org+name,#org+type,#country+code,#geo+lat,#geo+lon,#reached,#reached+f
2025-02-01,Early warning course,ECOWAS Commission,regional_org,NGA,9.07,7.48,25,10
2025-02-30,Bad date,ECOWAS Commission,regional_org,NGA,9.07,7.48,25,
2025-02-03,Too many women,ECOWAS Commission,regional_org,NGA,9.07,197.48,25,26
"""


def test_training_csv_rows_are_loaded_or_rejected_with_reasons(writer, tmp_path):
    summary = import_file(writer, "trainings", write(tmp_path / "t.csv", TRAININGS))
    assert counts(summary) == (5, 2, 0, 0, 3)
    assert reasons(writer, summary) == {
        3: ["end_date: expected a date on or after start_date, got '2025-03-02'"],
        4: ["lat: expected both coordinates (lat and lon) or neither",
            "participants_women: expected no more than participants, got '25'"],
        5: ["participants: expected a whole number of at least 0, got '-3'",
            "host_iso3: expected an ISO 3166-1 alpha-3 country code, got 'XXX'",
            "audience: expected one of member_state, regional_org, civil_society, un_system, "
            "got 'students'"],
    }
    stored = writer.execute("SELECT training_id, audience, participants, participants_women "
                            "FROM trainings WHERE source = 'user' ORDER BY 1").fetchall()
    assert stored == [("user:T1", "regional_org", 30, 12), ("user:T5", "un_system", None, None)]
    revised = TRAININGS.replace("regional_org,EAC,AP,30", "regional_org,EAC,AP,31")
    again = import_file(writer, "trainings", write(tmp_path / "t.csv", revised))
    assert counts(again) == (5, 0, 1, 1, 3)


def test_hxl_trainings_are_detected_and_problems_name_the_tags(writer, tmp_path):
    summary = import_file(writer, "trainings", write(tmp_path / "h.csv", HXL_TRAININGS))
    assert counts(summary) == (3, 1, 0, 0, 2)
    assert reasons(writer, summary) == {
        4: ["#date+start: expected a date as YYYY-MM-DD, got '2025-02-30'"],
        5: ["#geo+lon: expected a number from -180 to 180, got '197.48'",
            "#reached+f: expected no more than #reached, got '26'"],
    }
    row = writer.execute("SELECT title, host_iso3, organisation, participants, "
                         "participants_women, lat, lon FROM trainings WHERE source = 'user'"
                         ).fetchall()
    assert row == [("Early warning course", "NGA", "ECOWAS Commission", 25, 10, 9.07, 7.48)]
    assert counts(import_file(writer, "trainings", tmp_path / "h.csv")) == (3, 0, 0, 1, 2)


def test_hxl_training_file_without_the_audience_tag_is_refused(tmp_path):
    path = write(tmp_path / "h.csv", "#date+start,#activity+name,#reached\n2025-01-01,A,3\n")
    with pytest.raises(ImportFileError, match=r"required HXL tag missing: #org\+type"):
        check_file("trainings", path)


def test_the_training_page_says_when_the_warehouse_holds_no_training(new_writer, tmp_path):
    empty, trained = tmp_path / "empty.duckdb", tmp_path / "trained.duckdb"
    new_writer(empty).close()
    con = new_writer(trained)
    import_file(con, "trainings", write(tmp_path / "t.csv", TRAININGS))
    con.close()
    for db, says_so in ((empty, True), (trained, False)):
        app = create_app(Settings(db=db))
        with app.server.app_context():
            training = page_module(app, "training")
            assert (training.NO_TRAININGS in text_of(training.layout())) is says_so

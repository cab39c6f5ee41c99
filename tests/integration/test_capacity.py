"""Prevention capacity on a real warehouse: membership at a date (the one SQL definition,
against hand examples), the shipped reference data and its re-loading, the gap ranking on a
crafted warehouse whose answer is worked out by hand, and the briefing pack's sentences."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from dashboard.exports.gather import capacity_summary
from queries import capacity
from queries.db import Warehouse
from queries.reference.build_memberships import COW_URL
from queries.schema import apply_schema, schema_files
from queries.statements import named_sql

D = date.fromisoformat
# Rows of the shipped membership file (its header aside): what a new warehouse holds.
MEMBERSHIPS = len((Path(capacity.__file__).parent / "reference" / "org_memberships.csv")
                  .read_text(encoding="utf-8").splitlines()) - 1


def members(con, on: str, org: str = "") -> dict[tuple[str, str], bool]:
    """(org, iso3) -> suspended, for every membership in force on ``on``."""
    rows = con.execute(named_sql("memberships_at"), {"on_date": D(on), "iso3": ""}).fetchall()
    return {(o, c): s for o, c, s in rows if not org or o == org}


@pytest.fixture
def crafted(writer):
    """A warehouse whose capacity tables hold only hand-made rows: organisation XO
    (founded 2000-01-01, mechanism since 2005-01-01) and YO (founded 2010-06-01, none)."""
    for table in ("org_memberships", "commitments", "regional_orgs", "country_forecast"):
        writer.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)
    writer.execute("""
        INSERT INTO regional_orgs (org_code, name, founded_on, early_warning,
                                   early_warning_since, source_url, as_of, source) VALUES
        ('XO', 'X Organisation', '2000-01-01', 'X Early Warning', '2005-01-01', 'u',
         '2025-01-01', 't'),
        ('YO', 'Y Organisation', '2010-06-01', NULL, NULL, 'u', '2025-01-01', 't')""")
    writer.execute("""
        INSERT INTO org_memberships (org_code, iso3, joined_on, left_on, suspended_from,
                                     suspended_to, source) VALUES
        ('XO', 'MLI', '2000-01-01', '2025-01-29', NULL, NULL, 't'),          -- left
        ('XO', 'SDN', '2000-01-01', NULL, '2019-06-06', '2019-09-06', 't'),  -- two suspensions
        ('XO', 'SDN', '2000-01-01', NULL, '2021-10-27', NULL, 't'),
        ('XO', 'KEN', '2007-07-01', NULL, NULL, NULL, 't'),                  -- joined later
        ('YO', 'KEN', NULL, NULL, NULL, NULL, 't')                           -- date unknown
    """)
    return writer


# --- membership at a date -----------------------------------------------------------------

@pytest.mark.parametrize(("on", "expected"), [
    # Before XO's mechanism and before KEN joined; SDN not yet suspended.
    ("2004-12-31", {("XO", "MLI"): False, ("XO", "SDN"): False}),
    # KEN joins XO on 2007-07-01 (joined_on <= D).
    ("2007-07-01", {("XO", "MLI"): False, ("XO", "SDN"): False, ("XO", "KEN"): False}),
    # SDN suspended from 2019-06-06 ...
    ("2019-06-06", {("XO", "MLI"): False, ("XO", "SDN"): True, ("XO", "KEN"): False,
                    ("YO", "KEN"): False}),
    # ... to 2019-09-06 (D < suspended_to): a member again that day.
    ("2019-09-06", {("XO", "MLI"): False, ("XO", "SDN"): False, ("XO", "KEN"): False,
                    ("YO", "KEN"): False}),
    # Suspended again, open-ended; MLI still a member the day before it left.
    ("2025-01-28", {("XO", "MLI"): False, ("XO", "SDN"): True, ("XO", "KEN"): False,
                    ("YO", "KEN"): False}),
    # MLI left on 2025-01-29 (D < left_on fails): not a member that day.
    ("2025-01-29", {("XO", "SDN"): True, ("XO", "KEN"): False, ("YO", "KEN"): False}),
])
def test_membership_at_a_date(crafted, on, expected):
    assert members(crafted, on) == expected


def test_unknown_joining_date_counts_from_the_founding(crafted):
    assert ("YO", "KEN") not in members(crafted, "2010-05-31")
    assert ("YO", "KEN") in members(crafted, "2010-06-01")


def test_mechanisms_cover_members_from_their_start_suspended_ones_included(crafted):
    def covered(on):
        rows = crafted.execute(named_sql("layer_early_warning"), {"on_date": D(on)}).fetchall()
        return {iso3: (n, suspended) for iso3, _, n, _, suspended in rows}

    assert covered("2004-12-31") == {}
    assert covered("2021-12-01") == {"MLI": (1, None), "SDN": (1, "XO"), "KEN": (1, None)}
    assert covered("2025-06-01") == {"SDN": (1, "XO"), "KEN": (1, None)}


# --- the shipped reference data -----------------------------------------------------------

def test_a_new_warehouse_has_the_reference_data(writer):
    counts = writer.execute("SELECT (SELECT count(*) FROM regional_orgs), "
                            "(SELECT count(*) FROM org_memberships), "
                            "(SELECT count(DISTINCT source) FROM org_memberships)").fetchall()[0]
    assert counts == (18, MEMBERSHIPS, 1)
    urls = writer.execute("SELECT count(*) FROM org_memberships WHERE source_url IS NULL "
                          "OR as_of IS NULL").fetchall()[0][0]
    assert urls == 0


@pytest.mark.parametrize(("org", "iso3", "before", "on", "member_before", "member_on"), [
    ("ECOWAS", "MLI", "2025-01-28", "2025-01-29", True, False),
    ("ECOWAS", "BFA", "2025-01-28", "2025-01-29", True, False),
    ("ECOWAS", "NER", "2025-01-28", "2025-01-29", True, False),
    ("EU", "GBR", "2020-01-30", "2020-01-31", True, False),
    ("ASEAN", "TLS", "2025-10-25", "2025-10-26", False, True),
    ("EAC", "COD", "2022-07-10", "2022-07-11", False, True),
    ("EAC", "SOM", "2024-03-03", "2024-03-04", False, True),
])
def test_reference_memberships_change_on_their_dates(writer, org, iso3, before, on,
                                                     member_before, member_on):
    assert ((org, iso3) in members(writer, before)) is member_before
    assert ((org, iso3) in members(writer, on)) is member_on


def test_reference_au_suspensions_start_and_end(writer):
    assert members(writer, "2025-04-29")[("AU", "GAB")] is True
    assert members(writer, "2025-04-30")[("AU", "GAB")] is False
    assert members(writer, "2021-10-26")[("AU", "SDN")] is False
    assert members(writer, "2021-10-27")[("AU", "SDN")] is True
    assert members(writer, "2019-07-01")[("AU", "SDN")] is True


@pytest.mark.parametrize(("on", "expected"), [
    ("1976-12-31", 15),   # the 15 signatories of the Treaty of Lagos (1975)
    ("1977-12-31", 16),   # Cabo Verde joined in 1977
    ("2014-12-31", 15),   # Mauritania left at the end of 2000
    ("2025-01-28", 15),
    ("2025-12-31", 12),   # Mali, Burkina Faso and Niger left on 2025-01-29
])
def test_reference_ecowas_member_count(writer, on, expected):
    assert len(members(writer, on, "ECOWAS")) == expected


def test_reference_cabo_verde_joined_ecowas_in_1977_a_year_only_date(writer):
    assert ("ECOWAS", "CPV") not in members(writer, "1976-12-31")
    assert ("ECOWAS", "CPV") in members(writer, "1977-01-01")
    assert writer.execute("SELECT date_precision FROM org_memberships "
                          "WHERE org_code = 'ECOWAS' AND iso3 = 'CPV'").fetchall() == [("year",)]


# Members on 2025-10-31, as the organisations count them; two fall short, named.
MEMBERS_2025 = {
    "AU": 55, "ECOWAS": 12, "ECCAS": 11, "EAC": 8, "IGAD": 8, "SADC": 16, "ICGLR": 12,
    "LAS": 22, "EU": 27, "COE": 46, "OSCE": 57, "ASEAN": 11, "SAARC": 8, "CARICOM": 15,
    "SICA": 8,
    "OAS": 34,   # 35 less Nicaragua (left 2023-11-19)
    "OIC": 56,   # 57 less Palestine (not in COW, its date not recorded)
    "PIF": 17,   # 18 less Niue (not in COW, its date not recorded)
}


def test_every_organisation_has_its_members_recorded(writer):
    orgs = {row[0] for row in writer.execute("SELECT org_code FROM regional_orgs").fetchall()}
    assert set(MEMBERS_2025) == orgs
    counts = Counter(org for org, _ in members(writer, "2025-10-31"))
    assert dict(counts) == MEMBERS_2025


def test_reference_later_changes_to_cow_memberships(writer):
    assert ("COE", "RUS") in members(writer, "2022-03-15")
    assert ("COE", "RUS") not in members(writer, "2022-03-16")
    assert ("OAS", "NIC") not in members(writer, "2023-11-19")
    assert members(writer, "2010-01-01")[("OAS", "HND")] is True
    assert members(writer, "2011-06-01")[("OAS", "HND")] is False
    assert ("OSCE", "MNG") in members(writer, "2012-11-21")
    assert ("PIF", "NCL") in members(writer, "2016-12-31")


def test_year_only_dates_are_marked(writer):
    # COW is yearly: each of its rows is 'year' but a founding member's (coded before the
    # founding year) with no later change: the founding date is a day. A year-only date
    # is 1 January or, in the founding year, the founding day.
    rows = writer.execute("""
        SELECT m.org_code, m.iso3, m.joined_on, m.left_on, m.suspended_from,
               m.date_precision, o.founded_on
        FROM org_memberships AS m JOIN regional_orgs AS o USING (org_code)
        WHERE m.source_url = ?""", [COW_URL]).fetchall()
    assert len(rows) > 200
    for org, iso3, joined, left, suspended, precision, founded in rows:
        if precision == "day":
            assert (joined, left, suspended) == (founded, None, None), (org, iso3)
        for day in (joined, left, suspended):
            assert day is None or (day.month, day.day) == (1, 1) or day == founded, (org, iso3)
    precision = dict(writer.execute("SELECT org_code || ' ' || iso3, date_precision "
                                    "FROM org_memberships").fetchall())
    assert precision["OIC SEN"] == "year" and precision["OSCE USA"] == "day"
    assert precision["ECOWAS MLI"] == "day" and precision["COE RUS"] == "day"
    assert precision["CARICOM BRB"] == "year"     # coded from 1973, the founding year


def test_reference_arab_league_suspension_of_syria(writer):
    # members() maps each membership in force to whether it is suspended.
    assert members(writer, "2011-11-15")[("LAS", "SYR")] is False
    assert members(writer, "2015-01-01")[("LAS", "SYR")] is True
    assert members(writer, "2023-05-07")[("LAS", "SYR")] is False
    assert ("LAS", "COM") not in members(writer, "1993-11-19")


def test_reloading_the_reference_keeps_user_corrections(writer):
    writer.execute("UPDATE org_memberships SET left_on = '2030-01-01', source = 'user' "
                   "WHERE org_code = 'ASEAN' AND iso3 = 'TLS'")
    # Every reference row is loaded again but the one the user corrected.
    assert capacity.load_reference(writer) == {"regional_orgs": 18,
                                               "org_memberships": MEMBERSHIPS - 1,
                                               "commitments": 71}
    assert capacity.load_reference(writer)["org_memberships"] == MEMBERSHIPS - 1
    rows = writer.execute("SELECT left_on::VARCHAR, source FROM org_memberships "
                          "WHERE org_code = 'ASEAN' AND iso3 = 'TLS'").fetchall()
    assert rows == [("2030-01-01", "user")]
    assert writer.execute("SELECT count(*) FROM org_memberships").fetchall()[0][0] == MEMBERSHIPS


# --- the gap ranking on a crafted warehouse -------------------------------------------------

@pytest.fixture
def gaps_warehouse(crafted, db_path):
    """Four countries with a forecast (SDN 8%, MMR 6%, FJI 4%, NOR 2%), memberships,
    commitments and trainings chosen so that every part of the gap differs; the ranking on
    2025-06-30 is worked out by hand in the test."""
    con = crafted
    con.execute("INSERT INTO country_forecast (iso3, data_year, risk_1y, risk_2y, rank, "
                "countries_ranked) VALUES ('SDN', 2024, 0.08, 0.1, 1, 4), "
                "('MMR', 2024, 0.06, 0.1, 2, 4), ('FJI', 2024, 0.04, 0.1, 3, 4), "
                "('NOR', 2024, 0.02, 0.1, 4, 4)")
    con.execute("""
        INSERT INTO org_memberships (org_code, iso3, joined_on, source) VALUES
        ('YO', 'MMR', '2010-06-01', 't'), ('XO', 'NOR', '2001-01-01', 't')""")
    con.execute("""
        INSERT INTO commitments (iso3, commitment, status, source) VALUES
        ('SDN', 'genocide_convention', 'party', 't'), ('SDN', 'rome_statute', 'signatory', 't'),
        ('MMR', 'genocide_convention', 'party', 't'), ('MMR', 'rome_statute', 'not_party', 't'),
        ('MMR', 'r2p_focal_point', 'no', 't'), ('MMR', 'national_mechanism', 'no', 't'),
        ('NOR', 'genocide_convention', 'party', 't'), ('NOR', 'rome_statute', 'party', 't'),
        ('NOR', 'r2p_focal_point', 'yes', 't'), ('NOR', 'national_mechanism', 'yes', 't')""")
    con.execute("""
        INSERT INTO trainings (training_id, start_date, title, host_iso3, audience, source,
                               batch_id) VALUES
        ('t:1', '2024-01-15', 'A', 'SDN', 'member_state', 't', 0),
        ('t:2', '2022-05-01', 'B', 'MMR', 'member_state', 't', 0),
        ('t:3', '2025-07-01', 'C', 'FJI', 'member_state', 't', 0)""")
    con.close()
    wh = Warehouse(db_path)
    yield wh
    wh.close()


def test_gap_ranking_on_a_crafted_warehouse(gaps_warehouse):
    # risk_share (1 = highest): SDN 1, MMR 0.75, FJI 0.5, NOR 0.25.
    # capacity missing = (no mechanism + commitments missing / 4 + no training in 24 months) / 3
    #   SDN: covered by XO (suspended, still covered) 0; RS signatory 1 + 2 unrecorded x 0.5
    #        = 2 -> 0.5; trained 2024-01-15 (after 2023-06-30) 0  -> 0.5 / 3 = 0.1667
    #   MMR: YO has no mechanism 1; 3 recorded not held -> 0.75; last training 2022-05 1
    #        -> 2.75 / 3 = 0.9167
    #   FJI: 1; nothing recorded 4 x 0.5 = 2 -> 0.5; its training is after the date 1 -> 0.8333
    #   NOR: 0; 0; 1 -> 0.3333
    # gap: MMR 0.6875, FJI 0.4167, SDN 0.1667, NOR 0.0833
    ranking = capacity.gap_ranking(gaps_warehouse, D("2025-06-30"))
    assert ranking["iso3"].tolist() == ["MMR", "FJI", "SDN", "NOR"]
    assert ranking["gap"].round(4).tolist() == [0.6875, 0.4167, 0.1667, 0.0833]
    reasons = dict(zip(ranking["iso3"], ranking["reasons"], strict=True))
    assert reasons["MMR"] == (
        "forecast risk of a new mass killing 6.0% (top 50%); "
        "no regional early-warning mechanism covers it; party to "
        "the Genocide Convention, not the Rome Statute, no R2P focal point, no national "
        "prevention mechanism; no training since 2022-05")
    assert reasons["SDN"] == (
        "forecast risk of a new mass killing 8.0% (top 25%); "
        "1 regional early-warning mechanism (XO); party to the "
        "Genocide Convention, not the Rome Statute, R2P focal point not recorded, national "
        "prevention mechanism not recorded; 1 training in the last 24 months (latest 2024-01)")
    assert reasons["FJI"] == (
        "forecast risk of a new mass killing 4.0% (top 75%); "
        "no regional early-warning mechanism covers it; Genocide "
        "Convention and Rome Statute status not recorded, R2P focal point not recorded, "
        "national prevention mechanism not recorded; no training recorded")
    assert reasons["NOR"].startswith("forecast risk of a new mass killing 2.0% (top 100%); "
                                     "1 regional early-warning "
                                     "mechanism (XO); party to the Genocide Convention and "
                                     "the Rome Statute, an R2P focal point, a national "
                                     "prevention mechanism; no training recorded")


def test_gap_ranking_falls_back_to_incidents_without_a_forecast(crafted, db_path):
    crafted.execute("""
        INSERT INTO incidents (incident_id, source, source_id, event_date, iso3, geo_iso3, lat,
                               lon, priogrid_gid, category, batch_id)
        SELECT 't:' || i, 't', i::VARCHAR, DATE '2025-06-01', c, g, 0, 0, 1, 'other', 0
        FROM (VALUES ('SDN', 'SDN', 1), ('SDN', 'SDN', 2), ('SDN', 'SSD', 3),
                     ('MMR', 'MMR', 4)) AS v(c, g, i)""")
    # The third incident's coordinates fall in South Sudan: it still counts for Sudan, the
    # country its source gives, as on every other page.
    crafted.close()
    wh = Warehouse(db_path)
    try:
        ranking = capacity.gap_ranking(wh, D("2025-06-30"))
    finally:
        wh.close()
    assert ranking["basis"].unique().tolist() == ["incidents"]
    assert dict(zip(ranking["iso3"], ranking["score"], strict=True)) == {"MMR": 1, "SDN": 3}
    sdn = ranking.set_index("iso3").loc["SDN", "reasons"]
    assert sdn.startswith("3 incidents in the last 365 days (top 50%; no forecast)")


def test_coverage_lists_overlaps_suspensions_and_mechanisms(gaps_warehouse):
    frame = capacity.coverage(gaps_warehouse, ["XO", "YO"], D("2025-06-30"))
    rows = {r["iso3"]: (list(r["orgs"]), list(r["suspended_in"]), list(r["mechanisms"]))
            for r in frame.to_dict("records")}
    assert rows == {
        "KEN": (["XO", "YO"], [], ["XO: X Early Warning"]),
        "MMR": (["YO"], [], []),
        "NOR": (["XO"], [], ["XO: X Early Warning"]),
        "SDN": (["XO"], ["XO"], ["XO: X Early Warning"]),
    }
    assert capacity.coverage(gaps_warehouse, [], D("2025-06-30")).empty


def test_briefing_capacity_sentences(gaps_warehouse):
    def lines(iso3):
        return capacity_summary(gaps_warehouse, iso3, D("2025-06-30"))[0]

    assert lines("SDN") == (
        "Regional organisations: X Organisation (XO) since 1 Jan 2000, suspended since "
        "27 Oct 2021.",
        "Regional early-warning mechanisms covering it: X Early Warning (XO).",
        "Commitments: Genocide Convention: State Party; Rome Statute: signatory (not "
        "ratified) (source: t).",
        "Training history: 1 training with 0 participants, Jan 2024 to Jan 2024 (audiences: "
        "Member State officials).",
    )
    assert lines("FJI")[0] == "Regional organisations: no membership recorded."
    assert lines("MLI")[0] == \
        "Regional organisations: no membership recorded. Left: XO on 29 Jan 2025."
    assert lines("KEN")[0] == ("Regional organisations: X Organisation (XO) since 1 Jul 2007, "
                               "Y Organisation (YO).")


def test_migrating_an_older_warehouse_loads_the_reference_data(writer):
    # Make the warehouse look like one from before migration 005 (and so before 011).
    for table in ("org_memberships", "commitments", "regional_orgs"):
        writer.execute(f"DROP TABLE {table}")  # noqa: S608 (fixed names)
    writer.execute("DELETE FROM schema_version WHERE version IN (5, 11)")
    latest = schema_files()[-1][0]
    assert apply_schema(writer) == latest
    assert writer.execute("SELECT count(*) FROM org_memberships WHERE source = 'reference'"
                          ).fetchall()[0][0] == MEMBERSHIPS
    assert apply_schema(writer) == latest    # applied once
    assert writer.execute("SELECT count(*) FROM org_memberships").fetchall()[0][0] == MEMBERSHIPS


def test_migration_011_reloads_the_reference_with_date_precision(writer):
    # A warehouse from before migration 011: no date_precision, Cabo Verde's ECOWAS row
    # without a joining date, no member of the OIC recorded, and one user row.
    writer.execute("ALTER TABLE org_memberships DROP COLUMN date_precision")
    writer.execute("DELETE FROM schema_version WHERE version = 11")
    writer.execute("DELETE FROM org_memberships WHERE org_code = 'OIC'")
    writer.execute("UPDATE org_memberships SET joined_on = NULL "
                   "WHERE org_code = 'ECOWAS' AND iso3 = 'CPV'")
    writer.execute("INSERT INTO org_memberships (org_code, iso3, joined_on, source) "
                   "VALUES ('SICA', 'MEX', '2030-01-01', 'user')")
    assert apply_schema(writer) == schema_files()[-1][0]
    rows = writer.execute("SELECT joined_on::VARCHAR, date_precision FROM org_memberships "
                          "WHERE org_code = 'ECOWAS' AND iso3 = 'CPV'").fetchall()
    assert rows == [("1977-01-01", "year")]
    assert writer.execute("SELECT date_precision FROM org_memberships WHERE source = 'user'"
                          ).fetchall() == [("day",)]
    assert writer.execute("SELECT count(*) FROM org_memberships WHERE source = 'reference'"
                          ).fetchall()[0][0] == MEMBERSHIPS

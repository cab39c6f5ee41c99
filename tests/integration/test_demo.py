"""The synthetic demo world, built into real warehouses: counts, determinism, geography,
distributions, indicators, trainings, batches, and replacing only demo rows."""

from __future__ import annotations

import pytest
import shapely

from queries.demo import DemoSummary, build_demo
from queries.errors import WarehouseError
from queries.schema import connect_writer

N = 20_000
# A fingerprint of every demo row of a table, independent of row order and batch ids.
CHECKSUMS = {
    "incidents": "SELECT count(*), sum(hash(t)) FROM (SELECT * EXCLUDE (batch_id) "
                 "FROM incidents WHERE source = 'demo') AS t",
    "indicators": "SELECT count(*), sum(hash(t)) FROM (SELECT * EXCLUDE (batch_id) "
                  "FROM indicators WHERE source = 'reference') AS t",
    "trainings": "SELECT count(*), sum(hash(t)) FROM (SELECT * EXCLUDE (batch_id) "
                 "FROM trainings WHERE source = 'demo') AS t",
}


def insert_other_rows(con):
    """One incident, indicator and training from another source, written by hand."""
    con.execute("INSERT INTO import_batches (format, started_at) VALUES ('ucdp', now())")
    con.execute(
        "INSERT INTO incidents (incident_id, source, source_id, event_date, iso3, lat, lon, "
        "priogrid_gid, category, batch_id) VALUES ('ucdp:1', 'ucdp', '1', DATE '2020-05-01', "
        "'CAF', 4.36, 18.56, 136120, 'armed_conflict', 1)")
    con.execute("INSERT INTO indicators VALUES ('CAF', NULL, 'hdi', DATE '2020-01-01', 0.4, "
                "'undp', 1)")
    con.execute("INSERT INTO trainings (training_id, start_date, title, audience, source, "
                "batch_id) VALUES ('t1', DATE '2021-03-01', 'Real workshop', 'un_system', "
                "'office', 1)")


def checksums(con):
    return {table: con.execute(sql).fetchone() for table, sql in CHECKSUMS.items()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A warehouse with one hand-written row per table from another source, then the demo."""
    con = connect_writer(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    insert_other_rows(con)
    messages = []
    summary = build_demo(con, incidents=N, seed=7, progress=messages.append)
    yield con, summary, messages
    con.close()


@pytest.fixture(scope="module")
def admin1_shapes():
    from geodata.boundaries import load_admin1

    shapes = load_admin1()
    return dict(zip(shapes["admin1_code"].astype(str), shapes.geometry, strict=True))


def scalar(con, sql, params=None):
    return con.execute(sql, params).fetchone()[0]


def test_summary_counts_match_the_tables(built):
    con, summary, _ = built
    assert isinstance(summary, DemoSummary)
    assert summary.incidents == N
    assert summary.incidents == scalar(con, "SELECT count(*) FROM incidents WHERE source = 'demo'")
    # The indicators are the real reference values, reloaded; none is synthetic.
    assert summary.indicators == scalar(
        con, "SELECT count(*) FROM indicators WHERE source = 'reference'")
    assert scalar(con, "SELECT count(*) FROM indicators WHERE source = 'demo'") == 0
    assert summary.trainings == scalar(con, "SELECT count(*) FROM trainings WHERE source = 'demo'")
    assert 250 <= summary.trainings <= 350
    assert summary.assessments == scalar(
        con, "SELECT count(*) FROM risk_assessments WHERE source = 'demo'")
    assert summary.assessments >= 40 * 14        # every watched country, every factor
    assert 0 < summary.seconds < 60


def test_progress_reports_each_part(built):
    _, _, messages = built
    assert f"incidents {N:,} / {N:,}" in messages
    assert messages.index("trainings") < messages.index(
        "reference: regional organisations, memberships, commitments, indicators")


def test_batches_record_each_part_with_its_row_count(built):
    con, summary, _ = built
    rows = con.execute(
        "SELECT file_name, rows_read, rows_loaded, rows_rejected, finished_at IS NOT NULL "
        "FROM import_batches WHERE format = 'demo' ORDER BY batch_id").fetchall()
    assert rows == [
        (f"demo:incidents seed=7 n={N}", N, N, 0, True),
        ("demo:trainings seed=7", summary.trainings, summary.trainings, 0, True),
        ("demo:assessments seed=7", summary.assessments, summary.assessments, 0, True),
    ]
    batch_ids = con.execute("SELECT DISTINCT batch_id FROM incidents WHERE source = 'demo'"
                            ).fetchall()
    assert batch_ids == [(scalar(con, "SELECT min(batch_id) FROM import_batches "
                                      "WHERE format = 'demo'"),)]


def test_incident_identity_and_geo_fields_are_consistent(built):
    con, _, _ = built
    bad = scalar(con, """
        SELECT count(*) FROM incidents WHERE source = 'demo' AND NOT (
            incident_id = 'demo:' || source_id AND geo_iso3 = iso3 AND geo_check = 'ok'
            AND source_type = category AND description LIKE 'Synthetic demo event: %'
            AND priogrid_gid = floor((lat + 90) / 0.5) * 720 + floor((lon + 180) / 0.5) + 1
            AND event_date BETWEEN DATE '2018-01-01' AND DATE '2026-10-31'
            AND event_date_end BETWEEN event_date AND DATE '2026-10-31')""")
    assert bad == 0


def test_incidents_span_about_forty_countries_with_hotspots(built):
    con, _, _ = built
    countries = scalar(con, "SELECT count(DISTINCT iso3) FROM incidents WHERE source = 'demo'")
    assert 35 <= countries <= 40
    top_share = scalar(con, """
        WITH per_region AS (
            SELECT iso3, admin1_code, count(*) AS n,
                   row_number() OVER (PARTITION BY iso3 ORDER BY count(*) DESC) AS rank
            FROM incidents WHERE source = 'demo' AND admin1_code IS NOT NULL
            GROUP BY iso3, admin1_code)
        SELECT sum(n) FILTER (WHERE rank <= 5) / sum(n) FROM per_region""")
    assert top_share > 0.6


def test_every_admin1_code_belongs_to_the_incident_country(built):
    con, _, _ = built
    mismatched, unknown = con.execute("""
        SELECT count(*) FILTER (WHERE a.iso3 <> i.iso3 OR a.name <> i.admin1_name),
               count(*) FILTER (WHERE a.admin1_code IS NULL)
        FROM incidents AS i LEFT JOIN admin1 AS a USING (admin1_code)
        WHERE i.source = 'demo' AND i.admin1_code IS NOT NULL""").fetchone()
    assert (mismatched, unknown) == (0, 0)


def test_points_lie_in_their_admin1_region(built, admin1_shapes):
    """Jitter that would leave the region is undone, so points are inside, not just near."""
    con, _, _ = built
    rows = con.execute("""
        SELECT admin1_code, lon, lat FROM incidents
        WHERE source = 'demo' AND admin1_code IS NOT NULL
        ORDER BY hash(incident_id) LIMIT 200""").fetchall()
    assert len(rows) == 200
    far = [(code, lon, lat) for code, lon, lat in rows
           if shapely.distance(admin1_shapes[code], shapely.Point(lon, lat)) > 1e-9]
    assert far == []


def test_geo_precision_is_mostly_exact_and_country_level_has_no_region(built):
    con, _, _ = built
    shares = dict(con.execute("""
        SELECT geo_precision, count(*) / sum(count(*)) OVER ()
        FROM incidents WHERE source = 'demo' GROUP BY ALL""").fetchall())
    assert set(shares) == {1, 2, 3, 4, 6}
    assert shares[1] + shares[2] + shares[3] > 0.8
    assert 0.01 < shares[6] < 0.1
    wrong = scalar(con, """
        SELECT count(*) FROM incidents WHERE source = 'demo'
        AND (geo_precision = 6) <> (admin1_code IS NULL)""")
    assert wrong == 0
    assert scalar(con, "SELECT avg((date_precision = 1)::INT) FROM incidents "
                       "WHERE source = 'demo'") > 0.75


def test_restricted_share_categories_and_fatalities_look_real(built):
    con, _, _ = built
    restricted = scalar(con, "SELECT avg((sensitivity = 'restricted')::INT) FROM incidents "
                             "WHERE source = 'demo'")
    assert 0.05 <= restricted <= 0.12
    categories = {row[0]: row[1] for row in con.execute(
        "SELECT category, count(*) FROM incidents WHERE source = 'demo' GROUP BY ALL"
    ).fetchall()}
    expected = {row[0] for row in con.execute("SELECT category FROM incident_categories"
                                              ).fetchall()}
    assert set(categories) == expected
    assert max(categories, key=categories.get) in {"armed_conflict",
                                                   "violence_against_civilians"}
    zero_share, biggest, median_deadly, civ_over = con.execute("""
        SELECT avg((fatalities = 0)::INT), max(fatalities),
               median(fatalities) FILTER (WHERE fatalities > 0),
               count(*) FILTER (WHERE civilian_fatalities > fatalities)
        FROM incidents WHERE source = 'demo'""").fetchone()
    assert 0.4 < zero_share < 0.9
    assert biggest >= 50 * median_deadly
    assert civ_over == 0


def test_actors_locations_and_descriptions_are_marked_synthetic(built):
    con, _, _ = built
    perpetrators = {row[0] for row in con.execute(
        "SELECT DISTINCT perpetrator FROM incidents WHERE source = 'demo'").fetchall()}
    assert {"State security forces", "Armed group (synthetic) 1"} <= perpetrators
    unmarked = perpetrators - {"State security forces", "Police forces"}
    assert all("(synthetic)" in name for name in unmarked)
    places = scalar(con, """
        SELECT avg((location LIKE 'Synthetic place %')::INT) FROM incidents
        WHERE source = 'demo' AND geo_precision <= 3""")
    assert places == 1.0


def test_some_countries_escalate_in_the_latest_four_weeks(built):
    con, _, _ = built
    rising = con.execute("""
        SELECT iso3,
               count(*) FILTER (WHERE event_date > DATE '2026-10-03') AS latest,
               count(*) FILTER (WHERE event_date BETWEEN DATE '2026-09-06'
                                                    AND DATE '2026-10-03') AS previous
        FROM incidents WHERE source = 'demo' GROUP BY iso3
        HAVING latest >= 10 AND latest >= 1.5 * previous""").fetchall()
    assert rising


def test_the_demo_uses_the_real_reference_indicators(built):
    con, _, _ = built
    codes, out_of_bounds, not_catalogued = con.execute("""
        SELECT count(DISTINCT i.indicator_code),
               count(*) FILTER (WHERE value NOT BETWEEN k.lower_bound AND k.upper_bound),
               count(*) FILTER (WHERE k.indicator_code IS NULL)
        FROM indicators AS i LEFT JOIN indicator_catalog AS k USING (indicator_code)
        WHERE i.source = 'reference'""").fetchone()
    assert codes == scalar(con, "SELECT count(*) FROM indicator_catalog WHERE reference")
    assert (out_of_bounds, not_catalogued) == (0, 0)
    assert scalar(con, "SELECT count(*) FROM indicator_catalog WHERE NOT reference") == 0


def test_reference_indicators_tell_watched_countries_from_calm_ones(built):
    # Real data: the Political Terror Scale of four watched countries against five calm ones.
    con, _, _ = built
    watched, calm = con.execute("""
        SELECT avg(value) FILTER (WHERE iso3 IN ('SYR', 'SDN', 'MMR', 'COD')),
               avg(value) FILTER (WHERE iso3 IN ('NOR', 'CHE', 'NZL', 'URY', 'CAN'))
        FROM indicators WHERE source = 'reference' AND indicator_code = 'pts_score'
          AND period >= DATE '2015-01-01'
    """).fetchone()
    assert watched > calm + 2.0


def test_trainings_are_plausible_and_placed_in_their_host_country(built):
    con, _, _ = built
    hosts, bad_people, bad_dates, unmarked = con.execute("""
        SELECT count(DISTINCT host_iso3),
               count(*) FILTER (WHERE participants NOT BETWEEN 10 AND 80
                                OR participants_women > participants),
               count(*) FILTER (WHERE start_date < DATE '2019-01-01' OR end_date < start_date
                                OR start_date > DATE '2026-12-31'),
               count(*) FILTER (WHERE title NOT LIKE '%(synthetic)%')
        FROM trainings WHERE source = 'demo'""").fetchone()
    assert 50 <= hosts <= 60
    assert (bad_people, bad_dates, unmarked) == (0, 0, 0)
    audiences = {row[0] for row in con.execute(
        "SELECT DISTINCT audience FROM trainings WHERE source = 'demo'").fetchall()}
    assert audiences == {"member_state", "regional_org", "civil_society", "un_system"}


def test_training_venues_lie_in_the_host_country(built):
    from geodata.boundaries import load_admin1

    con, _, _ = built
    regions = load_admin1()
    by_country = {iso3: shapely.union_all(group.geometry.values)
                  for iso3, group in regions.groupby("iso3")}
    rows = con.execute("SELECT host_iso3, lon, lat FROM trainings WHERE source = 'demo'"
                       ).fetchall()
    outside = [r for r in rows if not by_country[r[0]].intersects(shapely.Point(r[1], r[2]))]
    assert outside == []


def test_other_sources_rows_are_untouched(built):
    con, _, _ = built
    assert con.execute("SELECT incident_id FROM incidents WHERE source <> 'demo'"
                       ).fetchall() == [("ucdp:1",)]
    assert scalar(con, "SELECT count(*) FROM indicators "
                       "WHERE source NOT IN ('demo', 'reference')") == 1
    assert scalar(con, "SELECT count(*) FROM trainings WHERE source <> 'demo'") == 1


def test_same_seed_gives_identical_rows_and_another_seed_differs(built, tmp_path):
    con, _, _ = built
    again = connect_writer(tmp_path / "again.duckdb")
    other = connect_writer(tmp_path / "other.duckdb")
    try:
        build_demo(again, incidents=N, seed=7)
        build_demo(other, incidents=N, seed=8)
        expected = checksums(con)
        assert checksums(again) == expected
        different = checksums(other)
        # The synthetic rows change with the seed; the real reference indicators do not.
        assert all(different[t] != expected[t] for t in CHECKSUMS if t != "indicators")
        assert different["indicators"] == expected["indicators"]
    finally:
        again.close()
        other.close()


def test_rebuilding_replaces_demo_rows_and_keeps_the_rest(tmp_path):
    con = connect_writer(tmp_path / "twice.duckdb")
    try:
        insert_other_rows(con)
        first = build_demo(con, incidents=3_000, seed=11)
        before = checksums(con)
        second = build_demo(con, incidents=3_000, seed=11)
        assert (second.incidents, second.indicators, second.trainings, second.assessments) == \
            (first.incidents, first.indicators, first.trainings, first.assessments)
        assert checksums(con) == before
        assert scalar(con, "SELECT count(*) FROM incidents") == 3_001
        assert scalar(con, "SELECT count(*) FROM indicators "
                           "WHERE source NOT IN ('demo', 'reference')") == 1
        smaller = build_demo(con, incidents=1_000, seed=12)
        assert scalar(con, "SELECT count(*) FROM incidents WHERE source = 'demo'") == 1_000
        assert smaller.incidents == 1_000
        builds_times_parts = 3 * 3
        assert scalar(con, "SELECT count(*) FROM import_batches WHERE format = 'demo'") == \
            builds_times_parts
    finally:
        con.close()


def test_a_failed_build_leaves_the_previous_demo_in_place(tmp_path):
    con = connect_writer(tmp_path / "atomic.duckdb")

    def fail_at_trainings(message):
        if message == "trainings":
            raise RuntimeError("interrupted")

    try:
        build_demo(con, incidents=2_000, seed=3)
        before = checksums(con)
        batches = scalar(con, "SELECT count(*) FROM import_batches")
        with pytest.raises(RuntimeError, match="interrupted"):
            build_demo(con, incidents=4_000, seed=4, progress=fail_at_trainings)
        assert checksums(con) == before
        assert scalar(con, "SELECT count(*) FROM import_batches") == batches
    finally:
        con.close()


def test_zero_incidents_still_builds_indicators_and_trainings(tmp_path):
    con = connect_writer(tmp_path / "empty.duckdb")
    try:
        summary = build_demo(con, incidents=0)
        assert summary.incidents == 0
        assert summary.indicators > 0 and summary.trainings > 0
        assert scalar(con, "SELECT count(*) FROM incidents") == 0
        assert scalar(con, "SELECT rows_read FROM import_batches "
                           "WHERE file_name LIKE 'demo:incidents%'") == 0
    finally:
        con.close()


def test_a_warehouse_without_watched_regions_is_refused_with_a_clear_message(tmp_path):
    con = connect_writer(tmp_path / "bare.duckdb")
    try:
        con.execute("DELETE FROM admin1")
        with pytest.raises(WarehouseError, match="no admin-1 region of any watched country"):
            build_demo(con, incidents=10)
        assert scalar(con, "SELECT count(*) FROM import_batches") == 0
    finally:
        con.close()

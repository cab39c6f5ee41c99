"""Published versions of the warehouse: readers never wait for writers, a failed write
publishes nothing, a long read finishes on the version it started on."""

from __future__ import annotations

import threading
from datetime import date

import duckdb
import pytest

from queries import versions
from queries.access import FULL_ACCESS
from queries.db import ResultCache, Warehouse
from queries.errors import QueryError, WarehouseError
from queries.incidents import IncidentFilter, incident_count


def file_incident_count(path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM incidents").fetchone()[0]


def add_incidents(con, first: int, n: int) -> None:
    con.execute(
        "INSERT INTO incidents (incident_id, source, source_id, event_date, iso3, lat, lon, "
        "priogrid_gid, category, sensitivity, batch_id) SELECT 'x:' || i, 'x', i::VARCHAR, "
        "DATE '2024-01-01', 'CAF', 4.4, 18.6, 1, 'other', 'public', 1 "
        "FROM range(?, ?) t(i)", [first, first + n])


@pytest.fixture
def warehouse(db_path, new_writer):
    con = new_writer(db_path)
    add_incidents(con, 0, 3)
    con.close()
    wh = Warehouse(db_path)
    yield wh
    wh.close()


def count(wh) -> int:
    with wh.cursor() as cur:
        return cur.execute("SELECT count(*) FROM incidents").fetchone()[0]


def test_a_write_publishes_a_new_version_while_a_reader_holds_the_old(warehouse, db_path):
    reading = warehouse.cursor()
    cur = reading.__enter__()          # a request in flight on the first version
    with warehouse.writing(FULL_ACCESS, "a test") as con:
        add_incidents(con, 3, 2)
    assert cur.execute("SELECT count(*) FROM incidents").fetchone()[0] == 3
    assert count(warehouse) == 5       # a new request reads the new version
    reading.__exit__(None, None, None)
    assert file_incident_count(db_path) == 5   # the warehouse's own name shows it too
    assert warehouse.version.parent == versions.versions_dir(db_path)


def test_a_failed_write_publishes_nothing_and_leaves_no_copy(warehouse, db_path):
    with pytest.raises(RuntimeError), warehouse.writing(FULL_ACCESS, "a test") as con:
        add_incidents(con, 3, 2)
        raise RuntimeError("the import failed after writing")
    assert count(warehouse) == 3 and file_incident_count(db_path) == 3
    assert list(versions.versions_dir(db_path).iterdir()) == []
    assert versions.pointer_stamp(db_path) is None


@pytest.mark.usefixtures("db_path")
def test_a_disk_error_while_writing_is_one_warehouse_error(warehouse):
    with pytest.raises(WarehouseError, match="nothing was changed.*No space"), \
            warehouse.writing(FULL_ACCESS, "a test"):
        raise duckdb.IOException("IO Error: No space left on device")
    assert count(warehouse) == 3


@pytest.mark.usefixtures("warehouse")
def test_another_process_sees_each_new_version_and_old_ones_are_removed(db_path):
    other = Warehouse(db_path)          # as a second worker process would
    for n in range(4):
        with versions.publishing(db_path) as con:
            add_incidents(con, 10 + n, 1)
        assert count(other) == 4 + n
    kept = sorted(p.name for p in versions.versions_dir(db_path).iterdir())
    assert len(kept) == 2 and versions.current_version(db_path).path.name == kept[-1]
    other.close()


def test_a_long_stream_reads_the_version_it_started_on(warehouse, db_path):
    with versions.publishing(db_path) as con:
        add_incidents(con, 3, 200_000)
    stream = _stream_ids(warehouse)
    first = next(stream)
    done = threading.Event()

    def publish():
        with versions.publishing(db_path) as con:
            add_incidents(con, 500_000, 1)
        done.set()

    writer = threading.Thread(target=publish)
    writer.start()
    assert done.wait(30), "the writer waited for the reader"
    rest = sum(len(b) for b in stream)
    assert len(first) + rest == 200_003
    assert count(warehouse) == 200_004
    writer.join()


def _stream_ids(wh):
    with wh.cursor() as cur:
        reader = cur.sql("SELECT incident_id FROM incidents").to_arrow_reader(1000)
        yield from reader


@pytest.mark.usefixtures("db_path")
def test_results_are_remembered_per_version_and_bounded(warehouse):
    window = IncidentFilter(date(2024, 1, 1), date(2024, 12, 31))
    assert incident_count(warehouse, window) == 3
    first = warehouse.arrow("incident_count", **window.params())
    assert warehouse.arrow("incident_count", **window.params()) is first   # remembered
    with warehouse.writing(FULL_ACCESS, "a test") as con:
        add_incidents(con, 3, 2)
    assert incident_count(warehouse, window) == 5                           # not stale
    cache = ResultCache(max_bytes=first.nbytes * 2, max_item_bytes=first.nbytes)
    for key in "abc":
        cache.put(key, first, first.nbytes)
    assert cache.get("a") is None and cache.get("c") is first
    frame = warehouse.df("incident_count", **window.params())
    frame.loc[0, "n"] = -1                                                 # a caller's change
    assert warehouse.df("incident_count", **window.params()).loc[0, "n"] == 5


@pytest.mark.usefixtures("warehouse")
def test_a_version_deleted_before_it_is_opened_gives_way_to_the_newer_one(db_path,
                                                                          monkeypatch):
    """Another process publishes (and deletes the version before) between this reader's
    read of the pointer and its open: it opens the version the pointer names now."""
    with versions.publishing(db_path) as con:
        add_incidents(con, 3, 1)
    stale = versions.current_version(db_path)
    with versions.publishing(db_path) as con:
        add_incidents(con, 4, 1)
    versions.remove_old_versions(db_path, keep=set())   # as a starting node's tidy does
    assert not stale.path.exists()
    answers = iter([stale])
    real = versions.current_version
    monkeypatch.setattr(versions, "current_version",
                        lambda db: next(answers, None) or real(db))
    reader = Warehouse(db_path)
    assert count(reader) == 5
    reader.close()


def test_a_missing_warehouse_is_still_one_clear_error(tmp_path):
    missing = tmp_path / "absent" / "monitor.duckdb"
    with pytest.raises(QueryError, match="cannot be opened"):
        Warehouse(missing)

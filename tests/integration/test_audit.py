"""The audit log in its sidecar file: what goes in comes out, newest first, filtered."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from queries.audit import audit_path, recent_events, record_event


def test_audit_file_sits_next_to_the_warehouse(tmp_path):
    assert audit_path(tmp_path / "w.duckdb") == tmp_path / "w.duckdb.audit.duckdb"


def test_events_come_back_newest_first_with_their_detail(tmp_path):
    db = tmp_path / "w.duckdb"
    assert recent_events(db) == []
    first = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    record_event(db, None, "export.snapshot", {"format": "png", "iso3": "CAF"}, "10.0.0.1",
                 at=first)
    record_event(db, "ana", "signin", {}, None, at=first.replace(hour=9))
    record_event(db, "ana", "export.briefing", {"file": "b.pdf"}, "10.0.0.2",
                 at=first.replace(hour=10))
    events = recent_events(db)
    assert [e.action for e in events] == ["export.briefing", "signin", "export.snapshot"]
    exports = recent_events(db, action_prefix="export.", limit=1)
    assert len(exports) == 1 and exports[0].detail == {"file": "b.pdf"}
    last = recent_events(db, "export.snapshot")[0]
    assert (last.at, last.actor, last.remote_addr) == (first, None, "10.0.0.1")
    assert last.detail == {"format": "png", "iso3": "CAF"}


def test_an_event_needs_an_action(tmp_path):
    with pytest.raises(ValueError, match="action"):
        record_event(tmp_path / "w.duckdb", None, "", {})

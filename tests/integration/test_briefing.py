"""The briefing's gathered object and key messages on a crafted warehouse: a handful of
Kenyan incidents, three Framework of Analysis judgements, commitments and memberships set
by hand, so every number in the sentences is worked out below. Also the analysts' notes:
drafts hidden from viewers, history kept, saves audited."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.exports.gather import country_forecast, gather_briefing
from dashboard.exports.messages import key_messages
from dashboard.filters import parse_filters
from queries import notes
from queries.access import Access, AccessDenied
from queries.audit import recent_events
from queries.db import Warehouse

WINDOW = {"from": "2025-01-01", "to": "2025-06-30"}     # 181 days
INCIDENTS = [  # day, fatalities, civilian fatalities
    ("2024-11-01", 4, 1), ("2024-12-15", 0, 0),           # previous 181 days: 2, 4 deaths
    ("2025-02-10", 5, 2), ("2025-06-20", 3, 3), ("2025-06-25", 1, 0),   # window: 3, 9, 5
]
ANALYST = Access("ana", "analyst")
VIEWER = Access("vic", "viewer")


@pytest.fixture
def crafted(db_path):
    from queries.analytics.refresh import refresh_analytics
    from queries.schema import connect_writer

    con = connect_writer(db_path)
    con.execute("INSERT INTO import_batches (batch_id, format, file_name, started_at) "
                "VALUES (1, 'incidents', 'hand.csv', now())")
    for i, (day, deaths, civilians) in enumerate(INCIDENTS):
        con.execute("INSERT INTO incidents (incident_id, source, source_id, event_date, iso3, "
                    "geo_iso3, lat, lon, priogrid_gid, category, fatalities, "
                    "civilian_fatalities, batch_id) VALUES (?, 'native', ?, ?, 'KEN', 'KEN', "
                    "-1.28, 36.82, 161353, 'violence_against_civilians', ?, ?, 1)",
                    [f"native:{i}", str(i), day, deaths, civilians])
    con.executemany("INSERT INTO risk_assessments (iso3, factor, judgement, evidence, assessed_on, "
                    "analyst) VALUES ('KEN', ?, ?, 'hand', ?, 'ana')",
                    [[1, "present", "2025-05-01"], [4, "present", "2025-06-01"],
                     [7, "absent", "2025-06-02"]])
    con.execute("DELETE FROM org_memberships WHERE iso3 = 'KEN'")
    con.execute("DELETE FROM commitments WHERE iso3 = 'KEN'")
    con.execute("INSERT INTO commitments (iso3, commitment, status, source) VALUES "
                "('KEN', 'genocide_convention', 'party', 'hand'), "
                "('KEN', 'rome_statute', 'withdrawn', 'hand')")
    refresh_analytics(con)
    con.close()
    wh = Warehouse(db_path)
    yield wh
    wh.close()


def _briefing(wh):
    return gather_briefing(wh, parse_filters(wh, WINDOW, "KEN").filter, "UN INTERNAL")


def test_key_messages_numbers_worked_out_by_hand(crafted):
    with crafted.writing(ANALYST, "no forecast: the risk index stands in") as con:
        con.execute("DELETE FROM country_forecast")
    messages = {m.topic: m for m in key_messages(_briefing(crafted))}
    window = messages["What changed in the window"]
    assert window.text == (
        "3 incidents and 9 fatalities (5 civilian) in 1 Jan 2025 – 30 Jun 2025, against 2 "
        "incidents and 4 fatalities in the previous 181 days (incidents +50%).")
    assert window.figure == "3 incidents" and window.source == "CSV"
    # analytics end at the latest incident, 25 Jun 2025: its 4 weeks (29 May - 25 Jun)
    # hold 2 incidents, the 4 before none; the 52 weeks before hold 3: 4 x 3 / 52 = 0.2
    weeks = messages["The last 4 weeks"]
    assert weeks.text.startswith("In the last 4 weeks to 25 Jun 2025: 2 incidents, against "
                                 "0.2 expected from the 52 weeks before and 0 in the 4 "
                                 "weeks before")
    factors = messages["Framework of Analysis"]
    assert factors.text == ("Analysts judge 2 of the 14 Framework of Analysis risk factors "
                            "present: 1 Situations of armed conflict or other forms of "
                            "instability; 4 Motives or incentives.")
    assert factors.figure == "2 of 14" and factors.source.endswith("latest 2025-06-02")
    gaps = messages["Prevention capacity"]
    assert gaps.text == ("Gaps in prevention capacity: no regional early-warning mechanism "
                         "covers it; Rome Statute: withdrawn; R2P focal point not recorded; "
                         "National prevention mechanism not recorded; no training recorded.")
    assert gaps.figure == "5 gaps"
    assert "Forecast" not in messages and messages["Risk"].text.startswith("Risk index ")


def test_capacity_in_words_not_codes(crafted):
    b = _briefing(crafted)
    assert b.capacity[2] == ("Commitments: Genocide Convention: State Party; Rome Statute: "
                             "withdrawn (source: hand).")
    assert "_" not in " ".join(b.capacity)


def test_the_key_message_gives_the_validated_forecast(crafted, db_path):
    with crafted.writing(ANALYST, "a hand-made forecast") as con:
        con.execute("DELETE FROM country_forecast")
        con.execute("INSERT INTO country_forecast (iso3, data_year, risk_1y, risk_2y, rank, "
                    "countries_ranked, drivers) VALUES ('KEN', 2024, 0.12, 0.2, 3, 3, "
                    "'coup risk'), ('SDN', 2024, 0.3, 0.5, 1, 3, ''), "
                    "('MLI', 2024, 0.2, 0.3, 2, 3, '')")
    messages = {m.topic: m for m in key_messages(_briefing(crafted))}
    assert messages["Forecast"].text == (
        "Forecast for 2025: 12.0% risk that a new mass killing begins that year, rank 3 of "
        "3 countries; drivers: coup risk.")
    assert messages["Forecast"].source.startswith("country forecast (AUC 0.8")
    assert "onsets in that year's top 30 in the rolling-origin backtest 1994-2024" in \
        messages["Forecast"].source
    assert "Risk" not in messages
    with crafted.writing(ANALYST, "no forecast") as con:
        con.execute("DELETE FROM country_forecast WHERE iso3 = 'KEN'")
    assert country_forecast(crafted, "KEN") is None


def test_notes_drafts_hidden_from_viewers_history_kept_saves_audited(crafted, db_path):
    with pytest.raises(AccessDenied):
        notes.save_note(crafted, VIEWER, "KEN", "situation", "final", "x")
    with pytest.raises(ValueError, match="kind"):
        notes.save_note(crafted, ANALYST, "KEN", "gossip", "final", "x")
    first = notes.save_note(crafted, ANALYST, "KEN", "situation", "draft",
                            "Tension in Nakuru.", date(2025, 6, 1))
    rec = notes.save_note(crafted, ANALYST, "KEN", "recommendation", "final",
                          "Engage the regional envoy.", date(2025, 6, 2))
    assert [n.body for n in notes.current_notes(crafted, VIEWER, "KEN")] == \
        ["Engage the regional envoy."]
    assert len(notes.current_notes(crafted, ANALYST, "KEN")) == 2
    edited = notes.save_note(crafted, ANALYST, "KEN", "situation", "final",
                             "Tension in Nakuru eased.", date(2025, 6, 3), first.note_id)
    assert (edited.note_id, edited.version) == (first.note_id, 2)
    assert [n.body for n in notes.note_history(crafted, ANALYST, first.note_id)] == \
        ["Tension in Nakuru.", "Tension in Nakuru eased."]
    with pytest.raises(ValueError, match="not a note of"):
        notes.save_note(crafted, ANALYST, "SDN", "situation", "final", "x", None, rec.note_id)
    b = _briefing(crafted)
    assert [(n.kind, n.body, n.author) for n in b.notes] == [
        ("situation", "Tension in Nakuru eased.", "ana"),
        ("recommendation", "Engage the regional envoy.", "ana")]
    saved = [(e.action, e.detail["version"]) for e in recent_events(db_path, "note.")]
    assert saved == [("note.save", 2), ("note.save", 1), ("note.save", 1)]

"""Key messages: the pack's opening sentences, generated from the gathered
:class:`~dashboard.exports.gather.Briefing` alone, each with its headline figure and its
source, so the words cannot disagree with the tables after them."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.dates import day_text
from dashboard.exports.gather import Briefing
from dashboard.figures import window_text


@dataclass(frozen=True)
class KeyMessage:
    """One sentence, the figure it rests on, and where that figure comes from."""

    topic: str
    text: str
    figure: str
    source: str


def key_messages(b: Briefing) -> tuple[KeyMessage, ...]:
    """What changed in the window and in the last 4 weeks, the forecast (or the risk
    index), the Framework of Analysis factors judged present, the gaps in capacity."""
    found = [_window(b), _last_weeks(b), _outlook(b), _factors(b), _gaps(b)]
    return tuple(m for m in found if m is not None)


def change_text(now: int, previous: int) -> str:
    """'+25%', '-100%', or 'none before' when the previous window had none."""
    if previous == 0:
        return "none before" if now else "no change"
    return f"{(now - previous) / previous:+,.0%}"


def _window(b: Briefing) -> KeyMessage:
    incidents, fatalities, civilians = b.totals[0], b.totals[1], b.totals[2]
    f = b.filter
    text = (f"{incidents.now:,} incidents and {fatalities.now:,} fatalities "
            f"({civilians.now:,} civilian) in {window_text(f.date_from, f.date_to)}, "
            f"against {incidents.previous:,} incidents and {fatalities.previous:,} "
            f"fatalities in the previous {f.days:,} days (incidents "
            f"{change_text(incidents.now, incidents.previous)}).")
    return KeyMessage("What changed in the window", text, f"{incidents.now:,} incidents",
                      _incident_source(b))


def _last_weeks(b: Briefing) -> KeyMessage | None:
    e = b.escalation
    if e is None:
        return None
    text = (f"In the last 4 weeks to {day_text(e.window_end)}: {e.latest:,} incidents, "
            f"against {e.expected:,.1f} expected from the 52 weeks before and "
            f"{e.previous:,} in the 4 weeks before ({e.trend.lower()}).")
    return KeyMessage("The last 4 weeks", text, f"{e.latest:,} incidents",
                      f"escalation analytics on {_incident_source(b)}")


def _outlook(b: Briefing) -> KeyMessage | None:
    if b.forecast is not None:
        fc = b.forecast
        text = (f"Forecast for {fc.year}: {fc.risk:.1%} risk that a new mass killing "
                f"begins that year, rank {fc.rank} of {fc.of} countries"
                + (f"; drivers: {fc.drivers}" if fc.drivers else "") + ".")
        return KeyMessage("Forecast", text, f"{fc.risk:.1%}, rank {fc.rank} of {fc.of}",
                          f"country forecast ({fc.backtest})" if fc.backtest
                          else "country forecast")
    r = b.risk
    if r is None or r.index is None:
        return None
    rank = f", rank {r.rank} of {r.of} countries scored" if r.rank else ""
    text = (f"Risk index {r.index:.1f} / 10 (our model, not a UN score){rank}; top "
            f"drivers: {r.drivers or 'none'}.")
    through = f", data through {day_text(b.analytics_through)}" if b.analytics_through else ""
    return KeyMessage("Risk", text, f"{r.index:.1f} / 10", f"monitor risk index{through}")


def _factors(b: Briefing) -> KeyMessage:
    assessed = [r for r in b.factors if r["judgement"] != "not assessed"]
    present = b.present_factors
    if not assessed:
        return KeyMessage("Framework of Analysis", "No Framework of Analysis assessment has "
                          "been recorded for this country.", "0 of 14", "analysts' judgements")
    names = "; ".join(f"{r['factor']} {r['name']}" for r in present)
    text = (f"Analysts judge {len(present)} of the 14 Framework of Analysis risk factors "
            f"present" + (f": {names}." if present else "."))
    latest = max((r["assessed_on"] for r in assessed if r["assessed_on"] != "–"), default="–")
    return KeyMessage("Framework of Analysis", text, f"{len(present)} of 14",
                      f"analysts' judgements, latest {latest}")


def _gaps(b: Briefing) -> KeyMessage:
    if not b.gaps:
        return KeyMessage("Prevention capacity", "No gap recorded in prevention capacity.",
                          "0 gaps", "regional organisations, commitments, trainings")
    text = "Gaps in prevention capacity: " + "; ".join(b.gaps) + "."
    return KeyMessage("Prevention capacity", text, f"{len(b.gaps)} gaps",
                      "regional organisations, commitments, trainings")


def _incident_source(b: Briefing) -> str:
    return ", ".join(b.incident_sources) or "no incident data"

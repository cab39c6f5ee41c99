"""Alerts: what changed since the previous analytics refresh (and since a week earlier),
stored once per change, and delivered to the people whose rules ask for it.

- :mod:`queries.alerts.detect`: change detection, run by the refresh on its writer
  connection; the ``alerts`` table (migration 010).
- :mod:`queries.alerts.people`: rules, acknowledgements, feed tokens, e-mail addresses and
  deliveries, in the sidecar file the running app can write.
- :mod:`queries.alerts.read`: the alerts one person may see and their rules select.
- :mod:`queries.alerts.digest`: the e-mail digests, due per person and period.
"""

from __future__ import annotations

KINDS = {
    "escalation": "Escalation",
    "fatalities": "Civilian fatalities in a week",
    "quiet_ended": "First incident after a quiet year",
    "restricted_report": "New restricted report",
    "hotspot": "New or intensifying hot cells",
    "forecast_rank": "Country forecast: entered the top ranks",
    "forecast_cells": "Cell forecast: new or rising cells",
}
SEVERITIES = ("high", "medium", "low")   # most severe first

"""Atrocity Risk Monitor: the command line and the app factory's entry point.

    python app.py                      serve the dashboard (builds the demo warehouse first
                                       when there is none)
    python app.py demo                 build the demo warehouse
    python app.py import FORMAT FILE   import a file (ucdp, acled, incidents, hxl, indicators,
                                       assessments, memberships, commitments, trainings)
    python app.py boundaries FILE --iso3 X   use your own admin-1 boundaries for a country
    python app.py rejects BATCH        show the rows an import rejected, with reasons
    python app.py export snapshot|briefing|sitrep ...   a map, a briefing pack (PDF or DOCX)
                                                 or a situation report to a file
    python app.py evaluate [--json] [--pairs-out FILE]   backtest the cell forecast and the
                                       hotspot signal against history baselines
    python app.py evaluate --countries [--json] [--out FILE]   backtest the country forecast
    python app.py model fit            fit the country forecast and store it (committed)
    python app.py users add|list|remove|set-role|set-email ...   who may sign in, their role
    python app.py alerts list|send|token|revoke|rule ...   alerts, digests, feeds, rules

The commands live in the package ``cli/`` (one module per command, put together in
``cli/main.py``); this file is the documented entry point, also behind the ``atrisk``
console script (``app:main``).
"""

from __future__ import annotations

import sys

from cli.common import EXIT_BAD_INPUT, EXIT_COMMITTED_BUT
from cli.main import build_parser, main
from cli.serve import prepare_warehouse

__all__ = ["EXIT_BAD_INPUT", "EXIT_COMMITTED_BUT", "build_parser", "main", "prepare_warehouse"]


if __name__ == "__main__":
    sys.exit(main())

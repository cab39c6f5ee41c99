"""Briefing exports: map snapshots (PNG, SVG, PDF) and briefing packs (PDF), rendered
offline by one warm headless Chromium, each recorded in the audit log."""

from dashboard.exports.errors import ExportError

__all__ = ["ExportError"]

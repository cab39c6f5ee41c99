"""Early-warning analytics computed from the warehouse: escalation, hotspots, risk index.

They are computed after every write (demo build, import, boundaries) and stored in tables,
because the app holds the warehouse read-only.
"""

-- How precisely a membership row's dates are known: 'day' (every date given is the day)
-- or 'year' (at least one is known only to its year, e.g. from the Correlates of War IGO
-- data, which are yearly: stored as the first day it can be, 1 January or the
-- organisation's founding day in its founding year). DuckDB cannot add a CHECK to an
-- existing table: the memberships importer and the reference loader accept only these
-- two values. The reference memberships are loaded again after this migration
-- (queries/db.py), with their precision.
ALTER TABLE org_memberships ADD COLUMN date_precision VARCHAR NOT NULL DEFAULT 'day';

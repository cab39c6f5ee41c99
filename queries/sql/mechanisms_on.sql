-- Regional early-warning mechanisms covering each country on $on_date, included as
-- mechanisms_on: one row per member country of an organisation that runs a mechanism
-- (in operation by then, when its start is known). Suspended members stay covered: the
-- mechanism still monitors them.
(
    SELECT m.iso3, o.org_code, o.early_warning, m.suspended
    FROM @memberships_on AS m
    JOIN regional_orgs AS o USING (org_code)
    WHERE o.early_warning IS NOT NULL
      AND (o.early_warning_since IS NULL OR o.early_warning_since <= $on_date)
)

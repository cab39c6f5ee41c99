-- The one definition of membership at a date, included as memberships_on (a subquery:
-- one row per organisation and country that is a member on $on_date).
-- A member on D: joined_on <= D (joined_on NULL: the organisation's founded_on) and
-- (left_on IS NULL or D < left_on). Suspended on D: suspended_from <= D < suspended_to
-- (suspended_to NULL: still suspended). Several rows of one membership (one per
-- suspension) count once; year_only: a date of it is known only to the year.
(
    SELECT m.org_code, m.iso3,
           bool_or(m.suspended_from IS NOT NULL AND m.suspended_from <= $on_date
                   AND (m.suspended_to IS NULL OR $on_date < m.suspended_to)) AS suspended,
           min(m.joined_on) AS joined_on,
           bool_or(m.date_precision = 'year') AS year_only,
           max(m.suspended_from) FILTER (WHERE m.suspended_from <= $on_date
               AND (m.suspended_to IS NULL OR $on_date < m.suspended_to)) AS suspended_since
    FROM org_memberships AS m
    JOIN regional_orgs AS o USING (org_code)
    WHERE coalesce(m.joined_on, o.founded_on) <= $on_date
      AND (m.left_on IS NULL OR $on_date < m.left_on)
    GROUP BY m.org_code, m.iso3
)

SELECT scope, kinds, countries, regions, org_code, min_severity, frequency
FROM alert_rules WHERE scope IN ('*office*', $username)

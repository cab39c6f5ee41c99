INSERT OR REPLACE INTO alert_rules VALUES ($scope, $kinds, $countries, $regions, $org_code,
                                          $min_severity, $frequency, $updated_by, $now)

-- Store the alerts in _rows (one refresh's), in their order.
INSERT INTO alerts (kind, iso3, admin1_code, severity, headline, evidence, restricted, basis,
                    change_key, created_at, data_as_of)
SELECT kind, iso3, admin1_code, severity, headline, evidence, restricted, basis, change_key,
       created_at, data_as_of
FROM _rows
ORDER BY alert_no

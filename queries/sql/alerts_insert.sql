INSERT INTO alerts (kind, iso3, admin1_code, severity, headline, evidence, restricted, basis,
                    change_key, created_at, data_as_of)
VALUES ($kind, $iso3, $admin1_code, $severity, $headline, $evidence, $restricted, $basis,
        $change_key, $created_at, $data_as_of)

-- One country's risk index and its components, highest score first within a dimension.
SELECT k.component, k.label, k.dimension, k.score, k.present, k.expected,
       r.structural, r.dynamic, r.risk_index, r.completeness, r.drivers
FROM risk_components AS k
JOIN risk_index AS r USING (iso3)
WHERE k.iso3 = $iso3
ORDER BY k.dimension DESC, k.score DESC NULLS LAST, k.component

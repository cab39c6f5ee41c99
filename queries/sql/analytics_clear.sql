-- Empty the analytics tables before a refresh fills them again (in one transaction).
DELETE FROM escalation;
DELETE FROM hotspot_cells;
DELETE FROM risk_components;
DELETE FROM risk_index;

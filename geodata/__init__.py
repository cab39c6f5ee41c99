"""Reference geography: boundary files, country code tables, point assignment and PRIO-GRID."""

(commitments_not_held + 0.5 * (4 - commitments_held - commitments_not_held))

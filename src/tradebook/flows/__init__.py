"""The flows table: its schema, the build of data/processed, sums that track completeness, reconciliation, and the series notebooks read."""

"""Importers: every file read becomes one batch; every row is loaded, updated, unchanged
or rejected with its reasons."""


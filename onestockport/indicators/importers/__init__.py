"""Importers: one module per publisher format, registered in `registry.py`."""

"""Errors of the annual report and the poster; the CLI prints them and exits 1."""

from __future__ import annotations

from onestockport.errors import OneStockportError


class SnapshotError(OneStockportError):
    """A snapshot cannot be taken, or a snapshot file cannot be read."""


class LayoutError(OneStockportError):
    """Plan text does not fit the poster's boxes at a readable size."""

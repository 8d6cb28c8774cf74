"""What can stop a static export, reported as plain messages by the CLI."""

from __future__ import annotations

from onestockport.errors import OneStockportError


class ExportError(OneStockportError):
    """The static export could not be built; nothing was replaced."""


class PageRenderError(ExportError):
    """A page of the public site did not render (an error or an unexpected status)."""


class OutputDirectoryError(ExportError):
    """The output folder cannot be used, e.g. it holds files that are not a previous export."""


class MissingAssetError(ExportError):
    """A page or stylesheet refers to a static file that the collected static files do not have."""

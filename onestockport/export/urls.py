"""Checks on the addresses the export is given (--base-url, --live-url)."""

from __future__ import annotations

from urllib.parse import urlsplit

from .errors import ExportError


def checked_url(url: str, *, option: str) -> str:
    """An absolute http(s) URL ending in a slash; anything else is refused with the option's name."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ExportError(
            f"{option} must be an absolute http or https address such as https://example.org/plans/ (got {url!r})"
        )
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"

"""Who the delivery emails come from: the plan's site, by name, at the address DEFAULT_FROM_EMAIL gives."""

from __future__ import annotations

from email.utils import formataddr, parseaddr


def from_header(site_name: str, setting: str) -> str:
    """The From header: a bare address is sent as "<site name> <address>"; a setting with a name is kept."""
    name, address = parseaddr(setting)
    if name or not address:
        return setting
    return formataddr((site_name, address))

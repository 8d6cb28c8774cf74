"""The delivery emails' common parts: who they come from (the plan's site, by name, at the address
DEFAULT_FROM_EMAIL gives), the site's address for links, and the "[Demonstration]" mark on the demo site."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from onestockport.plans.place import current_place


def from_header(site_name: str, setting: str) -> str:
    """The From header: a bare address is sent as "<site name> <address>"; a setting with a name is kept."""
    name, address = parseaddr(setting)
    if name or not address:
        return setting
    return formataddr((site_name, address))


def site_url() -> str:
    """The configured site address, for the links in emails."""
    return settings.ONESTOCKPORT_SITE_URL.rstrip("/")


def email_context() -> dict:
    """What every delivery email's template is given: the site's name and address, and whether it is the demo."""
    place = current_place()
    return {
        "site_name": place.site_name,
        "kind_word": place.kind_word,
        "site_url": site_url(),
        "demo": settings.ONESTOCKPORT_DEMO,
    }


def compose(subject: str, template: str, context: dict, to: str) -> EmailMessage:
    """One email from delivery/email/`template`, its subject marked on the demo site."""
    demo = "[Demonstration] " if settings.ONESTOCKPORT_DEMO else ""
    return EmailMessage(
        subject=f"{demo}{subject}",
        body=render_to_string(f"delivery/email/{template}", context),
        from_email=from_header(context["site_name"], settings.DEFAULT_FROM_EMAIL),
        to=[to],
    )

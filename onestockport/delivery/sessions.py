"""Sessions for delivery tracking: an idle limit instead of a fixed one, and typed text that outlives a session.

SESSION_COOKIE_AGE (config/settings/base.py) is an idle limit: every staff page (delivery tracking and
the admin site) a signed-in user opens moves the end of their session on by that much. Public pages
never touch the session: they are cacheable, so they must not carry a session cookie.

When a staff form arrives without a valid session (it ended while the user was typing), or with a CSRF
token that signing in again has replaced, what the user typed is kept server-side in the session, for
the same form to show back after they sign in. Only the form's own fields are kept (never files,
passwords or the CSRF token; KEPT_MAX_CHARS in all). Text is kept from a CSRF failure only when the
browser says the form came from this site (Sec-Fetch-Site, Origin or Referer), so another site's
forged form can never be offered back to the user as their own words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from django import forms
from django.http import HttpRequest
from django.utils import timezone

# Apps whose pages are for signed-in staff: using them counts as activity.
STAFF_APPS = frozenset({"delivery", "admin"})

KEPT_KEY = "delivery_kept_form"
KEPT_FOR = dt.timedelta(hours=2)  # how long kept text waits for its writer to sign in again
KEPT_MAX_CHARS = 20_000  # all values together: several times any delivery form; anything more is cut
VALUES_MAX = 100  # values of one many-valued field (ticked checkboxes)
NEVER_KEPT = ("password", "csrfmiddlewaretoken")  # names containing these are never stored

SESSION_ENDED = "session-ended"
FORM_EXPIRED = "form-expired"
BANNERS = {
    SESSION_ENDED: (
        "Your session had ended, so you were asked to sign in again. Nothing was saved, but the text you "
        "had typed has been kept below: check it and save again."
    ),
    FORM_EXPIRED: (
        "The form had expired, so nothing was saved. The text you had typed has been kept below: check it "
        "and save again."
    ),
}


class SlidingSessionMiddleware:
    """Save the session of a signed-in user on every staff page, so it ends after inactivity.

    Listed after AuthenticationMiddleware; SessionMiddleware then saves it with a new expiry.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.app_name in STAFF_APPS and request.user.is_authenticated:
            request.session.modified = True
        return response


def only_the_token_failed(reason: str) -> bool:
    """Whether a CSRF failure came after the origin and referer checks passed ("CSRF token ...",
    "CSRF cookie ..."), i.e. the form itself was out of date."""
    return reason.startswith(("CSRF token", "CSRF cookie"))


def same_origin(request: HttpRequest) -> bool:
    """Whether the browser says the request came from one of this site's own pages."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site:
        return fetch_site == "same-origin"
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER") or ""
    parts = urlsplit(source)
    return bool(parts.netloc) and (parts.scheme, parts.netloc) == (request.scheme, request.get_host())


def keep_form(request: HttpRequest, *, form_class: type[forms.Form], page: str, reason: str) -> bool:
    """Keep the POSTed values of the form's text fields in the session, for `page`; True if anything was typed."""
    data: dict[str, list[str]] = {}
    budget = KEPT_MAX_CHARS
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.FileField) or any(word in name for word in NEVER_KEPT):
            continue
        sent = request.POST.getlist(name)
        sent = sent[:VALUES_MAX] if getattr(field.widget, "allow_multiple_selected", False) else sent[-1:]
        values = []
        for value in sent:
            values.append(value[:budget])
            budget -= len(values[-1])
        if values:
            data[name] = values
    if not any(value.strip() for name, values in data.items() if name != "version" for value in values):
        return False
    request.session[KEPT_KEY] = {"page": page, "reason": reason, "data": data, "at": timezone.now().isoformat()}
    return True


def has_kept_form(request: HttpRequest) -> bool:
    return KEPT_KEY in request.session


@dataclass(frozen=True)
class KeptForm:
    initial: dict
    banner: str


def take_kept_form(request: HttpRequest, *, form_class: type[forms.Form], page: str) -> KeptForm | None:
    """The text kept for this page, as the form's initial values, removed from the session (shown once)."""
    kept = request.session.get(KEPT_KEY)
    if not isinstance(kept, dict) or kept.get("page") != page:
        return None
    del request.session[KEPT_KEY]
    if timezone.now() - dt.datetime.fromisoformat(kept["at"]) > KEPT_FOR:
        return None
    initial = {}
    for name, values in kept["data"].items():
        field = form_class.base_fields.get(name)
        if field is not None and values:
            initial[name] = values if getattr(field.widget, "allow_multiple_selected", False) else values[0]
    return KeptForm(initial=initial, banner=BANNERS.get(kept.get("reason"), BANNERS[FORM_EXPIRED]))

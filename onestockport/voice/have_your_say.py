"""Have your say: the comment form on the public site's priority and action pages.

Anyone may comment, with no account and no JavaScript. The form is plain HTML that posts to one page
(`voice:have-your-say`); the pages that carry it stay cacheable because it holds no CSRF token (see the
view). Spam is kept out without any third-party service: a honeypot field that people never see, and
a limit on comments per client address per hour, counted in the shared cache under a keyed hash of
the address (which is never stored anywhere else). What a comment becomes is website_comments.record_website_comment.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from onestockport.places.models import Postcode
from onestockport.places.postcodes import normalise_postcode
from onestockport.plans.place import current_place
from onestockport.security.signin import client_address

from .demographics import AGE_BANDS, PREFER_NOT_TO_SAY
from .population import Ward, ward_index, ward_key

MAX_COMMENT = 2000  # characters: a few paragraphs, as a survey's free-text box allows
HONEYPOT = "website"  # a field name bots fill in; people never see it
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!?]|&#?[a-zA-Z0-9]+;")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
AGE_CHOICES = [(band.slug, band.label) for band in AGE_BANDS] + [(PREFER_NOT_TO_SAY, "Prefer not to say")]


def current_wards() -> list[Ward]:
    """The place's wards on its current boundaries (a comment is placed on today's map only)."""
    from .services import place_wards

    place = current_place()
    current = place.boundaries.get("wards")
    wards = place_wards(place)
    return [ward for ward in wards if ward.vintage == current] if current else wards


def find_ward(text: str) -> Ward | None:
    """The current ward a postcode of the place lies in, or a current ward named (or coded) as typed."""
    index = ward_index(current_wards())
    postcode = normalise_postcode(text)
    if postcode is not None:
        code = Postcode.objects.filter(postcode=postcode).values_list("ward_code", flat=True).first()
        return index.get(code.casefold()) if code else None
    return index.get(text.strip().casefold()) or index.get(ward_key(text))


class CommentForm(forms.Form):
    priority = forms.SlugField(required=False, widget=forms.HiddenInput)
    action = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    comment = forms.CharField(
        label="Your comment",
        max_length=MAX_COMMENT,
        help_text="Please do not include your name, address or contact details.",
        error_messages={
            "required": "Enter your comment",
            "max_length": f"Your comment must be {MAX_COMMENT:,} characters or fewer",
        },
    )
    place = forms.CharField(
        label="Your postcode or ward (optional)",
        required=False,
        max_length=100,
        help_text="Your full postcode, or the name of your ward. We keep only the ward, never your postcode.",
        error_messages={"max_length": "Your postcode or ward must be 100 characters or fewer"},
    )
    age_band = forms.ChoiceField(
        label="Your age (optional)",
        required=False,
        choices=AGE_CHOICES,
        error_messages={"invalid_choice": "Select your age from the list, or leave it blank"},
    )
    consent = forms.BooleanField(
        label="You may quote my comment on this website, without my name",
        required=False,
        help_text="An officer reads every comment first and removes anything that could identify you.",
    )
    # The honeypot: hidden from people (and from screen readers) by the template; a bot fills it in.
    website = forms.CharField(label="Leave this blank", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "hys-%s")
        super().__init__(*args, **kwargs)
        self.ward: Ward | None = None

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean_comment(self) -> str:
        text = self.cleaned_data["comment"].strip()
        if _HTML.search(text):
            raise forms.ValidationError("Your comment must be plain text: remove anything written like <tag> or &name;")
        if _CONTROL.search(text):
            raise forms.ValidationError("Your comment contains characters that cannot be stored; retype it")
        if not text:
            raise forms.ValidationError("Enter your comment")
        return text

    def clean_place(self) -> str:
        text = " ".join(self.cleaned_data["place"].split())
        if text:
            self.ward = find_ward(text)
            if self.ward is None:
                place = current_place().name
                raise forms.ValidationError(
                    f"We could not find a postcode or ward of {place} called {text}; check it, or leave it blank"
                )
        return text


def form_context() -> dict[str, Any]:
    """What the form's template needs besides the form: limits, the age options, the disclosure threshold."""
    return {
        "max_comment": MAX_COMMENT,
        "age_options": [(value, label, "") for value, label in AGE_CHOICES],
        "threshold": int(settings.VOICE_DISCLOSURE_THRESHOLD),
        "per_hour": settings.VOICE_COMMENTS_PER_HOUR,
    }


# ---------------------------------------------------------------------------------------------- rate limit


def _counter_key(request: HttpRequest) -> str:
    address = client_address(request) or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"voice:have-your-say:{digest}"


def limit_reached(request: HttpRequest) -> bool:
    """True when this client address has sent VOICE_COMMENTS_PER_HOUR comments within the hour."""
    return (cache.get(_counter_key(request)) or 0) >= settings.VOICE_COMMENTS_PER_HOUR


def count_comment(request: HttpRequest) -> None:
    """Count a comment (or a bot's honeypot post) against its address; the count lapses an hour after the first."""
    key = _counter_key(request)
    if not cache.add(key, 1, timeout=60 * 60):
        try:
            cache.incr(key)
        except ValueError:  # lapsed between add and incr
            cache.add(key, 1, timeout=60 * 60)

"""Your email settings: each workflow email as it happens, or one weekly digest (notifications.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import notifications
from .common import staff_context, staff_view

EACH, DIGEST = "each", "digest"
OPTIONS = [
    (EACH, "An email for each change, as it happens", ""),
    (DIGEST, "One weekly digest email", "A list of what was submitted, returned and approved in the past week."),
]


class EmailSettingsForm(forms.Form):
    how = forms.ChoiceField(
        label="How do you want to hear about submitted, returned and approved updates?",
        choices=[(value, label) for value, label, _ in OPTIONS],
        error_messages={"required": "Choose how you want to hear about updates"},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def email_settings(request: HttpRequest) -> HttpResponse:
    """Any delivery user chooses for themselves; reminders are sent either way."""
    current = DIGEST if notifications.wants_digest(request.user) else EACH
    form = EmailSettingsForm(request.POST if request.method == "POST" else None, initial={"how": current})
    if request.method == "POST" and form.is_valid():
        digest = form.cleaned_data["how"] == DIGEST
        notifications.set_digest(request.user, digest)
        messages.success(
            request,
            "You will get one weekly digest email instead of an email for each change."
            if digest
            else "You will get an email for each change, as it happens.",
        )
        return redirect("delivery:email-settings")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "delivery/email_settings.html", staff_context(request, form=form, options=OPTIONS), status=status
    )

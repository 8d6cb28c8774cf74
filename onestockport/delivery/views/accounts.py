"""Signing in and out, and the page for a form whose CSRF token had expired (settings.CSRF_FAILURE_VIEW)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from .. import sessions
from ..forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "delivery/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs) -> dict:
        # Text kept from a form sent after the session ended: say so, and that signing in brings it back.
        return {**super().get_context_data(**kwargs), "kept_form": sessions.has_kept_form(self.request)}


class SignOutView(auth_views.LogoutView):
    next_page = "publish:home"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused because its CSRF token was out of date, typically after signing in again elsewhere.

    Nothing was saved. On a delivery form the text is kept, as when a session ends, if the browser says
    the form came from this site; the page links back to the form, which shows it again.
    """
    page, kept = "", False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    keeps = getattr(match.func, "delivery_keeps", None) if match else None
    if match is not None and hasattr(match.func, "delivery_form_page"):
        form_page = match.func.delivery_form_page
        page = form_page(**match.kwargs) if form_page else request.path
        if (
            keeps is not None
            and request.method == "POST"
            and sessions.only_the_token_failed(reason)
            and sessions.same_origin(request)
        ):
            kept = sessions.keep_form(request, form_class=keeps, page=page, reason=sessions.FORM_EXPIRED)
    elif match is not None and match.view_name == "delivery:login":
        page = request.path  # the sign-in form itself: open it again
    return render(request, "delivery/csrf_failure.html", {"page": page, "kept": kept}, status=403)

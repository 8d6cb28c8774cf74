"""Signing in and out, forgotten passwords, setting a password from an emailed link, and the page for a
form whose CSRF token had expired (settings.CSRF_FAILURE_VIEW)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from onestockport.security.signin import client_address

from .. import accounts, sessions
from ..forms import NewPasswordForm, PasswordResetRequestForm, SignInForm


class SignInView(auth_views.LoginView):
    template_name = "delivery/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs) -> dict:
        # Text kept from a form sent after the session ended: say so, and that signing in brings it back.
        return {**super().get_context_data(**kwargs), "kept_form": sessions.has_kept_form(self.request)}


class SignOutView(auth_views.LogoutView):
    next_page = "publish:home"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a link by email. The answer is the same whether or not an account has the address."""
    form = PasswordResetRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sent = accounts.request_password_reset(form.cleaned_data["email"], client_address(request))
        if not sent:
            form.add_error("email", "Too many requests for a new password. Wait an hour and try again")
            return render(request, "delivery/password_reset.html", {"form": form}, status=429)
        return redirect("delivery:password-reset-sent")
    return render(request, "delivery/password_reset.html", {"form": form})


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "delivery/password_reset_sent.html", {"days": accounts.link_days()})


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Set a password from an invitation or reset link (one use; it expires after PASSWORD_RESET_TIMEOUT)."""

    template_name = "delivery/set_password.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("delivery:login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None  # a deactivated account's link is dead

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been set. Sign in with your email address and it.")
        return response


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

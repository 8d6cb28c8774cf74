"""What every staff page shares: the sign-in and role check, lookups that answer 404, the page context,
and bringing back text kept when a session ended (sessions.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from onestockport.errors import PlanNotLoadedError
from onestockport.plans import selectors as plan_selectors
from onestockport.plans.models import Action, Plan

from .. import permissions, selectors, sessions
from ..errors import PermissionRefused
from ..models import Update
from ..permissions import Capability


def plan_or_404() -> Plan:
    try:
        return plan_selectors.get_plan()
    except PlanNotLoadedError as exc:
        raise Http404(str(exc)) from None


def refused(request: HttpRequest, exc: PermissionRefused) -> HttpResponse:
    return render(request, "delivery/refused.html", {"reason": str(exc)}, status=403)


def staff_view(
    view: Callable | None = None,
    *,
    keeps: type[forms.Form] | None = None,
    form_page: Callable[..., str] | None = None,
) -> Callable:
    """Signed in, with a delivery role; a refused write renders the 403 page.

    keeps: the form whose text a POST without a valid session keeps for after signing in again.
    form_page: the address of the page showing the form, from the URL's arguments, when it is not the
    address posted to (a POST-only step): signing in leads back there, where the kept text is shown.
    """
    if view is None:
        return functools.partial(staff_view, keeps=keeps, form_page=form_page)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.method != "POST":
                return redirect_to_login(request.get_full_path())
            page = form_page(**kwargs) if form_page else request.path
            if keeps is not None:
                sessions.keep_form(request, form_class=keeps, page=page, reason=sessions.SESSION_ENDED)
            return redirect_to_login(page)
        if not permissions.is_delivery_user(request.user):
            permissions.log_refusal(request.user, f"{request.method} {request.path} without a delivery role")
            return refused(request, PermissionRefused("your account has no delivery role yet"))
        try:
            return view(request, *args, **kwargs)
        except PermissionRefused as exc:
            return refused(request, exc)

    # Read by the CSRF failure page (accounts.csrf_failure), through any decorators wrapped around this one.
    wrapper.delivery_keeps = keeps
    wrapper.delivery_form_page = form_page
    return wrapper


def restored(request: HttpRequest, form_class: type[forms.Form], initial: dict) -> dict:
    """The form's initial values, with any text kept for this page when a session ended (shown once)."""
    kept = sessions.take_kept_form(request, form_class=form_class, page=request.path)
    if kept is None:
        return initial
    messages.warning(request, kept.banner)
    return {**initial, **kept.initial}


def action_or_404(action_id: int) -> Action:
    action = selectors.get_action(action_id)
    if action is None:
        raise Http404("no such action")
    return action


def update_or_404(update_id: int) -> Update:
    update = selectors.get_update(update_id)
    if update is None:
        raise Http404("no such update")
    return update


def staff_context(request: HttpRequest, **context) -> dict:
    return {
        "staff_role": selectors.role_label(request.user),
        "can_oversee": permissions.can(request.user, Capability.OVERSEE),
        "can_manage_people": permissions.manages_accounts(request.user),
        "can_review_voice": permissions.can(request.user, Capability.REVIEW_VOICE),
        **context,
    }

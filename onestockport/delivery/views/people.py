"""The People pages: who has an account, inviting someone, deactivating and reactivating an account.

An administrator manages everyone; a partner lead invites partner editors and leads into their own
organisation and deactivates its partner editors (permissions.may_invite, may_change_account).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onestockport.plans.models import Partner

from .. import accounts, permissions
from ..errors import DeliveryError, PermissionRefused
from ..forms import InviteForm
from ..permissions import Role
from .common import plan_or_404, staff_context, staff_view


def _require_manager(request: HttpRequest) -> None:
    if not permissions.manages_accounts(request.user):
        permissions.log_refusal(request.user, f"{request.method} {request.path}: manage accounts")
        raise PermissionRefused("you may not manage accounts")


@require_safe
@staff_view
def people(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    context = staff_context(
        request,
        people=accounts.people(request.user),
        organisation=None if permissions.manages_everyone(request.user) else permissions.organisation_of(request.user),
    )
    return render(request, "delivery/people.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def invite(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    plan = plan_or_404()
    user = request.user
    own: Partner | None = None if permissions.manages_everyone(user) else permissions.organisation_of(user)
    roles = permissions.invitable_roles(user)
    form = InviteForm(request.POST if request.method == "POST" else None, plan=plan, roles=roles, own=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invited = accounts.invite(
                by=user, email=data["email"], name=data["name"], role=Role(data["role"]), partner=data["organisation"]
            )
        except PermissionRefused:
            raise
        except DeliveryError as exc:
            form.add_error(None, str(exc).capitalize())
        else:
            messages.success(
                request,
                f"{invited.get_full_name()} has been invited. We have emailed {invited.email} a link to set a "
                f"password; it works for {accounts.link_days()} days.",
            )
            return redirect("delivery:people")
    return render(request, "delivery/invite_form.html", staff_context(request, form=form, own=own))


def _person_or_404(user_id: int):
    person = get_user_model().objects.filter(pk=user_id).first()
    if person is None:
        raise Http404("no such person")
    return person


def _set_active(request: HttpRequest, user_id: int, active: bool) -> HttpResponse:
    person = _person_or_404(user_id)
    accounts.set_active(by=request.user, target=person, active=active)
    name = person.get_full_name() or person.get_username()
    if active:
        messages.success(request, f"{name}'s account has been reactivated.")
    else:
        messages.success(request, f"{name}'s account has been deactivated and signed out everywhere.")
    return redirect("delivery:people")


@require_POST
@staff_view(form_page=lambda **kwargs: "/delivery/people/")
def deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=False)


@require_POST
@staff_view(form_page=lambda **kwargs: "/delivery/people/")
def reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=True)


@require_POST
@staff_view(form_page=lambda **kwargs: "/delivery/people/")
def resend(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person_or_404(user_id)
    accounts.resend_invitation(by=request.user, target=person)
    messages.success(
        request,
        f"We have emailed {person.email} a new link to set a password; it works for {accounts.link_days()} days.",
    )
    return redirect("delivery:people")

"""Delivery pages: each view checks the form, calls one service or selector, and renders the answer.

Refusals (PermissionRefused) become 403 pages; a stale edit or a step the workflow does not allow
becomes 409 with the user's own input still on screen.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onestockport.errors import PlanNotLoadedError
from onestockport.plans import selectors as plan_selectors
from onestockport.plans.models import Action, Commitment, Plan

from . import permissions, selectors, services
from .errors import DeliveryError, PermissionRefused
from .forms import (
    BoardPackForm,
    CompletionForm,
    MilestoneForm,
    OwnershipForm,
    ReturnForm,
    SignInForm,
    UpdateForm,
    VersionedForm,
)
from .models import EvidenceFile, Milestone, Status, Update
from .permissions import Capability
from .reports.registry import FORMATS


def _plan() -> Plan:
    try:
        return plan_selectors.get_plan()
    except PlanNotLoadedError as exc:
        raise Http404(str(exc)) from None


def _refused(request: HttpRequest, exc: PermissionRefused) -> HttpResponse:
    return render(request, "delivery/refused.html", {"reason": str(exc)}, status=403)


def staff_view(view: Callable) -> Callable:
    """Signed in, with a delivery role; a refused write renders the 403 page."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not permissions.is_delivery_user(request.user):
            permissions.log_refusal(request.user, f"{request.method} {request.path} without a delivery role")
            return _refused(request, PermissionRefused("your account has no delivery role yet"))
        try:
            return view(request, *args, **kwargs)
        except PermissionRefused as exc:
            return _refused(request, exc)

    return wrapper


def _action(action_id: int) -> Action:
    action = selectors.get_action(action_id)
    if action is None:
        raise Http404("no such action")
    return action


def _update(update_id: int) -> Update:
    update = selectors.get_update(update_id)
    if update is None:
        raise Http404("no such update")
    return update


def _staff_context(request: HttpRequest, **context) -> dict:
    return {
        "staff_role": selectors.role_label(request.user),
        "can_oversee": permissions.can(request.user, Capability.OVERSEE),
        **context,
    }


# --- Signing in ----------------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    template_name = "delivery/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    next_page = "publish:home"


# --- Home and actions ----------------------------------------------------------------------------


@require_safe
@staff_view
def home(request: HttpRequest) -> HttpResponse:
    plan = _plan()
    period = selectors.current_period()
    actions = list(
        permissions.writable_actions(request.user)
        .filter(priority__plan=plan)
        .select_related("priority", "lead_partner")
        .order_by("priority__position", "number")
    )
    updates = {u.action_id: u for u in Update.objects.filter(action__in=actions, period=period.label)}
    rows = [{"action": action, "update": updates.get(action.pk)} for action in actions]
    context = _staff_context(
        request,
        period=period,
        rows=rows,
        organisation=permissions.organisation_of(request.user),
        oversee=permissions.can(request.user, Capability.OVERSEE),
    )
    return render(request, "delivery/home.html", context)


@require_safe
@staff_view
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(action_id)
    period = selectors.current_period()
    user = request.user
    context = _staff_context(
        request,
        action=action,
        period=period,
        current=action.updates.filter(period=period.label).first(),
        updates=selectors.action_updates(action),
        milestones=selectors.action_milestones(action),
        today=timezone.localdate(),
        bodies=selectors.delivery_bodies_of(action),
        can_edit=permissions.can(user, Capability.EDIT_UPDATE, action),
        can_milestones=permissions.can(user, Capability.EDIT_MILESTONE, action),
        can_ownership=permissions.can(user, Capability.EDIT_OWNERSHIP, action),
    )
    return render(request, "delivery/action.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def ownership_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(action_id)
    permissions.require(request.user, Capability.EDIT_OWNERSHIP, action)
    form = OwnershipForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_ownership(user=request.user, action=action, ownership=form.ownership())
        except PermissionRefused:
            raise
        except DeliveryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Who delivers this action has been saved.")
            return redirect("delivery:action", action_id=action.pk)
    return render(request, "delivery/ownership_form.html", _staff_context(request, action=action, form=form))


@require_safe
@staff_view
def history(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(action_id)
    permissions.require(request.user, Capability.VIEW_HISTORY, action)
    entries = selectors.action_history(action)
    return render(request, "delivery/history.html", _staff_context(request, action=action, entries=entries))


# --- Updates -------------------------------------------------------------------------------------


def _update_form_page(request, *, action, form, update=None, status=200) -> HttpResponse:
    context = _staff_context(
        request,
        action=action,
        update=update,
        form=form,
        period=selectors.get_period(update.period) if update else selectors.current_period(),
        status_definitions=[(s.value, s.label, selectors.STATUS_DEFINITIONS[s]) for s in Status],
    )
    return render(request, "delivery/update_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def update_create(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(action_id)
    permissions.require(request.user, Capability.EDIT_UPDATE, action)
    period = selectors.current_period()
    existing = action.updates.filter(period=period.label).first()
    if existing is not None:
        return redirect("delivery:update", update_id=existing.pk)
    form = UpdateForm(request.POST or None, request.FILES or None, initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        try:
            update = services.create_update(
                user=request.user, action=action, content=form.content(), files=form.files_to_attach()
            )
        except PermissionRefused:
            raise
        except DeliveryError as exc:
            form.add_error(None, str(exc))
            return _update_form_page(request, action=action, form=form, status=409)
        messages.success(request, f"Your draft update for {period.label} has been saved.")
        return redirect("delivery:update", update_id=update.pk)
    return _update_form_page(request, action=action, form=form)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def update_edit(request: HttpRequest, update_id: int) -> HttpResponse:
    update = _update(update_id)
    permissions.require(request.user, Capability.EDIT_UPDATE, update.action)
    if request.method != "POST":
        initial = {
            "version": update.version,
            "status": update.status,
            "percent_complete": update.percent_complete,
            "narrative": update.narrative,
            "evidence_links": "\n".join(update.evidence_links),
        }
        form = UpdateForm(initial=initial)
        if not update.editable:
            messages.error(request, f"This update is {update.get_state_display().lower()} and cannot be changed.")
            return redirect("delivery:update", update_id=update.pk)
        return _update_form_page(request, action=update.action, form=form, update=update)
    form = UpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        return _update_form_page(request, action=update.action, form=form, update=update)
    try:
        services.edit_update(
            user=request.user,
            update_id=update.pk,
            expected_version=form.cleaned_data["version"],
            content=form.content(),
            files=form.files_to_attach(),
        )
    except PermissionRefused:
        raise
    except DeliveryError as exc:
        # The user's text stays in the form; nothing was saved.
        form.add_error(None, str(exc))
        return _update_form_page(request, action=update.action, form=form, update=_update(update_id), status=409)
    messages.success(request, "Your changes have been saved.")
    return redirect("delivery:update", update_id=update.pk)


@require_safe
@staff_view
def update_detail(request: HttpRequest, update_id: int) -> HttpResponse:
    update = _update(update_id)
    return _update_page(request, update)


def _update_page(request, update: Update, *, error: str = "", return_form=None, status: int = 200) -> HttpResponse:
    user, action = request.user, update.action
    if not (
        permissions.can(user, Capability.EDIT_UPDATE, action)
        or permissions.can(user, Capability.REVIEW_UPDATE, action)
        or update.state == Update.State.APPROVED
    ):
        permissions.require(user, Capability.EDIT_UPDATE, action)
    context = _staff_context(
        request,
        update=update,
        action=action,
        error=error,
        can_edit=update.editable and permissions.can(user, Capability.EDIT_UPDATE, action),
        can_submit=update.editable and permissions.can(user, Capability.SUBMIT_UPDATE, action),
        can_review=update.state == Update.State.SUBMITTED and permissions.can(user, Capability.REVIEW_UPDATE, action),
        return_form=return_form or ReturnForm(initial={"version": update.version}),
        period=selectors.get_period(update.period),
    )
    return render(request, "delivery/update.html", context, status=status)


def _workflow(request: HttpRequest, update_id: int, step: Callable, done: str) -> HttpResponse:
    update = _update(update_id)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        return _update_page(request, update, error="Reload the page and try again.", status=400)
    try:
        step(user=request.user, update_id=update.pk, expected_version=form.cleaned_data["version"])
    except PermissionRefused:
        raise
    except DeliveryError as exc:
        return _update_page(request, _update(update_id), error=str(exc), status=409)
    messages.success(request, done)
    return redirect("delivery:update", update_id=update.pk)


@require_POST
@staff_view
def update_submit(request: HttpRequest, update_id: int) -> HttpResponse:
    return _workflow(request, update_id, services.submit_update, "The update has been sent to the performance team.")


@require_POST
@staff_view
def update_approve(request: HttpRequest, update_id: int) -> HttpResponse:
    return _workflow(request, update_id, services.approve_update, "The update is approved and now public.")


@require_POST
@staff_view
def update_return(request: HttpRequest, update_id: int) -> HttpResponse:
    update = _update(update_id)
    permissions.require(request.user, Capability.REVIEW_UPDATE, update.action)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _update_page(request, update, return_form=form, status=400)
    try:
        services.return_update(
            user=request.user,
            update_id=update.pk,
            expected_version=form.cleaned_data["version"],
            comment=form.cleaned_data["comment"],
        )
    except PermissionRefused:
        raise
    except DeliveryError as exc:
        return _update_page(request, _update(update_id), error=str(exc), return_form=form, status=409)
    messages.success(request, "The update has been returned to the partner with your comment.")
    return redirect("delivery:update", update_id=update.pk)


@require_POST
@staff_view
def evidence_delete(request: HttpRequest, evidence_id: int) -> HttpResponse:
    try:
        update = services.delete_evidence(user=request.user, evidence_id=evidence_id)
    except PermissionRefused:
        raise
    except DeliveryError as exc:
        evidence = EvidenceFile.objects.filter(pk=evidence_id).select_related("update").first()
        if evidence is None:
            raise Http404("no such file") from None
        return _update_page(request, _update(evidence.update_id), error=str(exc), status=409)
    messages.success(request, "The file has been removed.")
    return redirect("delivery:update", update_id=update.pk)


@require_safe
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """Evidence as a download, never inline: public once its update is approved, else for its partners."""
    evidence = EvidenceFile.objects.filter(pk=evidence_id).select_related("update__action__priority").first()
    if evidence is None:
        raise Http404("no such file")
    if evidence.update.state != Update.State.APPROVED and not (
        permissions.can(request.user, Capability.EDIT_UPDATE, evidence.update.action)
        or permissions.can(request.user, Capability.REVIEW_UPDATE, evidence.update.action)
    ):
        raise Http404("no such file")  # not public yet: do not reveal that it exists
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


# --- Milestones ----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def milestone_create(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(action_id)
    permissions.require(request.user, Capability.EDIT_MILESTONE, action)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_milestone(user=request.user, action=action, **form.cleaned_data)
        except PermissionRefused:
            raise
        except DeliveryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The milestone has been added.")
            return redirect("delivery:action", action_id=action.pk)
    context = _staff_context(request, action=action, form=form, heading="Add a milestone")
    return render(request, "delivery/milestone_form.html", context)


def _milestone(milestone_id: int) -> Milestone:
    milestone = Milestone.objects.select_related("action__priority").filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404("no such milestone")
    return milestone


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def milestone_edit(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = _milestone(milestone_id)
    action = selectors.get_action(milestone.action_id)
    permissions.require(request.user, Capability.EDIT_MILESTONE, action)
    form = MilestoneForm(request.POST or None, initial={"title": milestone.title, "due": milestone.due})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_milestone(user=request.user, milestone_id=milestone.pk, **form.cleaned_data)
        except PermissionRefused:
            raise
        except DeliveryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The milestone has been changed.")
            return redirect("delivery:action", action_id=action.pk)
    context = _staff_context(request, action=action, form=form, heading="Change a milestone", milestone=milestone)
    return render(request, "delivery/milestone_form.html", context)


def _completion_page(request, *, action, form, title, due) -> HttpResponse:
    context = _staff_context(request, action=action, form=form, title=title, due=due)
    return render(request, "delivery/completion_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def milestone_complete(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = _milestone(milestone_id)
    action = selectors.get_action(milestone.action_id)
    permissions.require(request.user, Capability.EDIT_MILESTONE, action)
    form = CompletionForm(
        request.POST or None, initial={"done": milestone.done, "evidence_url": milestone.evidence_url}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_milestone(user=request.user, milestone_id=milestone.pk, **form.cleaned_data)
        except PermissionRefused:
            raise
        except DeliveryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The milestone's completion has been recorded.")
            return redirect("delivery:action", action_id=action.pk)
    return _completion_page(request, action=action, form=form, title=milestone.title, due=milestone.due)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def commitment_complete(request: HttpRequest, action_id: int, commitment_id: int) -> HttpResponse:
    action = _action(action_id)
    commitment = Commitment.objects.filter(pk=commitment_id, action=action).first()
    if commitment is None:
        raise Http404("no such commitment")
    permissions.require(request.user, Capability.EDIT_MILESTONE, action)
    form = CompletionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_commitment(user=request.user, commitment_id=commitment.pk, **form.cleaned_data)
        except PermissionRefused:
            raise
        except DeliveryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The commitment's completion has been recorded.")
            return redirect("delivery:action", action_id=action.pk)
    return _completion_page(request, action=action, form=form, title=commitment.what, due=commitment.due)


# --- Oversight -----------------------------------------------------------------------------------


@require_safe
@staff_view
def dashboard(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    plan = _plan()
    period = selectors.current_period()
    data = selectors.dashboard(plan, period=period, today=timezone.localdate())
    form = BoardPackForm(plan=plan, initial={"period": period.label, "format": "pdf"})
    return render(request, "delivery/dashboard.html", _staff_context(request, data=data, pack_form=form))


@require_POST
@staff_view
def remind(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    report = services.send_reminders(plan=_plan(), period=selectors.current_period(), user=request.user)
    messages.success(request, report.summary())
    return redirect("delivery:dashboard")


@require_safe
@staff_view
def board_pack(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    plan = _plan()
    form = BoardPackForm(request.GET or None, plan=plan)
    if not form.is_valid():
        period = selectors.current_period()
        if not request.GET:
            form = BoardPackForm(plan=plan, initial={"period": period.label, "format": "pdf"})
        return render(request, "delivery/board_pack_form.html", _staff_context(request, form=form), status=200)
    data = form.cleaned_data
    fmt = FORMATS[data["format"]]
    pack = selectors.board_pack(plan=plan, body=data["body"], period=data["period"])
    response = HttpResponse(fmt.render(pack), content_type=fmt.content_type)
    filename = f"board-pack-{data['body'].slug}-{data['period'].label}.{fmt.extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Public pages --------------------------------------------------------------------------------


@require_safe
def statuses(request: HttpRequest) -> HttpResponse:
    plan = _plan()
    rows = [
        {
            "status": status,
            "label": selectors.status_label(status),
            "tag": selectors.STATUS_TAGS[status],
            "definition": selectors.STATUS_DEFINITIONS[status],
        }
        for status in selectors.STATUS_ORDER
    ]
    return render(request, "delivery/statuses.html", {"plan": plan, "rows": rows, "period": selectors.current_period()})


@require_safe
def partner(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan()
    found = selectors.get_partner(plan, slug)
    if found is None:
        raise Http404(f"no partner {slug!r}")
    leads, contributes = selectors.partner_actions(found)
    latest = selectors.latest_statuses([*leads, *contributes])
    context = {
        "plan": plan,
        "partner": found,
        "leads": [(action, latest[action.pk]) for action in leads],
        "contributes": [(action, latest[action.pk]) for action in contributes],
        "counts": selectors.status_counts(leads) if leads else [],
    }
    return render(request, "delivery/partner.html", context)

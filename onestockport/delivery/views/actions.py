"""Staff pages of actions: your actions, one action, who delivers it, its history, and its milestones."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from onestockport.plans.models import Commitment

from .. import history as history_selectors
from .. import permissions, selectors, services
from ..errors import DeliveryError, PermissionRefused
from ..forms import CompletionForm, MilestoneForm, OwnershipForm
from ..models import Milestone
from ..permissions import Capability
from .common import action_or_404, plan_or_404, restored, staff_context, staff_view


@require_safe
@staff_view
def home(request: HttpRequest) -> HttpResponse:
    plan = plan_or_404()
    period = selectors.current_period()
    actions = list(
        permissions.writable_actions(request.user)
        .filter(priority__plan=plan)
        .select_related("priority", "lead_partner")
        .order_by("priority__position", "number")
    )
    updates = selectors.period_updates(actions, period)  # the user's own organisation's actions only
    rows = [{"action": action, "update": updates.get(action.pk)} for action in actions]
    context = staff_context(
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
    action = action_or_404(action_id)
    period = selectors.current_period()
    user = request.user
    # Another organisation's partners see the action as the public does: approved updates only.
    unpublished = permissions.sees_unpublished(user, action)
    context = staff_context(
        request,
        action=action,
        period=period,
        unpublished=unpublished,
        current=selectors.period_update(action, period, unpublished=unpublished),
        updates=selectors.action_updates(action, unpublished=unpublished),
        milestones=selectors.action_milestones(action, public=not unpublished),
        today=timezone.localdate(),
        bodies=selectors.delivery_bodies_of(action),
        can_edit=permissions.can(user, Capability.EDIT_UPDATE, action),
        can_milestones=permissions.can(user, Capability.EDIT_MILESTONE, action),
        can_ownership=permissions.can(user, Capability.EDIT_OWNERSHIP, action),
        can_history=permissions.can(user, Capability.VIEW_HISTORY, action),
    )
    return render(request, "delivery/action.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(keeps=OwnershipForm)
def ownership_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_or_404(action_id)
    permissions.require(request.user, Capability.EDIT_OWNERSHIP, action)
    if request.method == "POST":
        form = OwnershipForm(request.POST, action=action)
    else:
        form = OwnershipForm(action=action)
        form.initial = restored(request, OwnershipForm, form.initial)
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
    return render(request, "delivery/ownership_form.html", staff_context(request, action=action, form=form))


@require_safe
@staff_view
def history(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_or_404(action_id)
    permissions.require(request.user, Capability.VIEW_HISTORY, action)
    entries = history_selectors.action_history(action)
    return render(request, "delivery/history.html", staff_context(request, action=action, entries=entries))


# --- Milestones ----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(keeps=MilestoneForm)
def milestone_create(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_or_404(action_id)
    permissions.require(request.user, Capability.EDIT_MILESTONE, action)
    form = _milestone_form(request, {})
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
    context = staff_context(request, action=action, form=form, heading="Add a milestone")
    return render(request, "delivery/milestone_form.html", context)


def _milestone_form(request: HttpRequest, initial: dict) -> MilestoneForm:
    if request.method == "POST":
        return MilestoneForm(request.POST)
    return MilestoneForm(initial=restored(request, MilestoneForm, initial))


def _milestone_or_404(milestone_id: int) -> Milestone:
    milestone = Milestone.objects.select_related("action__priority").filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404("no such milestone")
    return milestone


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(keeps=MilestoneForm)
def milestone_edit(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = _milestone_or_404(milestone_id)
    action = selectors.get_action(milestone.action_id)
    permissions.require(request.user, Capability.EDIT_MILESTONE, action)
    form = _milestone_form(request, {"title": milestone.title, "due": milestone.due})
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
    context = staff_context(request, action=action, form=form, heading="Change a milestone", milestone=milestone)
    return render(request, "delivery/milestone_form.html", context)


def _completion_form(request: HttpRequest, initial: dict) -> CompletionForm:
    if request.method == "POST":
        return CompletionForm(request.POST)
    return CompletionForm(initial=restored(request, CompletionForm, initial))


def _completion_page(request, *, action, form, title, due) -> HttpResponse:
    context = staff_context(request, action=action, form=form, title=title, due=due)
    return render(request, "delivery/completion_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(keeps=CompletionForm)
def milestone_complete(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = _milestone_or_404(milestone_id)
    action = selectors.get_action(milestone.action_id)
    permissions.require(request.user, Capability.EDIT_MILESTONE, action)
    form = _completion_form(request, {"done": milestone.done, "evidence_url": milestone.evidence_url})
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
@staff_view(keeps=CompletionForm)
def commitment_complete(request: HttpRequest, action_id: int, commitment_id: int) -> HttpResponse:
    action = action_or_404(action_id)
    commitment = Commitment.objects.filter(pk=commitment_id, action=action).first()
    if commitment is None:
        raise Http404("no such commitment")
    permissions.require(request.user, Capability.EDIT_MILESTONE, action)
    form = _completion_form(request, {})
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

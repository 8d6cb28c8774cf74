"""Staff pages of updates: write, change, read, submit, approve or return, and their evidence files.

A stale edit or a step the workflow does not allow becomes 409 with the user's own input still on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import pending_uploads, permissions, reviewing, selectors, services
from ..errors import DeliveryError, FourEyesRefused, PermissionRefused
from ..forms import ReturnForm, UpdateForm, VersionedForm
from ..models import EvidenceFile, Status, Update
from ..permissions import Capability
from .common import action_or_404, restored, staff_context, staff_view, update_or_404


def _update_page_address(update_id: int) -> str:
    return reverse("delivery:update", kwargs={"update_id": update_id})


def _update_form_page(request, *, action, form, update=None, status=200) -> HttpResponse:
    if request.method == "POST":
        # Files that passed their checks wait for the next try instead of being lost (see pending_uploads).
        pending_uploads.keep(request, form.accepted_uploads)
    else:
        pending_uploads.discard(request, pending_uploads.for_page(request))  # a fresh form starts empty
    period = selectors.get_period(update.period) if update else selectors.current_period()
    context = staff_context(
        request,
        action=action,
        update=update,
        form=form,
        pending=pending_uploads.for_page(request),
        pending_field=pending_uploads.FIELD_NAME,
        **reviewing.writing_context(action, period),
        period=period,
        status_definitions=[(s.value, s.label, selectors.STATUS_DEFINITIONS[s]) for s in Status],
    )
    return render(request, "delivery/update_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(keeps=UpdateForm)
def update_create(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_or_404(action_id)
    permissions.require(request.user, Capability.EDIT_UPDATE, action)
    period = selectors.current_period()
    existing = action.updates.filter(period=period.label).first()
    if existing is not None:
        return redirect("delivery:update", update_id=existing.pk)
    if request.method == "POST":
        form = UpdateForm(request.POST, request.FILES)
    else:
        form = UpdateForm(initial=restored(request, UpdateForm, {"version": 1}))
    pending = pending_uploads.settle(request, request.POST.getlist(pending_uploads.FIELD_NAME))
    if request.method == "POST" and form.is_valid():
        try:
            update = services.create_update(
                user=request.user,
                action=action,
                content=form.content(),
                files=form.files_to_attach() + pending_uploads.as_uploads(pending),
            )
        except PermissionRefused:
            raise
        except DeliveryError as exc:
            form.add_error(None, str(exc))
            return _update_form_page(request, action=action, form=form, status=409)
        pending_uploads.discard(request, pending)
        messages.success(request, f"Your draft update for {period.label} has been saved.")
        return redirect("delivery:update", update_id=update.pk)
    return _update_form_page(request, action=action, form=form)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(keeps=UpdateForm)
def update_edit(request: HttpRequest, update_id: int) -> HttpResponse:
    update = update_or_404(update_id)
    permissions.require(request.user, Capability.EDIT_UPDATE, update.action)
    if request.method != "POST":
        if not update.editable:
            messages.error(request, f"This update is {update.get_state_display().lower()} and cannot be changed.")
            return redirect("delivery:update", update_id=update.pk)
        initial = {
            "version": update.version,
            "status": update.status,
            "percent_complete": update.percent_complete,
            "narrative": update.narrative,
            "evidence_links": "\n".join(update.evidence_links),
        }
        form = UpdateForm(initial=restored(request, UpdateForm, initial))
        return _update_form_page(request, action=update.action, form=form, update=update)
    form = UpdateForm(request.POST, request.FILES)
    pending = pending_uploads.settle(request, request.POST.getlist(pending_uploads.FIELD_NAME))
    if not form.is_valid():
        return _update_form_page(request, action=update.action, form=form, update=update)
    try:
        services.edit_update(
            user=request.user,
            update_id=update.pk,
            expected_version=form.cleaned_data["version"],
            content=form.content(),
            files=form.files_to_attach() + pending_uploads.as_uploads(pending),
        )
    except PermissionRefused:
        raise
    except DeliveryError as exc:
        # The user's text stays in the form; nothing was saved.
        form.add_error(None, str(exc))
        return _update_form_page(request, action=update.action, form=form, update=update_or_404(update_id), status=409)
    pending_uploads.discard(request, pending)
    messages.success(request, "Your changes have been saved.")
    return redirect("delivery:update", update_id=update.pk)


@require_safe
@staff_view
def update_detail(request: HttpRequest, update_id: int) -> HttpResponse:
    update = update_or_404(update_id)
    _require_may_see(request.user, update)
    return_form = ReturnForm(initial=restored(request, ReturnForm, {"version": update.version}))
    return _update_page(request, update, return_form=return_form)


def _require_may_see(user, update: Update) -> None:
    if not permissions.may_see_update(user, update):
        permissions.require(user, Capability.VIEW_UNPUBLISHED, update.action)  # refuses and logs


def _update_page(request, update: Update, *, error: str = "", return_form=None, status: int = 200) -> HttpResponse:
    user, action = request.user, update.action
    _require_may_see(user, update)
    can_review = update.state == Update.State.SUBMITTED and permissions.can(user, Capability.REVIEW_UPDATE, action)
    context = staff_context(
        request,
        update=update,
        action=action,
        error=error,
        unpublished=permissions.sees_unpublished(user, action),
        can_edit=update.editable and permissions.can(user, Capability.EDIT_UPDATE, action),
        can_submit=update.editable and permissions.can(user, Capability.SUBMIT_UPDATE, action),
        can_review=can_review,
        four_eyes_refusal=permissions.four_eyes_refusal(user, update) if can_review else "",
        return_form=return_form or ReturnForm(initial={"version": update.version}),
        period=selectors.get_period(update.period),
        **reviewing.comparison(update),
    )
    return render(request, "delivery/update.html", context, status=status)


def _workflow(request: HttpRequest, update_id: int, step: Callable, done: str, *, review: bool = False) -> HttpResponse:
    update = update_or_404(update_id)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        return _update_page(request, update, error="Reload the page and try again.", status=400)
    try:
        step(user=request.user, update_id=update.pk, expected_version=form.cleaned_data["version"])
    except PermissionRefused:
        raise
    except FourEyesRefused as exc:
        return _update_page(request, update_or_404(update_id), error=str(exc), status=403)
    except DeliveryError as exc:
        return _update_page(request, update_or_404(update_id), error=str(exc), status=409)
    if review:
        return _next_to_review(request, update, done)
    messages.success(request, done)
    return redirect("delivery:update", update_id=update.pk)


def _next_to_review(request: HttpRequest, decided: Update, done: str) -> HttpResponse:
    """After a decision, the reviewer goes on to the next update waiting, or the dashboard when none is left."""
    following = reviewing.next_to_review(decided.action.priority.plan, reviewer=request.user, after=decided)
    if following is None:
        messages.success(request, f"{done} No more updates are waiting for review.")
        return redirect("delivery:dashboard")
    messages.success(request, f"{done} This is the next update waiting for review.")
    return redirect("delivery:update", update_id=following.pk)


@require_POST
@staff_view(form_page=_update_page_address)
def update_submit(request: HttpRequest, update_id: int) -> HttpResponse:
    return _workflow(request, update_id, services.submit_update, "The update has been sent to the performance team.")


@require_POST
@staff_view(form_page=_update_page_address)
def update_approve(request: HttpRequest, update_id: int) -> HttpResponse:
    return _workflow(request, update_id, services.approve_update, "The update is approved and now public.", review=True)


@require_POST
@staff_view(keeps=ReturnForm, form_page=_update_page_address)
def update_return(request: HttpRequest, update_id: int) -> HttpResponse:
    update = update_or_404(update_id)
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
        return _update_page(request, update_or_404(update_id), error=str(exc), return_form=form, status=409)
    return _next_to_review(request, update, "The update has been returned to the partner with your comment.")


def _evidence_update_page(evidence_id: int) -> str:
    evidence = EvidenceFile.objects.filter(pk=evidence_id).only("update_id").first()
    return _update_page_address(evidence.update_id) if evidence else reverse("delivery:home")


@require_POST
@staff_view(form_page=_evidence_update_page)
def evidence_delete(request: HttpRequest, evidence_id: int) -> HttpResponse:
    try:
        update = services.delete_evidence(user=request.user, evidence_id=evidence_id)
    except PermissionRefused:
        raise
    except DeliveryError as exc:
        evidence = EvidenceFile.objects.filter(pk=evidence_id).select_related("update").first()
        if evidence is None:
            raise Http404("no such file") from None
        return _update_page(request, update_or_404(evidence.update_id), error=str(exc), status=409)
    messages.success(request, "The file has been removed.")
    return redirect("delivery:update", update_id=update.pk)


@require_safe
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """Evidence as a download, never inline: public once its update is approved, else for its partners."""
    evidence = EvidenceFile.objects.filter(pk=evidence_id).select_related("update__action__priority").first()
    if evidence is None or not permissions.may_see_update(request.user, evidence.update):
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

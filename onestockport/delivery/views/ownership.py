"""Who delivers many actions at once: a page of checkboxes, and a CSV upload with a preview.

For the performance team (Capability.EDIT_OWNERSHIP); the work is in delivery/ownership.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from onestockport.errors import InvalidInputError
from onestockport.plans.models import Action

from .. import ownership, permissions
from ..forms import BulkOwnershipForm, OwnershipConfirmForm, OwnershipUploadForm
from ..permissions import Capability
from .common import plan_or_404, staff_context, staff_view


def _actions(plan):
    """Every action of the plan, those with no lead partner first."""
    query = (
        Action.objects.filter(priority__plan=plan)
        .select_related("priority", "lead_partner")
        .prefetch_related("contributing_partners")
    )
    return sorted(query, key=lambda a: (a.lead_partner_id is not None, a.priority.position, a.number))


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def bulk_ownership(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.EDIT_OWNERSHIP)
    plan = plan_or_404()
    form = BulkOwnershipForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions = [a for a in _actions(plan) if a.pk in {chosen.pk for chosen in data["actions"]}]
        changed = ownership.apply(
            user=request.user,
            changes=ownership.changes_for(actions, data["lead_partner"], data["contributing_partners"]),
        )
        messages.success(request, f"Who delivers {changed} action{'s' if changed != 1 else ''} has been saved.")
        return redirect("delivery:bulk-ownership")
    chosen = {str(pk) for pk in form["actions"].value() or []} if form.is_bound else set()
    context = staff_context(request, form=form, actions=_actions(plan), chosen=chosen)
    return render(request, "delivery/bulk_ownership.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def ownership_upload(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST with a file: the preview. POST with the previewed text: apply it."""
    permissions.require(request.user, Capability.EDIT_OWNERSHIP)
    plan = plan_or_404()
    upload = OwnershipUploadForm()
    problems, changes, confirm = [], [], None
    if request.method == "POST" and "text" in request.POST:
        confirm = OwnershipConfirmForm(request.POST)
        if confirm.is_valid():
            name = confirm.cleaned_data["name"] or "the file"
            try:
                changes = ownership.parse_csv(plan, confirm.cleaned_data["text"].encode(), name)
            except InvalidInputError as exc:
                problems = exc.problems
            else:
                changed = ownership.apply(user=request.user, changes=changes)
                messages.success(request, f"Who delivers {changed} action{'s' if changed != 1 else ''} has been saved.")
                return redirect("delivery:bulk-ownership")
        else:
            problems = ["The preview was out of date: upload the file again"]
    elif request.method == "POST":
        upload = OwnershipUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            file = upload.cleaned_data["file"]
            data = file.read(ownership.MAX_BYTES + 1)
            try:
                changes = ownership.parse_csv(plan, data, file.name[:200])
            except InvalidInputError as exc:
                problems = exc.problems
            else:
                confirm = OwnershipConfirmForm(initial={"text": data.decode("utf-8-sig"), "name": file.name[:200]})
    context = staff_context(request, form=upload, problems=problems, changes=changes, confirm=confirm)
    status = 400 if problems else 200
    return render(request, "delivery/ownership_upload.html", context, status=status)


@require_safe
@staff_view
def ownership_template(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.EDIT_OWNERSHIP)
    response = HttpResponse(ownership.template_csv(plan_or_404()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ownership.csv"'
    return response

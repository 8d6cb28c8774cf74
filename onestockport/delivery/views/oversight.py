"""The performance team's pages: the dashboard, reminders and board packs (Capability.OVERSEE)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from .. import notifications, permissions, rollup, selectors, services
from ..board_packs import board_pack as make_board_pack
from ..forms import BoardPackForm
from ..permissions import Capability
from ..reports.registry import FORMATS
from .common import plan_or_404, staff_context, staff_view


@require_safe
@staff_view
def dashboard(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    plan = plan_or_404()
    period = selectors.current_period()
    today = timezone.localdate()
    data = selectors.dashboard(plan, period=period, today=today)
    disagreements = rollup.disagreements(rollup.priority_rollups(plan, today=today))
    form = BoardPackForm(plan=plan, initial={"period": period.label, "format": "pdf"})
    context = staff_context(request, data=data, pack_form=form, disagreements=disagreements)
    return render(request, "delivery/dashboard.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(form_page=lambda: reverse("delivery:remind"))
def remind(request: HttpRequest) -> HttpResponse:
    """GET previews who would be reminded of what, and the email; only the confirm button's POST sends."""
    permissions.require(request.user, Capability.OVERSEE)
    plan, period = plan_or_404(), selectors.current_period()
    if request.method == "POST" and request.POST.get("confirm") == "send":
        report = services.send_reminders(plan=plan, period=period, user=request.user)
        messages.success(request, report.summary())
        return redirect("delivery:dashboard")
    if request.method == "POST":  # not from the preview's button: show the preview rather than send unseen
        return redirect("delivery:remind")
    planned = notifications.plan_reminders(plan, period)
    context = staff_context(request, planned=planned, period=period, sample=planned.reminders[:1])
    return render(request, "delivery/remind_preview.html", context)


@require_safe
@staff_view
def board_pack(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    plan = plan_or_404()
    form = BoardPackForm(request.GET or None, plan=plan)
    if not form.is_valid():
        period = selectors.current_period()
        if not request.GET:
            form = BoardPackForm(plan=plan, initial={"period": period.label, "format": "pdf"})
        return render(request, "delivery/board_pack_form.html", staff_context(request, form=form), status=200)
    data = form.cleaned_data
    fmt = FORMATS[data["format"]]
    pack = make_board_pack(plan=plan, body=data["body"], period=data["period"])
    response = HttpResponse(fmt.render(pack), content_type=fmt.content_type)
    filename = f"board-pack-{data['body'].slug}-{data['period'].label}.{fmt.extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

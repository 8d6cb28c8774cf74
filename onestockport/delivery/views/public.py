"""Public pages delivery adds to the site: what each status means, and each partner's actions."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import selectors
from .common import plan_or_404


@require_safe
def statuses(request: HttpRequest) -> HttpResponse:
    plan = plan_or_404()
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
    plan = plan_or_404()
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

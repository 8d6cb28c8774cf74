"""Public resident-voice pages: each view asks a selector for published figures and renders a template."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from onestockport.csv_safety import safe_record
from onestockport.errors import PlanNotLoadedError
from onestockport.plans import selectors as plan_selectors
from onestockport.plans.models import Plan
from onestockport.plans.place import current_place

from . import selectors
from .charts import representation_chart


def _plan() -> Plan:
    try:
        return plan_selectors.get_plan()
    except PlanNotLoadedError as exc:
        raise Http404(str(exc)) from None


@require_safe
def what_we_heard(request: HttpRequest) -> HttpResponse:
    plan = _plan()
    overview = selectors.voice_overview(plan)
    rows = []
    for priority in plan.priorities.order_by("position"):
        cell = overview.priority_cell(priority.slug)
        rows.append({"priority": priority, "cell": overview.tag_counts.display(cell) if cell else ""})
    context = {
        "plan": plan,
        "engagement": selectors.plan_engagement(plan),
        "overview": overview,
        "rows": rows,
        "quotes": selectors.approved_quotes(plan, limit=6),
    }
    return render(request, "voice/what_we_heard.html", context)


@require_safe
def priority_what_we_heard(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan()
    priority = plan_selectors.get_priority(plan, slug)
    if priority is None:
        raise Http404(f"no priority {slug!r}")
    context = {"plan": plan, "priority": priority, "voice": selectors.priority_voice(priority)}
    return render(request, "voice/priority.html", context)


@require_safe
def who_we_heard_from(request: HttpRequest) -> HttpResponse:
    plan = _plan()
    who = selectors.who_we_heard_from(plan)
    chart = (
        representation_chart(
            who.age, id_prefix="age", title="Respondents and residents by age", place_word=current_place().kind_word
        )
        if who.has_responses
        else ""
    )
    context = {"plan": plan, "engagement": selectors.plan_engagement(plan), "who": who, "age_chart": chart}
    return render(request, "voice/who_we_heard_from.html", context)


@require_safe
def you_said_we_did(request: HttpRequest) -> HttpResponse:
    plan = _plan()
    overview = selectors.voice_overview(plan)
    context = {
        "plan": plan,
        "engagement": selectors.plan_engagement(plan),
        "items": selectors.you_said_we_did(plan),
        "overview": overview,
    }
    return render(request, "voice/you_said_we_did.html", context)


@require_safe
def published_counts_csv(request: HttpRequest) -> HttpResponse:
    rows = selectors.published_counts(_plan())
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=selectors.EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(safe_record(row) for row in rows)  # labels come from imported survey answers
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="what-we-heard-counts.csv"'
    return response

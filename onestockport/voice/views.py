"""Public resident-voice pages: published figures from the selectors, and the "have your say" comment form."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from onestockport.csv_safety import safe_record
from onestockport.errors import PlanNotLoadedError
from onestockport.plans import selectors as plan_selectors
from onestockport.plans.models import Action, Plan, Priority
from onestockport.plans.place import current_place

from . import selectors, who_we_heard
from .charts import representation_chart
from .have_your_say import CommentForm, count_comment, form_context, limit_reached
from .plan_folder import voice_settings
from .website_comments import WebsiteComment, record_website_comment


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
    who = who_we_heard.who_we_heard_from(plan)
    place_word = current_place().kind_word
    # A chart beside each table but the wards' (a bar pair for each of twenty-odd wards reads worse than the table).
    sections = [
        {
            "item": item,
            "chart": representation_chart(item.result, id_prefix=item.slug, title=item.caption, place_word=place_word)
            if who.has_responses and item.slug != "ward"
            else "",
        }
        for item in who.characteristics
    ]
    context = {"plan": plan, "engagement": selectors.plan_engagement(plan), "who": who, "sections": sections}
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


# ---------------------------------------------------------------------------------------------- have your say


def _form_switched_on() -> None:
    if not voice_settings().have_your_say:
        raise Http404("the plan folder has switched the comment form off (voice/settings.yaml)")


def _commented_on(plan: Plan, data: QueryDict) -> tuple[Priority | None, Action | None]:
    """The priority or action a comment is about, from the form's hidden fields (or the page's query)."""
    slug, number = data.get("priority", ""), data.get("action", "")
    if not slug:
        return None, None
    if number:
        action = plan_selectors.get_action(plan, slug, int(number)) if number.isdigit() else None
        if action is None:
            raise Http404(f"no action {number!r} in priority {slug!r}")
        return action.priority, action
    priority = plan_selectors.get_priority(plan, slug)
    if priority is None:
        raise Http404(f"no priority {slug!r}")
    return priority, None


def _thanks(slug: str) -> HttpResponse:
    """POST/redirect/GET: 303 sends the browser to the thank-you page with a GET (a reload posts nothing)."""
    query = f"?{urlencode({'priority': slug})}" if slug else ""
    return HttpResponseRedirect(reverse("voice:have-your-say-thanks") + query, status=303)


# No CSRF token: the form sits on public pages that the page cache stores only when they set no cookie, and
# a token would set one. The view is anonymous, with no session or account, so a forged request could only
# do what anyone may do here directly: leave a comment. The honeypot and the per-address limit guard it.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def have_your_say(request: HttpRequest) -> HttpResponse:
    """The comment form on its own page: shown after an error (values kept), and where comments are posted."""
    _form_switched_on()
    plan = _plan()
    if request.method != "POST":
        priority, action = _commented_on(plan, request.GET)
        initial = {"priority": priority.slug if priority else "", "action": action.number if action else None}
        context = {"plan": plan, "form": CommentForm(initial=initial), "priority": priority, "action": action}
        return render(request, "voice/have_your_say.html", {**context, **form_context()})
    if limit_reached(request):
        context = {"plan": plan, "limited": True, **form_context()}
        refused = render(request, "voice/have_your_say.html", context, status=429)
        refused["Retry-After"] = "3600"  # the count lapses within the hour
        return refused
    form = CommentForm(request.POST)
    if form.is_spam:  # a bot: answered exactly as a person is, so it learns nothing; nothing is stored
        count_comment(request)
        return _thanks(request.POST.get("priority", "")[:80])
    priority, action = _commented_on(plan, request.POST)
    if not form.is_valid():
        context = {"plan": plan, "form": form, "priority": priority, "action": action, **form_context()}
        return render(request, "voice/have_your_say.html", context, status=400)
    comment = WebsiteComment(
        text=form.cleaned_data["comment"],
        priority=priority,
        action=action,
        ward=form.ward,
        age_band=form.cleaned_data["age_band"],
        consent_to_quote=form.cleaned_data["consent"],
    )
    record_website_comment(plan=plan, comment=comment)
    count_comment(request)
    return _thanks(priority.slug if priority else "")


@require_safe
def have_your_say_thanks(request: HttpRequest) -> HttpResponse:
    _form_switched_on()
    plan = _plan()
    slug = request.GET.get("priority", "")
    priority = plan.priorities.filter(slug=slug).first() if slug else None
    return render(request, "voice/have_your_say_thanks.html", {"plan": plan, "priority": priority})

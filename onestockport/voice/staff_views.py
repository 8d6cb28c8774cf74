"""The engagement desk (under /delivery/voice/): review residents' responses and their tags, make quotes and
approve them. For Capability.REVIEW_VOICE (engagement officers and administrators); every write is a POST
with a CSRF token and goes through review.py or services.py, which record who did it.

Every page works without JavaScript: the filters are a GET form, bulk confirmation a form whose
checkboxes sit in the table (the HTML `form` attribute), each row's decisions small forms of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onestockport.delivery import permissions
from onestockport.delivery.permissions import Capability
from onestockport.delivery.views.common import plan_or_404, staff_context, staff_view
from onestockport.plans.models import Plan

from . import review, services
from .models import PriorityTag, Quote, Response
from .quote_checks import check_quote
from .redaction import place_redactor
from .staff_forms import AddPriorityForm, DeskFilterForm, OverrideForm, QuoteForm

PER_PAGE = 50


@dataclass(frozen=True)
class Row:
    response: Response
    text: str  # redacted
    tags: list[PriorityTag]


def _reviewer(request: HttpRequest) -> Plan:
    permissions.require(request.user, Capability.REVIEW_VOICE)
    return plan_or_404()


def _back(request: HttpRequest, default: str) -> str:
    """Where a row's form came from (the desk with its filters and page), if it is one of the desk's pages."""
    candidate = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
    return candidate if allowed and candidate.startswith(reverse("delivery:voice-desk")) else default


def _response(plan: Plan, response_id: int) -> Response:
    queryset = Response.objects.select_related("respondent__engagement", "question")
    return get_object_or_404(queryset, pk=response_id, respondent__engagement__plan=plan)


@require_safe
@staff_view
def desk(request: HttpRequest) -> HttpResponse:
    plan = _reviewer(request)
    form = DeskFilterForm(request.GET, plan=plan, wards=review.desk_wards(plan))
    valid = form.is_valid()
    filters = form.filters() if valid else review.DeskFilters()
    page = Paginator(review.desk_responses(plan, filters), PER_PAGE).get_page(request.GET.get("page"))
    redactor = place_redactor()
    rows = [Row(response, redactor.redact(response.text), list(response.tags.all())) for response in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = staff_context(
        request,
        form=form,
        error=not valid,
        page=page,
        rows=rows,
        query=query.urlencode(),
        here=request.get_full_path(),
        min_score=review.bulk_min_score(),
        add_form=AddPriorityForm(plan=plan),
    )
    return render(request, "voice/staff/desk.html", context, status=200 if valid else 400)


@require_POST
@staff_view
def bulk_confirm(request: HttpRequest) -> HttpResponse:
    plan = _reviewer(request)
    back = _back(request, reverse("delivery:voice-desk"))
    ids = [value for value in request.POST.getlist("responses") if value.isdigit()]
    if not ids:
        messages.warning(request, "Choose at least one response to confirm.")
        return redirect(back)
    chosen = Response.objects.filter(pk__in=ids, respondent__engagement__plan=plan).order_by("pk")
    report = review.bulk_confirm(responses=chosen, user=request.user)
    messages.success(request, report.summary(review.bulk_min_score()))
    return redirect(back)


@require_POST
@staff_view
def tag_review(request: HttpRequest, tag_id: int, decision: str) -> HttpResponse:
    plan = _reviewer(request)
    if decision not in ("confirm", "reject"):
        raise Http404("no such decision")
    tag = get_object_or_404(
        PriorityTag.objects.select_related("priority"), pk=tag_id, response__respondent__engagement__plan=plan
    )
    services.review_tag(tag=tag, confirmed=decision == "confirm", user=request.user)
    messages.success(request, f"{tag.priority.name}: {'confirmed' if decision == 'confirm' else 'rejected'}.")
    return redirect(_back(request, reverse("delivery:voice-desk")))


@require_POST
@staff_view
def add_priority(request: HttpRequest, response_id: int) -> HttpResponse:
    plan = _reviewer(request)
    response = _response(plan, response_id)
    form = AddPriorityForm(request.POST, plan=plan)
    if form.is_valid():
        tag = review.add_priority(response=response, priority=form.cleaned_data["priority"], user=request.user)
        messages.success(request, f"{tag.priority.name}: added and confirmed.")
    else:
        messages.warning(request, " ".join(form.errors["priority"]))
    return redirect(_back(request, reverse("delivery:voice-desk")))


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def quote_create(request: HttpRequest, response_id: int) -> HttpResponse:
    plan = _reviewer(request)
    response = _response(plan, response_id)
    redacted = place_redactor().redact(response.text)
    if request.method == "POST":
        form = QuoteForm(request.POST, plan=plan)
        if form.is_valid():
            data = form.cleaned_data
            quote = services.create_quote(response=response, priority=data["priority"], text=data["text"])
            messages.success(request, "Quote made. Check it, then approve it.")
            return redirect("delivery:voice-quote", quote_id=quote.pk)
    else:
        best = next((t for t in response.tags.order_by("rank") if t.status != PriorityTag.Status.REJECTED), None)
        form = QuoteForm(plan=plan, initial={"text": redacted, "priority": best.priority_id if best else None})
    context = staff_context(request, form=form, response=response, text=redacted, error=bool(form.errors))
    return render(request, "voice/staff/quote_form.html", context, status=400 if form.errors else 200)


@require_safe
@staff_view
def quote_list(request: HttpRequest) -> HttpResponse:
    plan = _reviewer(request)
    quotes = Quote.objects.filter(priority__plan=plan).select_related("priority", "approved_by", "override_by")
    redactor = place_redactor()
    waiting = [(quote, check_quote(quote.text, redactor)) for quote in quotes.filter(approved=False)]
    approved = quotes.filter(approved=True).order_by("-approved_at")
    return render(request, "voice/staff/quotes.html", staff_context(request, waiting=waiting, approved=approved))


def _quote_page(request: HttpRequest, plan: Plan, quote: Quote, *, status: int = 200, **forms) -> HttpResponse:
    forms.setdefault("form", QuoteForm(plan=plan, initial={"text": quote.text, "priority": quote.priority_id}))
    forms.setdefault("override_form", OverrideForm())
    context = staff_context(
        request,
        quote=quote,
        check=check_quote(quote.text),
        error=any(form.errors for form in forms.values()),
        **forms,
    )
    return render(request, "voice/staff/quote.html", context, status=status)


def _quote(plan: Plan, quote_id: int) -> Quote:
    queryset = Quote.objects.select_related("priority", "response__respondent__engagement", "approved_by")
    return get_object_or_404(queryset, pk=quote_id, priority__plan=plan)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def quote_detail(request: HttpRequest, quote_id: int) -> HttpResponse:
    """The quote with the checks' findings; a POST saves the officer's edit (or redacts what the rules find)."""
    plan = _reviewer(request)
    quote = _quote(plan, quote_id)
    if request.method != "POST":
        return _quote_page(request, plan, quote)
    if "redact" in request.POST:
        quote.text = place_redactor().redact(quote.text)
        quote.save(update_fields=["text"])
        messages.success(request, "What the rules found is replaced by placeholders.")
        return redirect("delivery:voice-quote", quote_id=quote.pk)
    form = QuoteForm(request.POST, plan=plan)
    if not form.is_valid():
        return _quote_page(request, plan, quote, status=400, form=form)
    quote.text, quote.priority = form.cleaned_data["text"].strip(), form.cleaned_data["priority"]
    if quote.approved:  # a changed quote is checked and approved again
        services.withdraw_quote(quote=quote)
    quote.save(update_fields=["text", "priority"])
    messages.success(request, "Quote saved. The checks below ran on the new text.")
    return redirect("delivery:voice-quote", quote_id=quote.pk)


@require_POST
@staff_view
def quote_approve(request: HttpRequest, quote_id: int) -> HttpResponse:
    plan = _reviewer(request)
    quote = _quote(plan, quote_id)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        return _quote_page(request, plan, quote, status=400, override_form=form)
    try:
        services.approve_quote(quote=quote, user=request.user, override_reason=form.cleaned_data["override_reason"])
    except services.QuoteNotPublishableError as exc:
        messages.warning(request, str(exc)[0].upper() + str(exc)[1:])
    else:
        messages.success(request, "Quote approved: it is published on its priority's pages.")
    return redirect("delivery:voice-quote", quote_id=quote.pk)


@require_POST
@staff_view
def quote_withdraw(request: HttpRequest, quote_id: int) -> HttpResponse:
    quote = _quote(_reviewer(request), quote_id)
    services.withdraw_quote(quote=quote)
    messages.success(request, "Quote withdrawn: it is no longer published.")
    return redirect("delivery:voice-quote", quote_id=quote.pk)

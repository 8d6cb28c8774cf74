"""Staff pages of case studies, under /delivery/case-studies/: list, write, change, read, submit, review.

Each view checks the form, calls one service or selector and renders; refusals become 403 pages
(delivery's staff_view), a stale edit or a step the workflow does not allow becomes 409.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onestockport.delivery.errors import DeliveryError, FourEyesRefused, PermissionRefused
from onestockport.delivery.views.common import plan_or_404, staff_context, staff_view
from onestockport.plans.models import Partner

from . import access, pending_images, services
from .forms import CaseStudyForm, ReturnForm, VersionedForm
from .models import CaseStudy


def _address(case_study_id: int) -> str:
    return reverse("delivery:case-study", kwargs={"case_study_id": case_study_id})


def _case_study_or_404(case_study_id: int) -> CaseStudy:
    found = CaseStudy.objects.select_related("partner", "plan", "author", "reviewed_by").filter(pk=case_study_id)
    case_study = found.first()
    if case_study is None:
        raise Http404("no such case study")
    return case_study


@require_safe
@staff_view
def case_study_list(request: HttpRequest) -> HttpResponse:
    plan = plan_or_404()
    user = request.user
    if not access.can(user, access.VIEW, access.permissions.organisation_of(user)):
        access.require(user, access.VIEW)  # refuses and logs
    context = staff_context(
        request,
        case_studies=access.visible_to(user, plan),
        can_write=access.writable_partners(user, plan).exists(),
    )
    return render(request, "casestudies/list.html", context)


def _require_posted_partner(request: HttpRequest, plan) -> None:
    """Writing for an organisation that is not one's own is refused (403, logged), not a form error."""
    posted = request.POST.get("partner", "")
    partner = (
        Partner.objects.filter(plan=plan, pk=int(posted)).first() if posted.isdigit() and len(posted) < 10 else None
    )
    if partner is not None:
        access.require(request.user, access.WRITE, partner)


def _form_page(request, form: CaseStudyForm, case_study: CaseStudy | None = None, status: int = 200) -> HttpResponse:
    if form.is_bound and form.errors:
        # The images chosen this time that passed their checks wait for the next try, in their slots.
        pending_images.keep(request, form.valid_new_uploads())
    form.waiting_images = pending_images.for_page(request)
    context = staff_context(request, form=form, case_study=case_study)
    return render(request, "casestudies/form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def case_study_create(request: HttpRequest) -> HttpResponse:
    plan = plan_or_404()
    partners = access.writable_partners(request.user, plan)
    if not partners.exists():
        access.require(request.user, access.WRITE)  # refuses and logs
    own = partners.first() if partners.count() == 1 else None
    if request.method != "POST":
        initial = {"version": 1, "partner": own.pk if own else None}
        return _form_page(request, CaseStudyForm(initial=initial, plan=plan, partners=partners))
    _require_posted_partner(request, plan)
    form = CaseStudyForm(request.POST, pending_images.with_kept(request, request.FILES), plan=plan, partners=partners)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        case_study = services.create_case_study(
            user=request.user, plan=plan, content=form.content(), images=form.new_images()
        )
    except PermissionRefused:
        raise
    except DeliveryError as exc:
        form.add_error(None, str(exc))
        return _form_page(request, form, status=409)
    pending_images.discard(request)
    messages.success(request, "Your draft case study has been saved.")
    return redirect("delivery:case-study", case_study_id=case_study.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def case_study_edit(request: HttpRequest, case_study_id: int) -> HttpResponse:
    case_study = _case_study_or_404(case_study_id)
    access.require(request.user, access.WRITE, case_study.partner)
    plan = case_study.plan
    partners = access.writable_partners(request.user, plan)
    if request.method != "POST":
        if not case_study.editable:
            state = case_study.get_state_display().lower()
            messages.error(request, f"This case study is {state} and cannot be changed.")
            return redirect("delivery:case-study", case_study_id=case_study.pk)
        form = CaseStudyForm(
            initial=CaseStudyForm.initial_from(case_study), plan=plan, partners=partners, case_study=case_study
        )
        return _form_page(request, form, case_study)
    _require_posted_partner(request, plan)
    files = pending_images.with_kept(request, request.FILES)
    form = CaseStudyForm(request.POST, files, plan=plan, partners=partners, case_study=case_study)
    if not form.is_valid():
        return _form_page(request, form, case_study, status=400)
    try:
        services.edit_case_study(
            user=request.user,
            case_study_id=case_study.pk,
            expected_version=form.cleaned_data["version"],
            content=form.content(),
            images=form.new_images(),
            remove_image_ids=form.cleaned_data["remove_images"],
        )
    except PermissionRefused:
        raise
    except DeliveryError as exc:
        form.add_error(None, str(exc))
        return _form_page(request, form, _case_study_or_404(case_study_id), status=409)
    pending_images.discard(request)
    messages.success(request, "Your changes have been saved.")
    return redirect("delivery:case-study", case_study_id=case_study.pk)


def _detail_page(request, case_study: CaseStudy, *, error: str = "", return_form=None, status=200) -> HttpResponse:
    user = request.user
    if not access.may_see(user, case_study):
        access.require(user, access.VIEW, case_study.partner)  # refuses and logs
    can_review = case_study.state == CaseStudy.State.SUBMITTED and access.can(user, access.REVIEW, case_study.partner)
    context = staff_context(
        request,
        case_study=case_study,
        error=error,
        unpublished=access.can(user, access.VIEW, case_study.partner),
        can_edit=case_study.editable and access.can(user, access.WRITE, case_study.partner),
        can_submit=case_study.editable and access.can(user, access.SUBMIT, case_study.partner),
        can_review=can_review,
        four_eyes_refusal=services.four_eyes_refusal(user, case_study) if can_review else "",
        return_form=return_form or ReturnForm(initial={"version": case_study.version}),
    )
    return render(request, "casestudies/detail.html", context, status=status)


@require_safe
@staff_view
def case_study_detail(request: HttpRequest, case_study_id: int) -> HttpResponse:
    return _detail_page(request, _case_study_or_404(case_study_id))


def _workflow(request: HttpRequest, case_study_id: int, step: Callable, done: str) -> HttpResponse:
    case_study = _case_study_or_404(case_study_id)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, case_study, error="Reload the page and try again.", status=400)
    try:
        step(user=request.user, case_study_id=case_study.pk, expected_version=form.cleaned_data["version"])
    except PermissionRefused:
        raise
    except FourEyesRefused as exc:
        return _detail_page(request, _case_study_or_404(case_study_id), error=str(exc), status=403)
    except DeliveryError as exc:
        return _detail_page(request, _case_study_or_404(case_study_id), error=str(exc), status=409)
    messages.success(request, done)
    return redirect("delivery:case-study", case_study_id=case_study.pk)


@require_POST
@staff_view(form_page=_address)
def case_study_submit(request: HttpRequest, case_study_id: int) -> HttpResponse:
    done = "The case study has been sent to the performance team."
    return _workflow(request, case_study_id, services.submit_case_study, done)


@require_POST
@staff_view(form_page=_address)
def case_study_approve(request: HttpRequest, case_study_id: int) -> HttpResponse:
    done = "The case study is approved and now public."
    return _workflow(request, case_study_id, services.approve_case_study, done)


@require_POST
@staff_view(keeps=ReturnForm, form_page=_address)
def case_study_return(request: HttpRequest, case_study_id: int) -> HttpResponse:
    case_study = _case_study_or_404(case_study_id)
    access.require(request.user, access.REVIEW, case_study.partner)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, case_study, return_form=form, status=400)
    try:
        services.return_case_study(
            user=request.user,
            case_study_id=case_study.pk,
            expected_version=form.cleaned_data["version"],
            comment=form.cleaned_data["comment"],
        )
    except PermissionRefused:
        raise
    except DeliveryError as exc:
        return _detail_page(request, _case_study_or_404(case_study_id), error=str(exc), return_form=form, status=409)
    messages.success(request, "The case study has been returned to its organisation with your comment.")
    return redirect("delivery:case-study", case_study_id=case_study.pk)

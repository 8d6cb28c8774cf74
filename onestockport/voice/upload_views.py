"""Survey uploads on the engagement desk (under /delivery/voice/surveys/): upload an export, map its columns,
preview it, import it, and follow its tagging. For Capability.REVIEW_VOICE, as the rest of the desk.

Every page works without JavaScript; every write is a POST with a CSRF token. The work is in
survey_upload.py (the file, the preview, the import and the tagging job) and column_mapping.py.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onestockport.delivery import permissions
from onestockport.delivery.permissions import Capability
from onestockport.delivery.views.common import plan_or_404, staff_context, staff_view
from onestockport.errors import InvalidInputError
from onestockport.jobs.models import Job
from onestockport.plans.models import Plan

from . import survey_upload
from .column_mapping import CHOICE_LABELS
from .models import Engagement
from .survey_forms import ColumnsForm, SurveyUploadForm

TAG_KIND = "voice-tag"


def _officer(request: HttpRequest) -> Plan:
    permissions.require(request.user, Capability.REVIEW_VOICE)
    return plan_or_404()


def _pending(request: HttpRequest, token: str) -> survey_upload.PendingSurvey | None:
    survey = survey_upload.pending(request, token)
    if survey is None:
        messages.warning(request, "That upload is no longer waiting: upload the file again.")
    return survey


@require_safe
@staff_view
def survey_list(request: HttpRequest) -> HttpResponse:
    plan = _officer(request)
    engagements = (
        Engagement.objects.filter(plan=plan)
        .annotate(respondent_count=Count("respondents"))
        .select_related("survey_mapping")
        .order_by("-imported_at", "name")
    )
    return render(request, "voice/staff/survey_list.html", staff_context(request, engagements=engagements))


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def survey_upload_page(request: HttpRequest) -> HttpResponse:
    plan = _officer(request)
    if request.method != "POST":
        form = SurveyUploadForm(plan=plan, initial={"engagement": request.GET.get("engagement", "")})
        return render(request, "voice/staff/survey_upload.html", staff_context(request, form=form))
    form = SurveyUploadForm(request.POST, request.FILES, plan=plan)
    if form.is_valid():
        data = form.cleaned_data
        if data["engagement"]:
            engagement = Engagement.objects.get(plan=plan, slug=data["engagement"])
            slug, name = engagement.slug, engagement.name
        else:
            name = data["new_name"].strip()
            slug = survey_upload.engagement_slug(plan, name)
        try:
            survey = survey_upload.receive(
                request, plan=plan, upload=data["file"], engagement=slug, engagement_name=name
            )
        except InvalidInputError as exc:
            context = staff_context(request, form=form, error=True, file_error=exc)
            return render(request, "voice/staff/survey_upload.html", context, status=400)
        messages.success(request, f"{survey.name}: {survey.rows} responses read. Say what each column holds.")
        return redirect("delivery:voice-survey-columns", token=survey.token)
    context = staff_context(request, form=form, error=True)
    return render(request, "voice/staff/survey_upload.html", context, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
def survey_columns(request: HttpRequest, token: str) -> HttpResponse:
    plan = _officer(request)
    survey = _pending(request, token)
    if survey is None:
        return redirect("delivery:voice-survey-upload")
    guesses = survey_upload.guesses(plan, survey)
    if survey.choices:  # the officer's own choices, when coming back from the preview
        guesses = [type(g)(choice, "yours") for g, choice in zip(guesses, survey.choices, strict=True)]
    bound = request.POST if request.method == "POST" else None
    form = ColumnsForm(bound, headings=survey.headings, guesses=guesses)
    if request.method == "POST" and form.is_valid():
        survey_upload.remember_choices(request, survey, form.choices())
        return redirect("delivery:voice-survey-preview", token=survey.token)
    rows = [
        {
            "field": form[f"column_{index}"],
            "heading": heading,
            "samples": samples,
            "hidden": index < len(survey.hidden) and survey.hidden[index],
            "source": guess.source,
        }
        for index, (heading, samples, guess) in enumerate(zip(survey.headings, survey.samples, guesses, strict=True))
    ]
    context = staff_context(request, survey=survey, form=form, rows=rows, error=bool(form.errors))
    return render(request, "voice/staff/survey_columns.html", context, status=400 if form.errors else 200)


def _preview_page(request: HttpRequest, plan: Plan, survey, *, status: int = 200, failed=None) -> HttpResponse:
    mapping, _ = survey_upload.mapping_for(plan, survey)
    preview = survey_upload.preview(plan, survey, mapping)
    kept = [
        (heading, CHOICE_LABELS[choice])
        for heading, choice in zip(survey.headings, survey.choices, strict=True)
        if choice != "ignore"
    ]
    context = staff_context(
        request,
        survey=survey,
        preview=preview,
        kept=kept,
        ignored=[h for h, c in zip(survey.headings, survey.choices, strict=True) if c == "ignore"],
        problems=failed.problems if failed else preview.problems,
        failed=failed is not None,
        error=bool(failed.problems if failed else preview.problems),
    )
    return render(request, "voice/staff/survey_preview.html", context, status=status)


@require_safe
@staff_view
def survey_preview(request: HttpRequest, token: str) -> HttpResponse:
    plan = _officer(request)
    survey = _pending(request, token)
    if survey is None:
        return redirect("delivery:voice-survey-upload")
    if not survey.choices:
        return redirect("delivery:voice-survey-columns", token=survey.token)
    return _preview_page(request, plan, survey)


@require_POST
@staff_view
def survey_import(request: HttpRequest, token: str) -> HttpResponse:
    plan = _officer(request)
    survey = _pending(request, token)
    if survey is None:
        return redirect("delivery:voice-survey-upload")
    if not survey.choices:
        return redirect("delivery:voice-survey-columns", token=survey.token)
    try:
        engagement, report = survey_upload.import_survey(plan, survey, user=request.user)
    except InvalidInputError as exc:
        return _preview_page(request, plan, survey, status=400, failed=exc)
    survey_upload.discard(request, survey.token)
    job = survey_upload.start_tagging(engagement, user=request.user)
    messages.success(
        request,
        f"{survey.name} imported into {engagement.name}: {report.respondents_created} respondents added, "
        f"{report.respondents_updated} updated, {report.respondents_unchanged} unchanged. Tagging follows.",
    )
    return redirect("delivery:voice-tagging", job_id=job.pk)


def _tagging_job(request: HttpRequest, job_id: int) -> tuple[Plan, Job]:
    plan = _officer(request)
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=job_id, kind=TAG_KIND)
    if job.params.get("plan") not in (None, plan.slug):
        raise Http404("no such job")
    return plan, job


@require_safe
@staff_view
def tagging(request: HttpRequest, job_id: int) -> HttpResponse:
    """The tagging job's progress (the page follows it with JavaScript on), and the way to the desk."""
    plan, job = _tagging_job(request, job_id)
    engagement = Engagement.objects.filter(plan=plan, slug=job.params.get("engagement") or "").first()
    desk = reverse("delivery:voice-desk")
    if engagement is not None:
        desk += "?" + urlencode({"engagement": engagement.slug})
    context = staff_context(request, job=job, engagement=engagement, desk=desk)
    return render(request, "voice/staff/survey_job.html", context)


@require_safe
@staff_view
def tagging_status(request: HttpRequest, job_id: int) -> JsonResponse:
    """The same facts as the page, for its script (jobs/job-progress.js)."""
    _, job = _tagging_job(request, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "stage": job.stage,
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.finished,
        }
    )

"""The jobs pages (under /delivery/jobs/): start long work, watch it, download what it made.

For the performance team (Capability.OVERSEE). Starting a job is a POST that queues it and leads to
its page; the page shows progress, and with JavaScript on it follows the job without reloading.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from onestockport.delivery import permissions
from onestockport.delivery.forms import BoardPackForm
from onestockport.delivery.permissions import Capability
from onestockport.delivery.selectors import current_period
from onestockport.delivery.views.common import plan_or_404, staff_context, staff_view

from . import schedule, services
from .forms import AnnualReportForm, ReminderDateForm, StaticExportForm, TaggingForm
from .models import Job, ReminderDate

RECENT = 50


def _forms(plan, **bound) -> dict:
    period = current_period()
    return {
        "annual_form": bound.get("annual-report") or AnnualReportForm(initial={"year": period.year}),
        "pack_form": bound.get("board-pack")
        or BoardPackForm(plan=plan, initial={"period": period.label, "format": "pdf"}),
        "export_form": bound.get("static-export") or StaticExportForm(),
        "tagging_form": bound.get("voice-tag") or TaggingForm(),
    }


@require_safe
@staff_view
def job_list(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    plan = plan_or_404()
    jobs = Job.objects.select_related("created_by")[:RECENT]
    return render(request, "jobs/list.html", staff_context(request, jobs=jobs, **_forms(plan)))


@require_POST
@staff_view
def job_start(request: HttpRequest, kind: str) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    plan = plan_or_404()
    form_classes = {
        "annual-report": AnnualReportForm,
        "static-export": StaticExportForm,
        "voice-tag": TaggingForm,
    }
    if kind == "board-pack":
        form = BoardPackForm(request.POST, plan=plan)
    elif kind in form_classes:
        form = form_classes[kind](request.POST)
    else:
        raise Http404("no such kind of job")
    if not form.is_valid():
        jobs = Job.objects.select_related("created_by")[:RECENT]
        context = staff_context(request, jobs=jobs, error=True, **_forms(plan, **{kind: form}))
        return render(request, "jobs/list.html", context, status=400)
    job = services.start(kind, _params(kind, form.cleaned_data, plan), user=request.user, title=_title(kind, form))
    messages.success(request, f"{job.title}: started. This page shows how it is going.")
    return redirect("delivery:job", job_id=job.pk)


def _params(kind: str, data: dict, plan) -> dict:
    params = {"plan": plan.slug}
    if kind == "board-pack":
        return {**params, "body": data["body"].slug, "period": data["period"].label, "format": data["format"]}
    if kind == "annual-report":
        return {**params, "year": data["year"]}
    if kind == "static-export":
        return {**params, "link_style": data["link_style"]}
    return {**params, "retag": data["retag"]}


def _title(kind: str, form) -> str | None:
    data = form.cleaned_data
    if kind == "board-pack":
        return f"Board pack: {data['body'].name}, {data['period'].label}"
    if kind == "annual-report":
        return f"Annual report {data['year']}"
    return None


@require_safe
@staff_view
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=job_id)
    return render(request, "jobs/detail.html", staff_context(request, job=job))


@require_safe
@staff_view
def job_status(request: HttpRequest, job_id: int) -> JsonResponse:
    """The job's progress for the page's script: small, uncached, and the same facts as the page."""
    permissions.require(request.user, Capability.OVERSEE)
    job = get_object_or_404(Job, pk=job_id)
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


@require_safe
@staff_view
def job_file(request: HttpRequest, job_id: int, index: int) -> FileResponse:
    permissions.require(request.user, Capability.OVERSEE)
    job = get_object_or_404(Job, pk=job_id)
    if not 0 <= index < len(job.outputs):
        raise Http404("no such file")
    output = job.outputs[index]
    if not default_storage.exists(output["storage"]):
        raise Http404("the file is no longer kept")
    handle = default_storage.open(output["storage"], "rb")
    return FileResponse(handle, as_attachment=True, filename=output["name"], content_type=output["type"])


@staff_view
def reminders(request: HttpRequest) -> HttpResponse:
    """The current and next period's reminder dates; add one or remove one."""
    permissions.require(request.user, Capability.OVERSEE)
    period = current_period()
    following = period.following()
    form = ReminderDateForm(request.POST or None, initial={"period": following.label})
    if request.method == "POST":
        if "remove" in request.POST:
            ReminderDate.objects.filter(pk=request.POST.get("remove"), sent_at__isnull=True).delete()
            messages.success(request, "Reminder date removed.")
            return redirect("delivery:reminders")
        if form.is_valid():
            ReminderDate.objects.get_or_create(period=form.cleaned_data["period"], send_on=form.cleaned_data["send_on"])
            messages.success(
                request,
                f"Reminders for {form.cleaned_data['period']} will go on {form.cleaned_data['send_on']:%d %B %Y}.",
            )
            return redirect("delivery:reminders")
    elif request.method != "GET":
        return HttpResponse(status=405)
    periods = [(period, schedule.dates_for(period)), (following, schedule.dates_for(following))]
    context = staff_context(
        request, periods=periods, form=form, default_days=schedule.default_days(), error=bool(form.errors)
    )
    return render(request, "jobs/reminders.html", context, status=400 if form.errors else 200)

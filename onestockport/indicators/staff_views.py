"""The performance team's data pages (under /delivery/data/): upload a publisher's file, see what it
would change, publish or discard it; every release kept, and one can be withdrawn.

The work is in uploads.py and releases.py; checks and imports run as background jobs.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from onestockport.delivery import permissions
from onestockport.delivery.permissions import Capability
from onestockport.delivery.views.common import plan_or_404, staff_context, staff_view
from onestockport.errors import InvalidInputError, OneStockportError
from onestockport.jobs.models import Job
from onestockport.jobs.services import start

from . import releases, uploads
from .drafts import publish_draft
from .models import Indicator, Observation, Release, Upload
from .staff_forms import DraftConfirmForm, UploadForm

RECENT = 20
TEMPLATE_FILE = "tidy-template.csv"


def _page(request: HttpRequest, form: UploadForm, *, status: int = 200) -> HttpResponse:
    context = staff_context(
        request,
        form=form,
        drafts=Indicator.all_objects.filter(plan=plan_or_404(), status=Indicator.Status.DRAFT),
        uploads=Upload.objects.select_related("uploaded_by")[:RECENT],
        releases=Release.objects.select_related("imported_by")[:RECENT],
        error=bool(form.errors),
    )
    return render(request, "indicators/staff/data.html", context, status=status)


@staff_view
def data_home(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    plan = plan_or_404()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                upload = uploads.receive_upload(
                    plan=plan,
                    file=data["file"],
                    file_name=data["file"].name,
                    format_name=data["format"] or None,
                    by=request.user,
                )
            except InvalidInputError as exc:
                form.add_error("format", f"{exc.problems[0].message}")
            else:
                messages.success(request, f"{upload.file_name} is being checked as {upload.format}.")
                return redirect("delivery:upload", upload_id=upload.pk)
        return _page(request, form, status=400)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return _page(request, UploadForm())


@require_safe
@staff_view
def upload_detail(request: HttpRequest, upload_id: int) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    upload = get_object_or_404(Upload.objects.select_related("uploaded_by", "decided_by", "release"), pk=upload_id)
    jobs = Job.objects.filter(kind__in=("check-upload", "publish-upload"), params__upload=upload.pk)
    context = staff_context(request, upload=upload, jobs=jobs, can_draft=uploads.fits_no_indicator(upload))
    return render(request, "indicators/staff/upload.html", context)


@require_POST
@staff_view
def upload_publish(request: HttpRequest, upload_id: int) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    upload = get_object_or_404(Upload, pk=upload_id)
    if upload.state != Upload.State.READY:
        messages.warning(
            request, f"{upload.file_name} is {upload.get_state_display().lower()}: it cannot be published."
        )
        return redirect("delivery:upload", upload_id=upload.pk)
    job = start("publish-upload", {"upload": upload.pk}, user=request.user, title=f"Publish {upload.file_name}")
    messages.success(request, f"Publishing {upload.file_name}: this page shows how it is going.")
    return redirect("delivery:job", job_id=job.pk)


@require_POST
@staff_view
def upload_discard(request: HttpRequest, upload_id: int) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    upload = get_object_or_404(Upload, pk=upload_id)
    try:
        uploads.discard_upload(upload, by=request.user)
    except OneStockportError as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, f"{upload.file_name} discarded: nothing from it was published.")
    return redirect("delivery:data")


@require_safe
@staff_view
def release_detail(request: HttpRequest, release_id: int) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    release = get_object_or_404(Release.objects.select_related("imported_by", "withdrawn_by"), pk=release_id)
    return render(request, "indicators/staff/release.html", staff_context(request, release=release))


@require_POST
@staff_view
def release_withdraw(request: HttpRequest, release_id: int) -> HttpResponse:
    permissions.require(request.user, Capability.OVERSEE)
    release = get_object_or_404(Release, pk=release_id)
    try:
        report = releases.withdraw_release(release, by=request.user)
    except OneStockportError as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, report.summary())
    return redirect("delivery:release", release_id=release.pk)


@require_safe
@staff_view
def tidy_template(request: HttpRequest) -> FileResponse:
    """The generic tidy template, for figures a council or partner collects itself."""
    permissions.require(request.user, Capability.OVERSEE)
    path = uploads.TEMPLATE_PATH
    return FileResponse(path.open("rb"), as_attachment=True, filename=TEMPLATE_FILE, content_type="text/csv")


@require_safe
@staff_view
def tidy_example(request: HttpRequest) -> HttpResponse:
    """The template with example rows for the plan's place (made-up figures, labelled as such)."""
    permissions.require(request.user, Capability.OVERSEE)
    response = HttpResponse(uploads.example_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tidy-example.csv"'
    return response


@require_POST
@staff_view
def upload_as_drafts(request: HttpRequest, upload_id: int) -> HttpResponse:
    """A file no catalogue indicator reads: import it into new draft indicators, for staff to confirm."""
    permissions.require(request.user, Capability.OVERSEE)
    upload = get_object_or_404(Upload, pk=upload_id)
    if not uploads.fits_no_indicator(upload):
        messages.warning(request, f"{upload.file_name} is not a file for new draft indicators.")
        return redirect("delivery:upload", upload_id=upload.pk)
    job = start("draft-upload", {"upload": upload.pk}, user=request.user, title=f"Import {upload.file_name} as drafts")
    return redirect("delivery:job", job_id=job.pk)


@staff_view
def draft_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """A draft indicator made from a file: its figures, and the form that confirms and publishes it."""
    permissions.require(request.user, Capability.OVERSEE)
    plan = plan_or_404()
    draft = get_object_or_404(Indicator.all_objects, plan=plan, slug=slug, status=Indicator.Status.DRAFT)
    form = DraftConfirmForm(request.POST or None, plan=plan, initial={"match": "partial"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        who = request.user.get_full_name() or request.user.get_username()
        levels = dict.fromkeys(data["measures"], data["match"])
        publish_draft(draft, polarity=data["polarity"], measures=data["measures"], match=levels, by=who)
        messages.success(request, f"{draft.title} is published and linked to {len(data['measures'])} measure(s).")
        return redirect("publish:indicator", slug=draft.slug)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    figures = Observation.objects.filter(indicator=draft, is_current=True)
    context = staff_context(
        request,
        draft=draft,
        form=form,
        figures=figures.count(),
        areas=figures.values("area").distinct().count(),
        periods=sorted(set(figures.values_list("period_label", flat=True))),
        error=bool(form.errors),
    )
    return render(request, "indicators/staff/draft.html", context, status=400 if form.errors else 200)


@require_safe
@staff_view
def upload_revisions(request: HttpRequest, upload_id: int) -> HttpResponse:
    """The preview's revised figures as CSV: indicator, area, period, breakdown, old and new value."""
    permissions.require(request.user, Capability.OVERSEE)
    upload = get_object_or_404(Upload, pk=upload_id)
    response = HttpResponse(uploads.revisions_csv(upload), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="revisions-{upload.pk}.csv"'
    return response

"""Public pages of case studies: the index, each approved case study, and its images.

Only approved case studies are public; a draft's images are shown to those who may see the draft.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from onestockport.delivery.views.common import plan_or_404

from . import access, selectors


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    plan = plan_or_404()
    context = {"plan": plan, "sections": selectors.by_priority(plan)}
    return render(request, "casestudies/index.html", context)


@require_safe
def case_study(request: HttpRequest, case_study_id: int) -> HttpResponse:
    plan = plan_or_404()
    found = selectors.published(plan, case_study_id)
    if found is None:
        raise Http404("no such case study")
    return render(request, "casestudies/page.html", {"plan": plan, "case_study": found})


@require_safe
def image(request: HttpRequest, image_id: int, extension: str) -> HttpResponse:
    found = selectors.image_for(image_id)
    if found is None or found.extension != f".{extension}" or not access.may_see(request.user, found.case_study):
        raise Http404("no such image")  # not public yet: do not reveal that it exists
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response

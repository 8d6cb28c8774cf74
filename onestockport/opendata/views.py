"""The open data download page and the package's files, built by `package.site_package`."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from onestockport.errors import PlanNotLoadedError
from onestockport.plans.models import Plan
from onestockport.plans.selectors import get_plan

from .package import CACHE_SECONDS, DESCRIPTOR_NAME, DataPackage, PackageFile, site_package
from .resources import TABLES_BY_NAME


def _package() -> tuple[Plan, DataPackage]:
    try:
        plan = get_plan()
    except PlanNotLoadedError as exc:
        raise Http404(str(exc)) from None
    return plan, site_package(plan)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    plan, package = _package()
    context = {
        "plan": plan,
        "package": package,
        "descriptor_file": package.files[DESCRIPTOR_NAME],
        "licence": package.descriptor["licenses"][0],
    }
    return render(request, "opendata/index.html", context)


@require_safe
def descriptor(request: HttpRequest) -> HttpResponse:
    _, package = _package()
    return _file_response(request, package.files[DESCRIPTOR_NAME], attachment=False)


@require_safe
def download(request: HttpRequest, table: str, extension: str) -> HttpResponse:
    _, package = _package()
    file = package.files.get(f"{table}.{extension}")
    if file is None or table not in TABLES_BY_NAME:
        raise Http404(f"the open data package has no file {table}.{extension}")
    return _file_response(request, file, attachment=extension == "csv")


def _file_response(request: HttpRequest, file: PackageFile, *, attachment: bool) -> HttpResponse:
    etag = f'"{file.sha256}"'
    not_modified = get_conditional_response(request, etag=etag)
    response = not_modified or HttpResponse(file.content, content_type=f"{file.media_type}; charset=utf-8")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"
    if attachment and not_modified is None:
        response["Content-Disposition"] = f'attachment; filename="{file.path}"'
    return response

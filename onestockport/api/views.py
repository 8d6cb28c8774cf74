"""The API's page for people (/api/) and its JSON answer for an unknown address."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .docs import api_reference


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "api/index.html", api_reference(request))


def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": f"There is no API address {request.path}; see /api/ for the endpoints."}, status=404)

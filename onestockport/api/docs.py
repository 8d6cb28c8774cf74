"""What the /api/ page documents, read from the API's own OpenAPI schema so the page cannot drift from it."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from onestockport.errors import PlanNotLoadedError
from onestockport.indicators.models import Observation
from onestockport.plans.models import Plan, Priority
from onestockport.plans.place import current_place
from onestockport.plans.selectors import get_plan

from .api import api
from .http import MAX_AGE
from .pagination import DEFAULT_LIMIT, MAX_LIMIT

PAGING_PARAMETERS = {"limit", "offset"}


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # "path" or "query"
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Endpoint:
    path: str
    summary: str
    parameters: list[Parameter]
    paged: bool
    errors: list[int]
    anchor: str


def endpoints(root: str) -> list[Endpoint]:
    schema = api.get_openapi_schema(path_prefix=root)
    found = []
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        parameters = operation.get("parameters", [])
        found.append(
            Endpoint(
                path=path,
                summary=operation.get("summary", ""),
                parameters=[
                    Parameter(
                        name=p["name"],
                        where=p["in"],
                        type=_type_words(p.get("schema", {})),
                        required=bool(p.get("required")),
                        description=p.get("description", ""),
                    )
                    for p in parameters
                    if p["name"] not in PAGING_PARAMETERS
                ],
                paged=any(p["name"] in PAGING_PARAMETERS for p in parameters),
                errors=sorted(int(code) for code in operation.get("responses", {}) if int(code) != 200),
                anchor=_anchor(path.removeprefix(root)),
            )
        )
    return found


def _anchor(path: str) -> str:
    words = "".join(ch if ch.isalnum() else "-" for ch in path).strip("-")
    return "endpoint-" + ("-".join(part for part in words.split("-") if part) or "index")


def _type_words(schema: dict) -> str:
    """'text', 'whole number (0 to 10000)' or 'one of: a, b' from a parameter's JSON Schema."""
    options = [option for option in schema.get("anyOf", [schema]) if option.get("type") != "null"]
    option = options[0] if options else schema
    if "enum" in option:
        return "one of: " + ", ".join(option["enum"])
    if option.get("type") == "integer":
        low, high = option.get("minimum"), option.get("maximum")
        if low is not None and high is not None:
            return f"whole number ({low} to {high})"
        return "whole number"
    return "text"


def _examples(plan: Plan | None) -> dict[str, str | None]:
    """Slugs for the page's examples, from the plan itself: its first priority, and an indicator with figures
    for the plan's place (any indicator with figures when the place has no code)."""
    if plan is None:
        return {"example_priority": None, "example_indicator": None}
    priority = Priority.objects.filter(plan=plan).order_by("position").values_list("slug", flat=True).first()
    observations = Observation.objects.public().filter(indicator__plan=plan)
    code = current_place().code
    if code:
        observations = observations.filter(area__code=code)
    indicator = observations.order_by("indicator__slug").values_list("indicator__slug", flat=True).first()
    return {"example_priority": priority, "example_indicator": indicator}


def api_reference(request: HttpRequest) -> dict:
    root = reverse("api:v1:api-root")
    try:
        plan = get_plan()
    except PlanNotLoadedError:
        plan = None  # the page documents the API either way
    return {
        "plan": plan,
        **_examples(plan),
        "root": root,
        # The public address, also in a static copy of the page (which has no API behind it).
        "base_url": settings.ONESTOCKPORT_SITE_URL.rstrip("/") + root,
        "schema_url": reverse("api:v1:openapi-json"),
        "endpoints": endpoints(root),
        "default_limit": DEFAULT_LIMIT,
        "max_limit": MAX_LIMIT,
        "max_age": MAX_AGE,
        "max_age_minutes": MAX_AGE // 60,
    }

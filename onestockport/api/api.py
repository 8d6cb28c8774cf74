"""The public, read-only JSON API, version 1: the plan, its delivery status, measures and official figures.

Endpoints ask `selectors` for rows and `serializers` for their JSON; the HTTP rules (GET/HEAD only,
ETag, caching, CORS) are applied to every URL in urls.py. Documented for people at /api/ and for
machines at /api/v1/openapi.json.
"""

from typing import Annotated

from django.http import HttpRequest
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError
from ninja.pagination import paginate

from onestockport.errors import PlanNotLoadedError
from onestockport.indicators.models import Indicator, Observation
from onestockport.indicators.selectors import get_indicator, place_area
from onestockport.plans.models import Plan
from onestockport.plans.place import PlaceInfo, current_place
from onestockport.plans.selectors import get_plan, plan_stats
from onestockport.publish.context_processors import plan_phrase

from . import selectors, serializers
from .pagination import MAX_LIMIT, LimitOffset, Listing
from .places import router as places_router
from .schemas import (
    ActionOut,
    Error,
    IndexOut,
    IndicatorOut,
    IndicatorSummary,
    MeasureOut,
    ObservationOut,
    PlanOut,
    PriorityOut,
    PrioritySummary,
    StatusCode,
    ThemeOut,
    ValidationErrors,
)
from .serializers import Verdicts

VERSION = "1"

# What the API holds, after the words that name the plan ("Read-only JSON for <place>'s <kind> plan...").
CONTENTS = (
    "themes, priorities, actions with their latest approved delivery status, measures of success, the "
    "indicators behind them with their verdicts, the official figures, and the places (wards, neighbourhoods and "
    "centres) with their small areas and census figures. Lists are paged with `limit` (1 to "
    f"{MAX_LIMIT}, default 50) and `offset`. Every answer carries an ETag; send it back in If-None-Match "
    "to get 304 Not Modified. Figures are the publishers' own, under their licences (mostly the Open "
    "Government Licence v3.0). Documentation: /api/."
)
AREA_DESCRIPTION = "Only this area's figures: a GSS code."


def describe(place: PlaceInfo) -> str:
    """The API's description, naming the plan's place: 'Read-only JSON for Our Town's city plan for 2035: ...'."""
    return f"Read-only JSON for {plan_phrase(place)}: {CONTENTS}"


class PlanAPI(NinjaAPI):
    """The API, titled at request time for the plan it serves: the engine names no place of its own."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        place = current_place()
        schema["info"]["title"] = f"{place.site_name} API"
        schema["info"]["description"] = describe(place)
        if place.code:  # an example code readers can try: the place's own
            example = f"Only this area's figures: a GSS code, e.g. {place.code} ({place.name})."
            for methods in schema["paths"].values():
                for operation in methods.values():
                    for parameter in operation.get("parameters", []):
                        if parameter.get("description") == AREA_DESCRIPTION:
                            parameter["description"] = example
        return schema


api = PlanAPI(
    title="Plan API",
    version=VERSION,
    description=f"Read-only JSON for the plan: {CONTENTS}",
    docs_url=None,  # our own accessible page at /api/ documents the API; no script from elsewhere
    openapi_url="/openapi.json",
    urls_namespace="api:v1",
)

# What a parameter may hold: anything else is refused with 422 before it reaches the database (which
# may not store some characters at all, such as NUL in PostgreSQL).
SLUG = r"^[A-Za-z0-9_-]{1,100}$"
MEASURE = r"^[A-Za-z0-9_-]{1,100}/[A-Za-z0-9_-]{1,100}$"
GSS_CODE = r"^[A-Z][0-9]{8}$"
PERIOD = r"^[^\x00-\x1f\x7f]{1,40}$"  # the publisher's label: printable text


def _slug(what: str, example: str) -> Path:
    return Path(description=what, example=example, pattern=SLUG)


def _slug_filter(what: str) -> Query:
    return Query(description=what, pattern=SLUG)


PrioritySlug = Annotated[str, _slug("The priority's slug.", "caring-and-growing")]

NOT_FOUND = {404: Error}
LIST_ERRORS = {422: ValidationErrors}
DETAIL_ERRORS = {404: Error, 422: ValidationErrors}


@api.exception_handler(PlanNotLoadedError)
def plan_not_loaded(request: HttpRequest, exc: PlanNotLoadedError):
    return api.create_response(request, {"detail": str(exc)}, status=404)


def _plan() -> Plan:
    return get_plan()


def _link(request: HttpRequest):
    return request.build_absolute_uri


def _not_found(what: str) -> HttpError:
    return HttpError(404, f"There is no {what}.")


@api.get("/", response=IndexOut, summary="What the API offers", tags=["about"])
def index(request: HttpRequest):
    root = request.build_absolute_uri(request.path)
    endpoints = [
        ("plan", "The plan, with counts of its parts."),
        ("themes", "The themes and their priorities."),
        ("priorities", "The priorities; /priorities/{slug} adds actions, status counts and measures."),
        ("actions", "Every action with its latest approved status; filter by priority, theme, status."),
        ("measures", "The measures of success with their indicators' latest verdicts."),
        ("indicators", "The indicator catalogue; /indicators/{id} adds the source, periods and verdict."),
        ("observations", "Every current official figure; filter by indicator, area (GSS code) and period."),
        ("places", "Every ward, neighbourhood and centre; /places/{slug} adds its small areas and census figures."),
    ]
    return {
        "title": api.title,
        "version": VERSION,
        "openapi": root + "openapi.json",
        "documentation": request.build_absolute_uri("/api/"),
        "endpoints": [{"path": root + path, "description": text} for path, text in endpoints],
    }


@api.get("/plan", response={200: PlanOut, **NOT_FOUND}, summary="The plan", tags=["plan"])
def plan(request: HttpRequest):
    found = _plan()
    stats = plan_stats(found)
    counts = {
        "themes": stats["themes"],
        "priorities": stats["priorities"],
        "actions": stats["actions"],
        "measures": stats["measures"],
        "commitments": stats["commitments"],
        "partners": stats["partners"],
        "delivery_bodies": stats["delivery_bodies"],
        "indicators": Indicator.objects.filter(plan=found).count(),
        "observations": Observation.objects.public().filter(indicator__plan=found, is_current=True).count(),
    }
    return serializers.plan_dict(found, counts, _link(request))


@api.get("/themes", response={200: list[ThemeOut], **LIST_ERRORS}, summary="Themes", tags=["plan"])
@paginate(LimitOffset)
def themes(request: HttpRequest):
    link = _link(request)
    return Listing(selectors.themes(_plan()), lambda theme: serializers.theme_dict(theme, link))


@api.get("/themes/{slug}", response={200: ThemeOut, **DETAIL_ERRORS}, summary="One theme", tags=["plan"])
def theme(request: HttpRequest, slug: Annotated[str, _slug("The theme's slug.", "one-heart")]):
    found = selectors.themes(_plan()).filter(slug=slug).first()
    if found is None:
        raise _not_found(f"theme {slug!r}")
    return serializers.theme_dict(found, _link(request))


@api.get("/priorities", response={200: list[PrioritySummary], **LIST_ERRORS}, summary="Priorities", tags=["plan"])
@paginate(LimitOffset)
def priorities(request: HttpRequest, theme: Annotated[str | None, _slug_filter("Only this theme's (slug).")] = None):
    rows = selectors.priorities(_plan())
    if theme:
        rows = rows.filter(theme__slug=theme)
    link = _link(request)
    return Listing(rows, lambda priority: serializers.priority_summary(priority, link))


@api.get(
    "/priorities/{slug}",
    response={200: PriorityOut, **DETAIL_ERRORS},
    summary="One priority: its ambition, actions, status counts and measures",
    tags=["plan"],
)
def priority(request: HttpRequest, slug: PrioritySlug):
    found_plan = _plan()
    found = selectors.priorities(found_plan).filter(slug=slug).prefetch_related("delivery_bodies").first()
    if found is None:
        raise _not_found(f"priority {slug!r}")
    link = _link(request)
    actions = list(selectors.actions(found_plan, priority=slug))
    counts = dict.fromkeys(StatusCode.__args__, 0)
    for action in actions:
        counts[action.public_status] += 1
    verdicts = Verdicts(place_area(found_plan))
    return {
        **serializers.priority_summary(found, link),
        "introduction": list(found.introduction),
        "delivered_through": found.delivered_through,
        "delivery_bodies": [body.slug for body in found.delivery_bodies.all()],
        "status_counts": [
            {"status": code, "label": serializers.status_label(code), "count": count} for code, count in counts.items()
        ],
        "actions": [serializers.action_summary(action, link) for action in actions],
        "measures": [
            serializers.measure_dict(measure, verdicts, link)
            for measure in selectors.measures(found_plan, priority=slug)
        ],
    }


@api.get("/actions", response={200: list[ActionOut], **LIST_ERRORS}, summary="Actions", tags=["delivery"])
@paginate(LimitOffset)
def actions(
    request: HttpRequest,
    priority: Annotated[str | None, _slug_filter("Only this priority's actions (slug).")] = None,
    theme: Annotated[str | None, _slug_filter("Only this theme's actions (slug).")] = None,
    status: Annotated[
        StatusCode | None, Query(description="Only actions whose latest approved status is this.")
    ] = None,
):
    rows = selectors.actions(_plan(), priority=priority or "", theme=theme or "", status=status or "")
    link = _link(request)
    return Listing(rows, lambda action: serializers.action_dict(action, link))


@api.get(
    "/actions/{priority}/{number}",
    response={200: ActionOut, **DETAIL_ERRORS},
    summary="One action, by its priority and number",
    tags=["delivery"],
)
def action(
    request: HttpRequest,
    priority: PrioritySlug,
    number: Annotated[int, Path(ge=0, le=10_000, description="The action's number in its priority.", example=1)],
):
    found = selectors.actions(_plan(), priority=priority).filter(number=number).first()
    if found is None:
        raise _not_found(f"action {number} in priority {priority!r}")
    return serializers.action_dict(found, _link(request))


@api.get(
    "/measures",
    response={200: list[MeasureOut], **LIST_ERRORS},
    summary="Measures of success, with their indicators' latest verdicts",
    tags=["measures"],
)
@paginate(LimitOffset)
def measures(
    request: HttpRequest, priority: Annotated[str | None, _slug_filter("Only this priority's (slug).")] = None
):
    found_plan = _plan()
    verdicts, link = Verdicts(place_area(found_plan)), _link(request)
    rows = selectors.measures(found_plan, priority=priority or "")
    return Listing(rows, lambda measure: serializers.measure_dict(measure, verdicts, link))


@api.get(
    "/measures/{priority}/{slug}",
    response={200: MeasureOut, **DETAIL_ERRORS},
    summary="One measure of success",
    tags=["measures"],
)
def measure(
    request: HttpRequest,
    priority: PrioritySlug,
    slug: Annotated[str, _slug("The measure's slug.", "school-readiness")],
):
    found_plan = _plan()
    found = selectors.measures(found_plan, priority=priority).filter(slug=slug).first()
    if found is None:
        raise _not_found(f"measure {slug!r} in priority {priority!r}")
    return serializers.measure_dict(found, Verdicts(place_area(found_plan)), _link(request))


@api.get("/indicators", response={200: list[IndicatorSummary], **LIST_ERRORS}, summary="Indicators", tags=["measures"])
@paginate(LimitOffset)
def indicators(
    request: HttpRequest,
    status: Annotated[Indicator.Status | None, Query(description="published or local-data-needed.")] = None,
    measure: Annotated[
        str | None,
        Query(
            description="Only those serving this measure, e.g. caring-and-growing/school-readiness.", pattern=MEASURE
        ),
    ] = None,
):
    rows = selectors.indicators(_plan(), status=status or "", measure=measure or "")
    link = _link(request)
    return Listing(rows, lambda indicator: serializers.indicator_summary(indicator, link))


@api.get(
    "/indicators/{slug}",
    response={200: IndicatorOut, **DETAIL_ERRORS},
    summary="One indicator: its source, periods and verdict for the plan's place",
    tags=["measures"],
)
def indicator(
    request: HttpRequest,
    slug: Annotated[str, _slug("The indicator's id.", "healthy-life-expectancy-female")],
):
    found_plan = _plan()
    found = get_indicator(found_plan, slug)
    if found is None:
        raise _not_found(f"indicator {slug!r}")
    return serializers.indicator_dict(found, Verdicts(place_area(found_plan)), _link(request))


@api.get(
    "/observations",
    response={200: list[ObservationOut], **LIST_ERRORS},
    summary="Official figures",
    tags=["statistics"],
)
@paginate(LimitOffset)
def observations(
    request: HttpRequest,
    indicator: Annotated[str | None, _slug_filter("Only this indicator's figures (its id).")] = None,
    area: Annotated[
        str | None,
        Query(description=AREA_DESCRIPTION, pattern=GSS_CODE),  # the schema names the place's code as an example
    ] = None,
    period: Annotated[
        str | None, Query(description="Only this period, as the publisher labels it, e.g. 2021/22.", pattern=PERIOD)
    ] = None,
):
    rows = selectors.observations(_plan(), indicator=indicator or "", area=area or "", period=period or "")
    return Listing(rows, serializers.observation_dict)


api.add_router("", places_router)

"""Public pages: each view asks a selector for its data and renders a template."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from onestockport.delivery import outcomes, rollup
from onestockport.errors import PlanNotLoadedError
from onestockport.indicators import selectors as indicator_selectors
from onestockport.indicators.overview import plan_overview
from onestockport.indicators.verdicts import verdict_for
from onestockport.plans import selectors
from onestockport.plans.models import Plan
from onestockport.plans.place import current_place

from .census_figures import figure_page
from .context_processors import is_static_export
from .forms import ActionSearchForm
from .indicator_pages import indicator_csv as indicator_csv_text
from .indicator_pages import indicator_page
from .markdown import render_document
from .measures_page import measures_page
from .place_directory import one_directory_per_request
from .place_index import place_page, places_index
from .place_search import areas_query, district_index, names_index, postcode_here, search_page, sector_rows


def _plan() -> Plan:
    try:
        return selectors.get_plan()
    except PlanNotLoadedError as exc:
        raise Http404(str(exc)) from None


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    plan = _plan()
    context = {
        "plan": plan,
        "themes": selectors.themes_with_priorities(plan),
        "rollups": rollup.priority_rollups(plan, today=timezone.localdate()),
    }
    return render(request, "publish/home.html", context)


@require_safe
def theme(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan()
    found = selectors.get_theme(plan, slug)
    if found is None:
        raise Http404(f"no theme {slug!r}")
    return render(request, "publish/theme.html", {"plan": plan, "theme": found})


@require_safe
def priority(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan()
    found = selectors.get_priority(plan, slug)
    if found is None:
        raise Http404(f"no priority {slug!r}")
    overview = plan_overview(plan)
    context = {
        "plan": plan,
        "priority": found,
        "rollup": rollup.priority_rollup(found, today=timezone.localdate(), overview=overview),
        "measures": overview.measures_with_rows(found.slug),
        "measures_place": overview.place_name,
        # Sections a plan may leave out: the page shows only those it has.
        "has_introduction": bool(found.introduction or found.highlights),  # case studies have their own section
        "has_delivery": bool(found.delivered_through or found.delivery_links or found.delivery_bodies.all()),
    }
    return render(request, "publish/priority.html", context)


@require_safe
def indicators(request: HttpRequest) -> HttpResponse:
    plan = _plan()
    page = measures_page(plan, request.GET, sortable=not is_static_export(request))
    return render(request, "publish/indicators.html", {"plan": plan, "page": page})


@require_safe
def indicator(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan()
    found = indicator_selectors.get_indicator(plan, slug)
    place = indicator_selectors.place_area(plan)
    if found is None or place is None:
        raise Http404(f"no indicator {slug!r}")
    page = indicator_page(verdict_for(found, place))
    return render(request, "publish/indicator.html", {"plan": plan, "indicator": found, "page": page})


@require_safe
def indicator_csv(request: HttpRequest, slug: str) -> HttpResponse:
    found = indicator_selectors.get_indicator(_plan(), slug)
    if found is None or found.status != found.Status.PUBLISHED:
        raise Http404(f"no data for indicator {slug!r}")
    response = HttpResponse(indicator_csv_text(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.slug}.csv"'
    return response


@require_safe
def action(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    plan = _plan()
    found = selectors.get_action(plan, slug, number)
    if found is None:
        raise Http404(f"no action {number} in priority {slug!r}")
    previous, following = selectors.neighbouring_actions(found)
    context = {"plan": plan, "action": found, "previous": previous, "following": following}
    return render(request, "publish/action.html", context)


@require_safe
def actions(request: HttpRequest) -> HttpResponse:
    plan = _plan()
    form = ActionSearchForm(request.GET or None, plan=plan)
    filters, status = form.filters(), form.wanted_status()
    results = list(selectors.search_actions(plan, filters))
    progress = outcomes.public_progress(results, today=timezone.localdate())
    if status:
        results = [action for action in results if outcomes.matches_status(progress[action.pk], status)]
    rows = [(action, progress[action.pk]) for action in results]
    context = {
        "plan": plan,
        "form": form,
        "filters": filters,
        "filtering": filters.active or bool(status),
        "results": results,
        "rows": rows,
    }
    return render(request, "publish/actions.html", context)


@require_safe
def values(request: HttpRequest) -> HttpResponse:
    plan = _plan()
    found = list(plan.values.all())
    if not found:
        raise Http404("the plan states no values")
    return render(request, "publish/values.html", {"plan": plan, "values": found})


@require_safe
def partners(request: HttpRequest) -> HttpResponse:
    plan = _plan()
    context = {
        "plan": plan,
        "partners": selectors.partners_with_actions(plan),
        "bodies": selectors.delivery_bodies_with_priorities(plan),
    }
    return render(request, "publish/partners.html", context)


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    plan = _plan()
    return render(request, "publish/about.html", {"plan": plan})


@require_safe
def methods(request: HttpRequest) -> HttpResponse:
    place = current_place()
    words = (("{site_name}", place.site_name), ("{place}", place.name), ("{kind}", place.kind_word))
    title, body = render_document(settings.BASE_DIR / "docs" / "methods.md", words)
    return render(request, "publish/document.html", {"plan": _plan(), "title": title, "body": body})


@require_safe
@one_directory_per_request
def places(request: HttpRequest) -> HttpResponse:
    return render(request, "publish/places.html", {"plan": _plan(), "index": places_index()})


@require_safe
@one_directory_per_request
def place(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan()
    found = place_page(plan, slug)  # a ward, neighbourhood or centre page, by the directory's slug
    if found is None:
        raise Http404(f"no place {slug!r}")
    entry = found.context["entry"]
    here = postcode_here(entry.kind, entry.code, request.GET.get("postcode", ""))
    return render(request, found.template, {"plan": plan, "postcode_here": here, **found.context})


@require_safe
@one_directory_per_request
def place_search(request: HttpRequest) -> HttpResponse:
    page = search_page(request.GET.get("q", ""))
    if page.redirect:
        return redirect(page.redirect)
    # A static export cannot search: without JavaScript its page lists every postcode sector instead.
    sectors = sector_rows() if is_static_export(request) and page.result is None else []
    return render(request, "publish/place_search.html", {"plan": _plan(), "page": page, "sectors": sectors})


@require_safe
def areas(request: HttpRequest, rest: str) -> HttpResponse:
    """/areas/<words>/, an address residents try: the place search for those words."""
    return redirect(f"{reverse('publish:place-search')}?{urlencode({'q': areas_query(rest)})}")


@require_safe
@one_directory_per_request
def place_search_names(request: HttpRequest) -> HttpResponse:
    return JsonResponse(names_index(), json_dumps_params={"separators": (",", ":"), "ensure_ascii": False})


@require_safe
@one_directory_per_request
def place_search_district(request: HttpRequest, district: str) -> HttpResponse:
    found = district_index(district.upper())
    if found is None:
        raise Http404(f"no postcodes of the place in {district!r}")
    return JsonResponse(found, json_dumps_params={"separators": (",", ":"), "ensure_ascii": False})


@require_safe
@one_directory_per_request
def census_figure(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan()
    page = figure_page(slug)
    if page is None:
        raise Http404(f"no Census figure {slug!r}")
    return render(request, "publish/census_figure.html", {"plan": plan, "page": page})

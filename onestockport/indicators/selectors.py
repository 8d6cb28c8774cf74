"""Reads for indicator pages: the plan's place, the catalogue by measure, and small-area figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from onestockport.places.models import Area
from onestockport.plans.models import Measure, Plan, Priority

from .models import Indicator, Observation
from .verdicts import Verdict, current_observations, verdict_for


def place_code(plan: Plan) -> str | None:
    """The GSS code of the place the plan is for: its `place` section, or an older file's geography."""
    return (plan.place_settings or {}).get("code") or ((plan.geography or {}).get("borough") or {}).get("gss_code")


def place_area(plan: Plan) -> Area | None:
    """The area the plan is for (the whole borough, city or county)."""
    code = place_code(plan)
    return Area.objects.filter(code=code).first() if code else None


def published_indicators(plan: Plan) -> QuerySet[Indicator]:
    return Indicator.objects.filter(plan=plan).prefetch_related("measures__priority")


def get_indicator(plan: Plan, slug: str) -> Indicator | None:
    return Indicator.objects.filter(plan=plan, slug=slug).prefetch_related("measures__priority").first()


@dataclass(frozen=True)
class MeasureEvidence:
    measure: Measure
    verdicts: list[Verdict]
    needs_local_data: list[Indicator]


def measures_with_evidence(priority: Priority, area: Area | None) -> list[MeasureEvidence]:
    """Each measure of the priority with its published indicators' latest verdicts."""
    indicators = Indicator.objects.filter(plan=priority.plan).order_by("position")
    measures = priority.measures.prefetch_related(Prefetch("indicators", queryset=indicators))
    evidence = []
    for measure in measures:
        published = [i for i in measure.indicators.all() if i.status == Indicator.Status.PUBLISHED]
        verdicts = [verdict_for(indicator, area) for indicator in published] if area else []
        evidence.append(
            MeasureEvidence(
                measure=measure,
                verdicts=[v for v in verdicts if v.latest is not None],
                needs_local_data=[i for i in measure.indicators.all() if i.status != Indicator.Status.PUBLISHED],
            )
        )
    return evidence


def small_area_observations(indicator: Indicator, place: Area) -> list[Observation]:
    """The latest period's ward or LSOA figures inside the place, if the indicator has any."""
    observations = list(
        current_observations(indicator)
        .filter(area__level__in=[Area.Level.WARD, Area.Level.LSOA])
        .exclude(value__isnull=True)
    )
    inside = _inside(place)
    observations = [obs for obs in observations if obs.area_id in inside]
    if not observations:
        return []
    latest = max(obs.period_end for obs in observations)
    return [obs for obs in observations if obs.period_end == latest]


def _inside(place: Area) -> set[int]:
    """Ids of the wards and LSOAs whose parent chain reaches the place."""
    wards = set(Area.objects.filter(parent=place).values_list("pk", flat=True))
    lsoas = set(
        Area.objects.filter(parent_id__in=wards | {place.pk}, level=Area.Level.LSOA).values_list("pk", flat=True)
    )
    return wards | lsoas


@dataclass(frozen=True)
class CatalogueSection:
    priority: Priority
    measures: list[tuple[Measure, list[Indicator]]]


def catalogue_by_priority(plan: Plan) -> list[CatalogueSection]:
    """Every measure of every priority with the indicators that serve it (published or needed)."""
    indicators = Indicator.objects.filter(plan=plan).order_by("position")
    measures = Measure.objects.filter(priority__plan=plan).prefetch_related(Prefetch("indicators", queryset=indicators))
    sections: dict[int, CatalogueSection] = {}
    for measure in measures.select_related("priority"):
        section = sections.setdefault(measure.priority_id, CatalogueSection(measure.priority, []))
        section.measures.append((measure, list(measure.indicators.all())))
    return list(sections.values())


def measure_coverage(plan: Plan, area: Area) -> dict[str, object]:
    """Which measures have an indicator with real figures for the place that measures them directly or
    in part; which have only background ('context') figures; and which need local data."""
    measured, context_only, without = [], [], []
    measures = Measure.objects.filter(priority__plan=plan).select_related("priority").prefetch_related("indicators")
    having_figures = set(
        Observation.objects.filter(area=area, is_current=True, value__isnull=False, indicator__plan=plan)
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    for measure in measures:
        key = f"{measure.priority.slug}/{measure.slug}"
        matches = {
            indicator.match.get(key, "direct")
            for indicator in measure.indicators.all()
            if indicator.pk in having_figures
        }
        if matches & {"direct", "partial"}:
            measured.append(key)
        elif matches:
            context_only.append(key)
        else:
            without.append(key)
    return {
        "measures": len(measured) + len(context_only) + len(without),
        "with_real_data": len(measured),
        "context_only": context_only,
        "local_data_needed": without,
    }

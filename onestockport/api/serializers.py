"""Turning the plan's records and the indicators' verdicts into the API's JSON shapes (schemas.py)."""

from __future__ import annotations

import math
from collections.abc import Callable

from django.urls import reverse

from onestockport.delivery.selectors import status_label
from onestockport.indicators.models import Indicator, Observation
from onestockport.indicators.verdicts import Verdict, verdict_for
from onestockport.places.models import Area
from onestockport.plans.models import Action, Measure, Plan, Priority, Theme

Link = Callable[[str], str]  # a site path -> the address to publish (absolute, for the request's host)


def number(value: float | None) -> float | None:
    """JSON has no NaN or infinity: a statistic that could not be computed is null."""
    return None if value is None or not math.isfinite(value) else value


def plan_dict(plan: Plan, counts: dict[str, int], link: Link) -> dict:
    vision = plan.vision.get("statement", "") if isinstance(plan.vision, dict) else ""
    return {
        "slug": plan.slug,
        "title": plan.title,
        "subtitle": plan.subtitle,
        "place": plan.place,
        "status": plan.status,
        "period_end": plan.period_end,
        "source": plan.source,
        "vision": vision,
        "counts": counts,
        "url": link(reverse("publish:home")),
    }


def priority_summary(priority: Priority, link: Link) -> dict:
    return {
        "slug": priority.slug,
        "name": priority.name,
        "theme": priority.theme.slug,
        "position": priority.position,
        "ambition": priority.ambition,
        "action_count": priority.action_count,
        "measure_count": priority.measure_count,
        "url": link(reverse("publish:priority", args=[priority.slug])),
    }


def theme_dict(theme: Theme, link: Link) -> dict:
    return {
        "slug": theme.slug,
        "name": theme.name,
        "position": theme.position,
        "tagline": theme.tagline,
        "why": theme.why,
        "priorities": [priority_summary(priority, link) for priority in theme.priorities.all()],
        "url": link(reverse("publish:theme", args=[theme.slug])),
    }


def status_dict(action: Action) -> dict:
    reviewed = action.public_status_reviewed_at
    return {
        "status": action.public_status,
        "label": status_label(action.public_status),
        "period": action.public_status_period,
        "approved_on": reviewed.date() if reviewed else None,
    }


def action_summary(action: Action, link: Link) -> dict:
    return {
        "id": f"{action.priority.slug}/{action.number}",
        "priority": action.priority.slug,
        "number": action.number,
        "title": action.title,
        "status": status_dict(action),
        "url": link(reverse("publish:action", args=[action.priority.slug, action.number])),
    }


def action_dict(action: Action, link: Link) -> dict:
    return {
        **action_summary(action, link),
        "theme": action.priority.theme.slug,
        "text": action.text.replace("**", ""),
        "sub_items": [
            (item.get("text", "") if isinstance(item, dict) else str(item)).replace("**", "")
            for item in action.sub_items
        ],
        "lead_partner": action.lead_partner.slug if action.lead_partner else None,
        "contributing_partners": sorted(partner.slug for partner in action.contributing_partners.all()),
        "delivery_body": action.delivery_body.slug if action.delivery_body else None,
        "start_date": action.start_date,
        "due_date": action.due_date,
        "commitments": [
            {
                "what": c.what,
                "quantity": number(c.quantity),
                "unit": c.unit,
                "by": c.by,
                "due": c.due,
                "wording": c.wording,
            }
            for c in action.commitments.all()
        ],
    }


class Verdicts:
    """Each indicator's verdict for the plan's place, worked out once per request."""

    def __init__(self, place: Area | None) -> None:
        self.place = place
        self._done: dict[int, dict | None] = {}

    def of(self, indicator: Indicator) -> dict | None:
        if self.place is None or indicator.status != Indicator.Status.PUBLISHED:
            return None
        if indicator.pk not in self._done:
            self._done[indicator.pk] = verdict_dict(verdict_for(indicator, self.place))
        return self._done[indicator.pk]


def verdict_dict(verdict: Verdict) -> dict:
    """A verdict as the API publishes it: the summary and status, the headline comparison and direction,
    the latest figure, every comparison, the trend test, target and inequality."""
    latest = verdict.latest
    trend, target, inequality = verdict.trend, verdict.target, verdict.inequality
    headline, change = verdict.headline, verdict.change
    return {
        "area_code": verdict.area.code,
        "area_name": verdict.area.name,
        "sentence": verdict.sentence,
        "summary": verdict.summary,
        "status": str(verdict.status.status) if verdict.status else "not-enough-data",
        "comparator_code": headline.area.code if headline else None,
        "comparison": str(headline.comparison.comparison) if headline else "not-comparable",
        "comparison_basis": str(headline.comparison.basis) if headline else "none",
        "difference_pct": number(headline.comparison.difference_pct) if headline else None,
        "judgement": str(headline.comparison.judgement) if headline else "not-compared",
        "direction": str(change.direction) if change else "too-few-points",
        "direction_basis": str(change.basis) if change else "none",
        "change_pct": number(change.change_pct) if change else None,
        "change_from": (change.change_from or None) if change else None,
        "change_to": (change.change_to or None) if change else None,
        "decimals": verdict.decimals,
        "latest": figure_dict(latest) if latest is not None else None,
        "comparators": [
            {
                "area_code": result.area.code,
                "area_name": result.area.name,
                "period": result.observation.period_label if result.observation else None,
                "value": number(result.observation.value) if result.observation else None,
                "benchmark_95": str(result.benchmark_95),
                "benchmark_998": str(result.benchmark_998),
                "comparison": str(result.comparison.comparison),
                "comparison_basis": str(result.comparison.basis),
                "difference_pct": number(result.comparison.difference_pct),
                "judgement": str(result.comparison.judgement),
                "comparison_reason": result.comparison.reason,
            }
            for result in verdict.comparators
        ],
        "trend": {
            "assessment": str(trend.assessment),
            "direction": str(trend.direction),
            "method": str(trend.method),
            "n_points": trend.n_points,
            "p_value": number(trend.p_value),
            "message": trend.message,
        }
        if trend is not None
        else None,
        "target": {
            "text": verdict.indicator.target.get("text", ""),
            "value": number(verdict.indicator.target.get("value")),
            "year": verdict.indicator.target.get("year"),
            "status": str(target.status),
            "category": str(target.category),
            "explanation": target.explanation,
        }
        if target is not None
        else None,
        "inequality": {
            "period": verdict.inequality_period,
            "quantiles": inequality.n_quantiles,
            "most_deprived_value": number(inequality.most_deprived_value),
            "least_deprived_value": number(inequality.least_deprived_value),
            "absolute_gap": number(inequality.absolute_gap),
            "relative_gap": number(inequality.relative_gap),
            "sii": number(inequality.sii),
            "rii": number(inequality.rii),
        }
        if inequality is not None
        else None,
    }


def figure_dict(observation: Observation) -> dict:
    return {
        "period": observation.period_label,
        "period_start": observation.period_start,
        "period_end": observation.period_end,
        "breakdown": observation.breakdown,
        "value": number(observation.value),
        "lower_95": number(observation.lower_95),
        "upper_95": number(observation.upper_95),
        "source_file": observation.release.file_name,
        "publisher": observation.release.publisher,
    }


def measure_key(measure: Measure) -> str:
    return f"{measure.priority.slug}/{measure.slug}"


def measure_dict(measure: Measure, verdicts: Verdicts, link: Link) -> dict:
    key = measure_key(measure)
    return {
        "id": key,
        "priority": measure.priority.slug,
        "slug": measure.slug,
        "position": measure.position,
        "text": measure.text,
        "indicators": [
            {
                "id": indicator.slug,
                "title": indicator.title,
                "status": indicator.status,
                "match": indicator.match.get(key, "direct"),
                "url": link(reverse("publish:indicator", args=[indicator.slug])),
                "verdict": verdicts.of(indicator),
            }
            for indicator in measure.indicators.all()
        ],
    }


def indicator_summary(indicator: Indicator, link: Link) -> dict:
    return {
        "id": indicator.slug,
        "title": indicator.title,
        "status": indicator.status,
        "unit": indicator.unit,
        "polarity": indicator.polarity,
        "publisher": indicator.publisher,
        "licence": indicator.licence,
        "measures": [measure_key(measure) for measure in indicator.measures.all()],
        "url": link(reverse("publish:indicator", args=[indicator.slug])),
    }


def indicator_dict(indicator: Indicator, verdicts: Verdicts, link: Link) -> dict:
    periods = list(
        Observation.objects.filter(indicator=indicator, is_current=True)
        .order_by("period_start", "period_end")
        .values_list("period_label", flat=True)
    )
    source = indicator.source or {}
    return {
        **indicator_summary(indicator, link),
        "definition": indicator.definition,
        "caveats": indicator.caveats,
        "data_needed": indicator.data_needed,
        "geographies": list(indicator.geographies),
        "source": {
            "publisher": indicator.publisher,
            "dataset": indicator.dataset,
            "licence": indicator.licence,
            "frequency": indicator.frequency,
            "file": source.get("file"),
            "format": source.get("format"),
        },
        "first_period": periods[0] if periods else None,
        "latest_period": periods[-1] if periods else None,
        "observations": len(periods),
        "verdict": verdicts.of(indicator),
    }


def observation_dict(observation: Observation) -> dict:
    return {
        "id": observation.pk,
        "indicator": observation.indicator.slug,
        "area_code": observation.area.code,
        "area_name": observation.area.name,
        "period": observation.period_label,
        "period_start": observation.period_start,
        "period_end": observation.period_end,
        "period_kind": observation.period_kind,
        "sex": observation.sex,
        "age": observation.age,
        "category_type": observation.category_type,
        "category": observation.category,
        "value": number(observation.value),
        "lower_95": number(observation.lower_95),
        "upper_95": number(observation.upper_95),
        "lower_998": number(observation.lower_998),
        "upper_998": number(observation.upper_998),
        "count": number(observation.count),
        "denominator": number(observation.denominator),
        "missing_reason": observation.missing_reason,
        "note": observation.note,
        "source_file": observation.release.file_name,
        "publisher": observation.release.publisher,
    }

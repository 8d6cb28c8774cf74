"""The analyst's view in the API: comparison basis, difference, direction, change and status, as on the site."""

from __future__ import annotations

import pytest

from onestockport.indicators.models import Indicator
from onestockport.indicators.selectors import place_area
from onestockport.indicators.verdicts import verdict_for
from onestockport.stats.change import Direction, DirectionBasis
from onestockport.stats.comparisons import ComparisonBasis, Relation
from onestockport.stats.status import IndicatorStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published_plan")]

V1 = "/api/v1"
HEADLINE_FIELDS = [
    "summary",
    "status",
    "comparator_code",
    "comparison",
    "comparison_basis",
    "difference_pct",
    "judgement",
    "direction",
    "direction_basis",
    "change_pct",
    "change_from",
    "change_to",
    "decimals",
]
COMPARATOR_FIELDS = ["comparison", "comparison_basis", "difference_pct", "judgement", "comparison_reason"]


def test_greenhouse_gas_per_person_in_the_api(client):
    body = client.get(f"{V1}/indicators/greenhouse-gas-emissions-per-capita").json()["verdict"]

    assert {field: body[field] for field in HEADLINE_FIELDS} == {
        "summary": (
            "3.50 tonnes CO2e per person in 2023: lower than England (4.78) and down 19% since 2019; "
            "not on track for the 2038 target."
        ),
        "status": "mixed",
        "comparator_code": "E92000001",
        "comparison": "lower",
        "comparison_basis": "difference",
        "difference_pct": pytest.approx(-26.778, abs=1e-3),
        "judgement": "better",
        "direction": "falling",
        "direction_basis": "size-of-change",
        "change_pct": pytest.approx(-19.355, abs=1e-3),
        "change_from": "2019",
        "change_to": "2023",
        "decimals": 2,
    }
    england = next(c for c in body["comparators"] if c["area_code"] == "E92000001")
    assert england["benchmark_95"] == "not-compared"  # kept: the interval-only benchmark, as before
    assert england["comparison_basis"] == "difference"


def test_every_comparator_carries_the_sites_comparison(client, published_plan):
    for slug in ("healthy-life-expectancy-female", "active-businesses", "ultra-low-emission-vehicles-share"):
        verdict = verdict_for(Indicator.objects.get(plan=published_plan, slug=slug), place_area(published_plan))
        body = client.get(f"{V1}/indicators/{slug}").json()["verdict"]

        assert body["summary"] == verdict.summary
        assert body["status"] == str(verdict.status.status)
        assert body["direction"] == str(verdict.change.direction)
        assert [[c[field] for field in COMPARATOR_FIELDS] for c in body["comparators"]] == [
            [
                str(c.comparison.comparison),
                str(c.comparison.basis),
                pytest.approx(c.comparison.difference_pct) if c.comparison.difference_pct is not None else None,
                str(c.comparison.judgement),
                c.comparison.reason,
            ]
            for c in verdict.comparators
        ]


def test_a_total_is_not_compared_with_englands_total_and_says_why(client):
    body = client.get(f"{V1}/indicators/active-businesses").json()["verdict"]
    england = next(c for c in body["comparators"] if c["area_code"] == "E92000001")

    assert (england["comparison"], england["comparison_basis"], england["judgement"]) == (
        "not-comparable",
        "none",
        "not-compared",
    )
    assert "size of the area" in england["comparison_reason"]


def test_measures_carry_the_same_fields(client):
    body = client.get(f"{V1}/measures/climate-friendly/carbon-emissions").json()
    ghg = next(i for i in body["indicators"] if i["id"] == "greenhouse-gas-emissions-per-capita")
    assert ghg["verdict"]["status"] == "mixed"
    assert ghg["verdict"]["comparison_basis"] == "difference"


def _enum_of(schema: dict, component: str, field: str) -> set[str]:
    return set(schema["components"]["schemas"][component]["properties"][field]["enum"])


def test_the_schema_lists_each_field_with_the_statistics_own_words(client):
    schema = client.get(f"{V1}/openapi.json").json()
    verdict = schema["components"]["schemas"]["VerdictOut"]["properties"]
    comparator = schema["components"]["schemas"]["ComparatorOut"]["properties"]

    assert set(HEADLINE_FIELDS) <= set(verdict)
    assert set(COMPARATOR_FIELDS) <= set(comparator)
    assert _enum_of(schema, "VerdictOut", "comparison") == {str(r) for r in Relation}
    assert _enum_of(schema, "ComparatorOut", "comparison_basis") == {str(b) for b in ComparisonBasis}
    assert _enum_of(schema, "VerdictOut", "direction") == {str(d) for d in Direction}
    assert _enum_of(schema, "VerdictOut", "direction_basis") == {str(b) for b in DirectionBasis}
    assert _enum_of(schema, "VerdictOut", "status") == {str(s) for s in IndicatorStatus}

"""The issue's real examples, end to end: comparison basis, direction, status and the plain sentence.

Real shipped files imported into the test database; the CLI's analyst columns checked on the same data.
"""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from onestockport.cli import cli
from onestockport.indicators.models import Indicator
from onestockport.indicators.selectors import place_area
from onestockport.indicators.services import import_file
from onestockport.indicators.verdicts import VERDICT_COLUMNS, verdict_for, verdict_rows
from onestockport.stats.benchmarking import Comparison
from onestockport.stats.change import Direction, DirectionBasis
from onestockport.stats.comparisons import ComparisonBasis, Relation
from onestockport.stats.status import IndicatorStatus
from tests.conftest import SHIPPED_RAW

pytestmark = pytest.mark.django_db

FILES = [
    ("ons-els", "ons_explore_local_statistics/greenhouse-gas-emissions.csv"),
    ("ons-els", "ons_explore_local_statistics/claimant-count.csv"),
    ("ons-els", "ons_explore_local_statistics/children-in-relative-poverty.csv"),
    ("tdl-tidy", "emissions/tdl_borough_wide_co2_emissions.csv"),
    ("ons-els", "ons_explore_local_statistics/healthy-life-expectancy.csv"),
]
NEW_COLUMNS = [
    "comparison",
    "comparison_basis",
    "difference_pct",
    "direction",
    "direction_basis",
    "change_pct",
    "change_from",
    "change_to",
    "status",
]


@pytest.fixture
def plan_with_data(indicator_plan):
    for format_name, file in FILES:
        import_file(plan=indicator_plan, format_name=format_name, path=SHIPPED_RAW / file)
    return indicator_plan


def _verdict(plan, slug: str):
    return verdict_for(Indicator.objects.get(plan=plan, slug=slug), place_area(plan))


def _england(verdict):
    return next(c for c in verdict.comparators if c.area.code == "E92000001")


def test_greenhouse_gas_per_person_is_compared_and_falling(plan_with_data):
    verdict = _verdict(plan_with_data, "greenhouse-gas-emissions-per-capita")
    england = _england(verdict)

    assert england.benchmark_95 is Comparison.NOT_COMPARED  # the old method, kept for the current pages
    assert england.comparison.comparison is Relation.LOWER
    assert england.comparison.basis is ComparisonBasis.DIFFERENCE
    assert round(england.comparison.difference_pct) == -27
    assert england.comparison.judgement is Comparison.BETTER
    assert (verdict.change.direction, verdict.change.basis) == (Direction.FALLING, DirectionBasis.SIZE_OF_CHANGE)
    assert (verdict.change.change_from, verdict.change.change_to) == ("2019", "2023")
    assert verdict.status.status is IndicatorStatus.MIXED  # falling, but not fast enough for net zero by 2038
    assert verdict.summary == (
        "3.50 tonnes CO2e per person in 2023: lower than England (4.78) and down 19% since 2019; "
        "not on track for the 2038 target."
    )
    assert verdict.sentence.startswith("Stockport is below England")  # the old sentence still works


def test_territorial_co2_says_falling_beside_a_falling_chart(plan_with_data):
    verdict = _verdict(plan_with_data, "territorial-co2-emissions-total")

    assert verdict.change.direction is Direction.FALLING
    assert verdict.summary.startswith("986 kilotonnes CO2e in 2023: down 17% since 2019")
    # Kilotonnes against another borough's kilotonnes: no population for 2023 in these files, so not compared.
    assert all(c.comparison.comparison is Relation.NOT_COMPARABLE for c in verdict.comparators)
    assert all("size of the area" in c.comparison.reason for c in verdict.comparators if c.observation)


def test_the_claimant_count_fell_and_is_lower_than_england(plan_with_data):
    verdict = _verdict(plan_with_data, "claimant-count-rate")

    assert verdict.change.direction is Direction.FALLING
    assert verdict.status.status is IndicatorStatus.IMPROVING
    assert _england(verdict).comparison.comparison is Relation.LOWER
    assert verdict.summary == "2.9% in 2025: lower than England (4.0%) and down 2.1 percentage points since 2021."


def test_child_poverty_is_rounded_to_the_publishers_precision_with_its_unit(plan_with_data):
    verdict = _verdict(plan_with_data, "children-relative-poverty-after-housing-costs")

    assert verdict.latest.value == pytest.approx(19.5958614)
    assert verdict.summary.startswith("19.6% in 2024/25: lower than North West (29.1%)")
    assert "19.5959" not in verdict.summary


def test_published_intervals_keep_the_fingertips_verdict(plan_with_data):
    verdict = _verdict(plan_with_data, "healthy-life-expectancy-female")
    for comparator in verdict.comparators:
        if comparator.benchmark_95 is not Comparison.NOT_COMPARED:
            assert comparator.comparison.basis is ComparisonBasis.PUBLISHED_INTERVALS
            assert comparator.comparison.judgement is comparator.benchmark_95


def test_the_cli_writes_the_analysts_columns(plan_with_data):
    result = CliRunner().invoke(
        cli, ["data", "verdicts", "--indicator", "greenhouse-gas-emissions-per-capita"], catch_exceptions=False
    )
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))

    assert list(rows[0]) == VERDICT_COLUMNS
    assert VERDICT_COLUMNS[:12] == [
        *("indicator", "area_code", "period", "breakdown", "value", "lower_95", "upper_95"),
        *("comparator_code", "comparator_value", "benchmark_95", "benchmark_998", "trend"),
    ]
    assert set(NEW_COLUMNS) <= set(VERDICT_COLUMNS)
    latest = next(row for row in rows if row["period"] == "2023" and row["comparator_code"] == "E92000001")
    assert {column: latest[column] for column in NEW_COLUMNS} == {
        "comparison": "lower",
        "comparison_basis": "difference",
        "difference_pct": "-26.78",
        "direction": "falling",
        "direction_basis": "size-of-change",
        "change_pct": "-19.35",
        "change_from": "2019",
        "change_to": "2023",
        "status": "mixed",
    }
    assert latest["benchmark_95"] == "not-compared"
    assert latest["judgement"] == "better"


def test_a_total_is_compared_per_resident_where_the_data_has_a_population(plan_with_data):
    """Census 2021 gives each borough's residents, so 2021's kilotonnes compare per resident; 2023's cannot."""
    import_file(
        plan=plan_with_data,
        format_name="census-tidy",
        path=SHIPPED_RAW / "census2021/tdl_2021_population_by_sex_la_gm.csv",
    )
    indicator = Indicator.objects.get(plan=plan_with_data, slug="territorial-co2-emissions-total")
    rows = list(verdict_rows(indicators=[indicator], areas=[place_area(plan_with_data)]))
    bury = {row["period"]: row for row in rows if row["comparator_code"] == "E08000002"}

    assert bury["2021"]["comparison_basis"] == "difference"
    assert bury["2021"]["comparison_reason"] == "compared per resident"
    assert bury["2021"]["comparison"] in ("higher", "lower", "similar")
    assert bury["2023"]["comparison"] == "not-comparable"
    assert "no population figure" in bury["2023"]["comparison_reason"]

"""The default site's data load fills the early-years quality indicators from the shipped DfE Parquet extract."""

from __future__ import annotations

import pytest

from onestockport.indicators.models import Observation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published_plan")]

# Figures as in the Department for Education's Local Authority Interactive Tool (January 2016 and 2024).
EXPECTED = {
    "early-years-funded-2-year-olds-good-outstanding": {
        ("E08000007", "2016"): 90.0,
        ("E08000007", "2024"): 98.4,
        ("E92000001", "2024"): 96.8,
        ("E12000002", "2024"): 96.8,
    },
    "early-years-funded-3-4-year-olds-good-outstanding": {
        ("E08000007", "2016"): 89.0,
        ("E08000007", "2024"): 93.7,
        ("E92000001", "2024"): 94.8,
        ("E12000002", "2024"): 95.0,
    },
}


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_the_default_data_load_fills_the_early_years_indicators(published_plan, slug):
    observations = Observation.objects.filter(indicator__plan=published_plan, indicator__slug=slug, is_current=True)
    values = {(obs.area.code, obs.period_label): obs.value for obs in observations.select_related("area")}

    assert {key: values.get(key) for key in EXPECTED[slug]} == EXPECTED[slug]
    # Nine Januaries for the place; England, the nine regions and 158 councils each year (every area
    # of the national file but Inner and Outer London, which the area register does not hold).
    assert sorted(label for code, label in values if code == "E08000007") == [str(y) for y in range(2016, 2025)]
    areas = {code for code, _ in values}
    assert (len(areas), len(values)) == (168, 9 * 168)
    assert sum(code.startswith("E12") for code in areas) == 9

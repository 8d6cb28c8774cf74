"""Every judged Fingertips-tidy row judged by the site's own basis, beside Fingertips' word (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from onestockport.indicators.agreement import DEFAULT_CATALOGUE, DEFAULT_DOCUMENT, DEFAULT_RAW_ROOT
from onestockport.indicators.agreement_bases import BasisResult, agreement_by_basis, published_relation
from onestockport.stats.benchmarking import Comparison
from onestockport.stats.comparisons import ComparisonBasis, Relation

TIDY_HEADER = "area_code,area_name,area_type,period,indicator,measure,unit,value,compared_to_England,inequality\n"
LE = "Life expectancy at birth"


@pytest.fixture(scope="module")
def shipped() -> BasisResult:
    return agreement_by_basis(DEFAULT_RAW_ROOT, catalogue=DEFAULT_CATALOGUE)


def test_every_judged_row_has_a_basis(shipped):
    assert len(shipped.rows) == 1676
    assert not shipped.skipped
    assert len(shipped.by_basis(ComparisonBasis.PUBLISHED_INTERVALS)) == 160
    assert len(shipped.by_basis(ComparisonBasis.COMPUTED_INTERVALS)) == 0  # no tidy file has counts with denominators
    assert len(shipped.by_basis(ComparisonBasis.DIFFERENCE)) == 1516


def test_where_both_methods_apply_they_agree_on_at_least_98_percent(shipped):
    assert len(shipped.tested) == 160
    assert shipped.tested_rate >= 0.98
    assert shipped.tested_rate == 1.0


def test_the_difference_basis_never_points_the_opposite_way(shipped):
    difference = shipped.by_basis(ComparisonBasis.DIFFERENCE)
    assert sum(row.opposite for row in difference) == 0
    assert sum(row.agree for row in difference) == 1241
    quiet = [r for r in difference if r.published is not Comparison.SIMILAR and r.relation is Relation.SIMILAR]
    loud = [r for r in difference if r.published is Comparison.SIMILAR and r.relation is not Relation.SIMILAR]
    assert (len(quiet), len(loud)) == (84, 191)
    assert len(difference) - 1241 == len(quiet) + len(loud)  # every difference is one of the two kinds


def test_the_documents_prose_quotes_the_basis_numbers():
    text = DEFAULT_DOCUMENT.read_text(encoding="utf-8")
    for phrase in (
        "**Published intervals: 160 rows, 160 agree (100%).**",
        "**160 of 160 rows, above the 98% required**",
        "**Computed intervals: 0 rows.**",
        "**Difference: 1,516 rows, 1,241 the same word as Fingertips (81.9%), none pointing the opposite way.**",
        "The 275 rows where the words differ",
        "**84 rows: significant, but the gap is under the threshold**",
        "**191 rows: not significant, but the gap is over the threshold**",
    ):
        assert phrase in text, phrase


@pytest.mark.parametrize(
    ("word", "polarity", "relation"),
    [
        (Comparison.BETTER, "higher-is-better", Relation.HIGHER),
        (Comparison.BETTER, "lower-is-better", Relation.LOWER),
        (Comparison.WORSE, "lower-is-better", Relation.HIGHER),
        (Comparison.HIGHER, "no-judgement", Relation.HIGHER),
        (Comparison.SIMILAR, "lower-is-better", Relation.SIMILAR),
    ],
)
def test_published_relation(word, polarity, relation):
    assert published_relation(word, polarity) is relation


def test_a_small_extract_by_the_difference_basis(tmp_path: Path):
    """Life expectancy (years, higher is better): 1.5 years below England is worse; 0.5 years is similar."""
    path = tmp_path / "public_health" / "tdl_life_expectancy.csv"
    path.parent.mkdir(parents=True)
    path.write_text(
        TIDY_HEADER
        + f"E92000001,England,Country,2021 - 23,{LE},Life expectancy,Years,79.0,Not compared,Male\n"
        + f"E08000001,Bolton,UA,2021 - 23,{LE},Life expectancy,Years,77.5,Worse,Male\n"
        + f"E08000002,Bury,UA,2021 - 23,{LE},Life expectancy,Years,78.5,Worse,Male\n"
        + f"E08000003,Manchester,UA,2021 - 23,{LE},Life expectancy,Years,80.5,Worse,Male\n",
        encoding="utf-8",
    )

    result = agreement_by_basis(tmp_path)
    bolton, bury, manchester = result.rows

    assert {row.basis for row in result.rows} == {ComparisonBasis.DIFFERENCE}
    assert (bolton.relation, bolton.judgement, bolton.agree) == (Relation.LOWER, Comparison.WORSE, True)
    assert (bury.relation, bury.agree, bury.opposite) == (Relation.SIMILAR, False, False)
    assert (manchester.relation, manchester.opposite) == (Relation.HIGHER, True)  # altered: higher, yet "Worse"
    assert result.tested == ()
    assert result.tested_rate is None

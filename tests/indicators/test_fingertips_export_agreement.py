"""Our benchmark against England, re-computed for every judged row of a real all-areas Fingertips export."""

from __future__ import annotations

from dataclasses import replace

from onestockport.indicators.agreement_export import disagreement_reason, export_agreement
from onestockport.indicators.importers.fingertips import Fingertips
from onestockport.stats.benchmarking import Comparison, Polarity
from tests.indicators.importers.support import DATA

EXPORT = DATA / "layouts" / "fingertips" / "indicators-CountyUA.data.csv"
# The export does not state polarity; Fingertips judges a higher Campylobacter rate "Worse"
# (Hartlepool 2015: 142.7 against England's 94.7, interval 119.4-169.2, published "Worse").
POLARITY = Polarity.LOWER_IS_BETTER


def test_our_england_benchmark_agrees_with_the_published_one():
    rows = Fingertips(EXPORT).read()

    result = export_agreement(rows, polarity=POLARITY)

    # 852 rows: 750 judged (283 Better, 220 Similar, 247 Worse); 102 "Not compared" (England, its
    # deprivation deciles, the regions and 10 upper-tier rows).
    assert (result.judged, result.not_judged) == (750, 102)
    assert result.share >= 0.98, [
        (d.line, d.area_name, d.period, d.published, d.ours, d.reason) for d in result.disagreements
    ]
    # Measured: every one of the 750 agrees; any disagreement is listed above with its reason.
    assert result.agreed == 750
    assert result.disagreements == []


def test_the_wrong_polarity_is_caught():
    # The check can fail: the opposite polarity turns every Better into Worse and back.
    result = export_agreement(Fingertips(EXPORT).read(), polarity=Polarity.HIGHER_IS_BETTER)

    assert result.agreed == 220  # the Similar rows only
    assert result.share < 0.98


def test_a_disagreement_names_its_reason():
    rows = Fingertips(EXPORT).read()
    hartlepool = next(row for row in rows if row.area_code == "E06000001")
    england = rows[0]

    # Synthetic edits of real rows: England's value moved onto Hartlepool's lower limit, give or take.
    on_the_edge = replace(england, value=hartlepool.lower_95 - 0.00001)
    far_off = replace(england, value=hartlepool.lower_95 - 5)

    assert "rounding at the boundary" in disagreement_reason(hartlepool, on_the_edge, "95")
    assert "99.8%" in disagreement_reason(hartlepool, far_off, "99.8")
    assert disagreement_reason(hartlepool, None, "95").startswith("no England value")
    assert disagreement_reason(hartlepool, far_off, "95").startswith("unexplained")


def test_a_published_edit_shows_as_a_listed_disagreement():
    rows = Fingertips(EXPORT).read()
    index = next(i for i, row in enumerate(rows) if row.area_code == "E06000001")
    # Synthetic: Hartlepool's published "Worse" rewritten as "Better".
    rows[index] = replace(rows[index], extra={**rows[index].extra, "compared_to_england": "Better"})

    result = export_agreement(rows, polarity=POLARITY)

    assert result.agreed == 749
    [wrong] = result.disagreements
    assert (wrong.line, wrong.area_name, wrong.published, wrong.ours) == (64, "Hartlepool", "Better", Comparison.WORSE)

"""The generic tidy template for locally collected figures: the examples parse, and each rule is checked."""

from __future__ import annotations

import csv
from pathlib import Path

from onestockport.indicators.importers.generic import Tidy

from .support import problems, read

TEMPLATE = Path(__file__).resolve().parents[3] / "onestockport" / "indicators" / "data" / "tidy-template.csv"


def test_the_documented_examples():
    trees, assistive, suppressed, survey = read(Tidy, "tidy_example.csv")

    assert (trees.source_indicator, trees.area_code, trees.period.label, trees.value) == (
        "standard-trees-planted",
        "E08000007",
        "2023/24",
        2150,
    )
    assert trees.note == "Standard trees planted by the council and partners"
    assert assistive.note == "provisional"
    assert assistive.extra == {"status": "provisional"}
    assert (suppressed.area_code, suppressed.area_level, suppressed.value) == ("E05015014", "ward", None)
    assert suppressed.missing_reason == "Fewer than 5 residents: not shown to protect privacy"
    assert (survey.lower_95, survey.upper_95, survey.count, survey.denominator) == (76.1, 80.3, 1561, 1996)
    assert (survey.category_type, survey.category) == ("Age", "65 and over")


def test_each_rule_names_its_row_and_column():
    assert problems(Tidy, "bad_tidy_rules.csv") == [
        "row 2, column 'indicator'",
        "row 3, column 'value'",
        "row 4, column 'value'",
        "row 5, column 'note'",
        "row 6, column 'lower_95'",
        "row 6, column 'breakdown'",
        "row 7, column 'value'",
        "row 8, column 'status'",
    ]


def test_the_template_is_the_header_the_importer_reads():
    with TEMPLATE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))

    assert rows == [
        [
            "indicator",
            "area_code",
            "area_name",
            "period",
            "value",
            "lower_95",
            "upper_95",
            "count",
            "denominator",
            "breakdown_type",
            "breakdown",
            "note",
            "status",
        ]
    ]

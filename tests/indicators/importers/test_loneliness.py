"""humaniverse/loneliness by LSOA 2021: one figure per LSOA for the 2020/21 survey, deciles kept."""

from __future__ import annotations

from onestockport.indicators.importers.loneliness import HumaniverseLonelinessLsoa

from .support import DATA, edited_copy, problems, read

FILE = "humaniverse_cls_loneliness_lsoa21.csv"


def test_one_figure_per_lsoa_for_the_survey_year():
    first, second = read(HumaniverseLonelinessLsoa, FILE)

    assert (first.area_code, first.area_level, first.value) == ("E01005767", "lsoa", 18.482795967484954)
    assert (first.period.label, first.period.kind) == ("2020/21", "financial_year")
    assert first.extra == {"deciles": "1"}
    assert (second.area_code, second.extra["deciles"]) == ("E01005867", "3")


def test_a_decile_outside_1_to_10_is_refused(tmp_path):
    path = edited_copy(tmp_path, FILE, 3, ",3", ",11")

    assert problems(HumaniverseLonelinessLsoa, path) == ["row 3, column 'deciles'"]


def test_a_percentage_above_100_is_refused(tmp_path):
    path = edited_copy(tmp_path, FILE, 2, "18.48", "118.48")

    assert problems(HumaniverseLonelinessLsoa, path) == ["row 2, column 'perc'"]


# Not in test_bad_files.CASES: its cut-short check cuts two characters into the middle cell, which on
# these three-cell rows leaves a whole, valid row. The same checks, by hand:


def test_a_renamed_column_is_named(tmp_path):
    path = edited_copy(tmp_path, FILE, 1, "perc", "percent")

    assert problems(HumaniverseLonelinessLsoa, path) == ["row 1, column 'percent'", "row 1, column 'perc'"]


def test_a_word_where_the_percentage_belongs(tmp_path):
    path = edited_copy(tmp_path, FILE, 2, "18.482795967484954", "eighteen")

    assert problems(HumaniverseLonelinessLsoa, path) == ["row 2, column 'perc'"]


def test_a_malformed_lsoa_code(tmp_path):
    path = edited_copy(tmp_path, FILE, 2, "E01005767", "E0100576")

    assert problems(HumaniverseLonelinessLsoa, path) == ["row 2, column 'lsoa21_code'"]


def test_a_last_row_cut_short(tmp_path):
    text = (DATA / FILE).read_text(encoding="utf-8").rstrip("\n")
    path = tmp_path / FILE
    path.write_text(text[: text.rfind(",")], encoding="utf-8")  # the decile cell and its comma lost

    assert problems(HumaniverseLonelinessLsoa, path) == ["row 3, column '(row)'"]

"""The Indices of Deprivation: MHCLG's IoD2019 files, humaniverse/IMD tables and the LA summaries."""

from __future__ import annotations

import shutil

import pytest

from onestockport.indicators.importers.deprivation import (
    HumaniverseImdLsoa,
    HumaniverseImdWard,
    IoD2019File,
    IoDLocalAuthoritySummary,
)
from onestockport.stats.periods import PeriodKind

from .support import DATA, problems, read


def test_iod2019_file_1_with_bom_crlf_and_thousands_separators():
    rows = read(IoD2019File, "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv")

    rank, decile = rows[0], rows[1]
    assert (rank.area_code, rank.area_name, rank.area_level) == ("E01005743", "Stockport 009A", "lsoa")
    assert rank.measure == "Index of Multiple Deprivation (IMD) Rank"
    assert (rank.value, rank.unit) == (14712, "rank")
    assert rank.period.label == "2019"
    assert rank.period.kind == PeriodKind.YEAR
    assert rank.extra == {
        "index_domain": "Index of Multiple Deprivation",
        "statistic": "rank",
        "la_code": "E08000007",
        "la_name": "Stockport",
    }
    assert (decile.measure, decile.value) == ("Index of Multiple Deprivation (IMD) Decile", 5)
    # The last row has no line ending after it.
    assert [(row.line, row.value) for row in rows[-2:]] == [(4, 5071), (4, 2)]


def test_iod2019_file_2_domains():
    rows = {row.measure: row for row in read(IoD2019File, "File_2_-_IoD2019_Domains_of_Deprivation.csv")}

    assert len(rows) == 16
    health = rows["Health Deprivation and Disability Rank (where 1 is most deprived)"]
    assert health.value == 11506
    assert health.extra["index_domain"] == "Health Deprivation and Disability"
    education = rows["Education, Skills and Training Decile (where 1 is most deprived 10% of LSOAs)"]
    assert (education.value, education.unit) == (4, "decile")


def test_iod2019_file_6_populations():
    rows = {row.measure: row for row in read(IoD2019File, "File_6_-_IoD2019_Population_Denominators.csv")}

    assert rows["Total population: mid 2015 (excluding prisoners)"].value == 1370
    assert rows["Older population aged 60 and over: mid 2015 (excluding prisoners)"].unit == "population"


def test_humaniverse_2025_by_lsoa21():
    rows = read(HumaniverseImdLsoa, "humaniverse_imd2025_england_lsoa21.csv")
    first = {row.measure: row for row in rows if row.area_code == "E01005767"}

    assert len(first) == 24
    assert first["IMD_decile"].value == 9
    assert first["Health_score"].value == -0.345
    assert first["Health_score"].extra["index_domain"] == "Health"
    assert first["Housing_and_Services_rank"].extra["index_domain"] == "Housing and Services"
    assert first["IMD_score"].extra["index_domain"] == "Index of Multiple Deprivation"
    assert first["IMD_rank"].period.label == "2025"
    assert first["IMD_rank"].source_indicator == "English Indices of Deprivation 2025"
    assert first["IMD_rank"].area_name == ""


def test_humaniverse_2015_by_lsoa11_with_la_columns():
    rows = read(HumaniverseImdLsoa, "humaniverse_imd2015_lsoa11_england.csv")

    score = rows[0]
    assert (score.area_code, score.area_name, score.measure, score.value) == (
        "E01005886",
        "Stockport 001A",
        "IMD_score",
        36.51,
    )
    assert score.period.label == "2015"
    assert score.extra["la_code"] == "E08000007"


def test_humaniverse_edition_comes_from_the_file_name_or_the_caller(tmp_path):
    renamed = tmp_path / "stockport_lsoa11.csv"
    shutil.copy(DATA / "humaniverse_imd2015_lsoa11_england.csv", renamed)

    assert problems(HumaniverseImdLsoa, renamed) == ["row 1, column 'lsoa11_code'"]
    assert read(HumaniverseImdLsoa, renamed, edition="2015")[0].period.label == "2015"


def test_humaniverse_ward_scores():
    rows = read(HumaniverseImdWard, "humaniverse_imd2019_england_ward.csv")
    bramhall_north = {row.measure: row for row in rows if row.area_code == "E05000779"}

    assert len(bramhall_north) == 24
    assert bramhall_north["Score"].value == pytest.approx(7.535287489469249)
    assert bramhall_north["Score"].extra["index_domain"] == "Index of Multiple Deprivation"
    assert bramhall_north["Score"].area_level == "ward"
    assert bramhall_north["Health_Score"].value == pytest.approx(-0.3500716793035664)
    assert bramhall_north["Housing_and_Access_Extent"].unit == "extent"
    assert bramhall_north["Score"].period.label == "2019"


@pytest.mark.parametrize(
    ("file", "domain", "proportion", "rank"),
    [
        ("tdl_IoD2019_lad.csv", "Index of Multiple Deprivation", 0.089499999999999996, 130),
        ("tdl_IoD2025_lad.csv", "Index of Multiple Deprivation", 0.0785, 158),
    ],
)
def test_la_summaries_in_both_headers(file, domain, proportion, rank):
    rows = read(IoDLocalAuthoritySummary, file)
    imd = {row.measure: row for row in rows if row.extra["index_domain"] == domain}

    assert imd["proportion_bottom_decile"].value == pytest.approx(proportion)
    assert imd["rank_average_score"].value == rank
    assert imd["proportion_bottom_decile"].area_code == "E08000007"
    assert imd["proportion_bottom_decile"].period.label == file[7:11]
    assert len(imd) == 6


def test_la_summary_domains_are_kept_as_written():
    domains = {row.extra["index_domain"] for row in read(IoDLocalAuthoritySummary, "tdl_IoD2025_lad.csv")}

    assert domains == {"Index of Multiple Deprivation", "Income Deprivation"}

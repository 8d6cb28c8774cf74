"""Agreement between our 95% England benchmark and Fingertips' published compared_to_England (no database)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from onestockport.indicators import agreement as module
from onestockport.indicators.agreement import (
    DEFAULT_CATALOGUE,
    DEFAULT_DOCUMENT,
    DEFAULT_RAW_ROOT,
    MAPPINGS,
    AgreementResult,
    agreement,
    compare_row,
    fingertips_tidy_files,
    published_judgement,
)
from onestockport.indicators.agreement_bases import agreement_by_basis
from onestockport.indicators.agreement_report import render_markdown, update_document
from onestockport.indicators.catalogue import read_catalogue
from onestockport.indicators.importers.base import ParsedObservation
from onestockport.stats.benchmarking import Comparison, Polarity
from onestockport.stats.periods import parse_period

TIDY_HEADER = "area_code,area_name,area_type,period,indicator,measure,unit,value,compared_to_England,inequality\n"
ELS_HEADER = "areacd,areanm,geography,indicator,period,observation,measure,unit,lci_95,uci_95,status,notes\n"
HLE = "Healthy life expectancy at birth"


@pytest.fixture(scope="module")
def shipped() -> AgreementResult:
    return agreement(DEFAULT_RAW_ROOT, catalogue=DEFAULT_CATALOGUE)


def _row(result: AgreementResult, code: str, sex: str, period: str):
    (found,) = [row for row in result.rows if (row.area_code, row.sex, row.period) == (code, sex, period)]
    return found


# --- the mapping ---------------------------------------------------------------------------------------


def test_the_mapping_finds_every_judged_healthy_life_expectancy_row(shipped):
    hle = [row for row in shipped.rows if row.indicator == HLE]

    assert len(hle) == 160
    assert {row.sex for row in hle} == {"Male", "Female"}
    assert {row.area_code for row in hle} == {f"E080000{n:02d}" for n in range(1, 11)}  # all ten GM boroughs
    assert sorted({row.period for row in hle}) == [f"{year}-{(year + 2) % 100:02d}" for year in range(2015, 2023)]
    # Fingertips "2022 - 24" lines up with ONS "2022-01-01/P3Y": the same dates.
    assert parse_period("2022 - 24") == parse_period("2022-01-01/P3Y")
    assert all(row.interval_period == row.period for row in hle)
    assert not [row for row in shipped.skipped if row.indicator == HLE]


def test_a_mapped_row_carries_the_ons_value_interval_and_england_value(shipped):
    stockport = _row(shipped, "E08000007", "Male", "2022-24")

    # indicators.yaml "Stockport check": 61.8 (England 60.9); 95% CI 58.3-65.3.
    assert (stockport.value, stockport.lower, stockport.upper) == (61.8, 58.3, 65.3)
    assert stockport.england_value == 60.9
    assert (stockport.fingertips_value, stockport.fingertips_england_value) == (61.8, 60.9)
    assert stockport.polarity is Polarity.HIGHER_IS_BETTER
    assert stockport.published is stockport.computed is Comparison.SIMILAR


def test_mapping_polarities_are_the_catalogues():
    indicators = {indicator.id: indicator for indicator in read_catalogue(DEFAULT_CATALOGUE).indicators}
    for mapping in MAPPINGS:
        entry = indicators[mapping.catalogue_id]
        assert entry.polarity == "higher-is-better"
        assert entry.source is not None
        assert entry.source.file == mapping.interval_file
        assert entry.source.selectors == {"indicator": mapping.interval_indicator}


# --- the shipped numbers (docs/fingertips-agreement.md quotes these) -----------------------------------


def test_the_shipped_agreement_is_what_the_document_says(shipped):
    assert len(shipped.files) == 14
    assert shipped.judged == 1676
    assert shipped.compared == 160
    assert len(shipped.skipped) == 1516
    assert shipped.agreed == 160
    assert shipped.disagreements == ()
    assert shipped.rate == 1.0
    assert shipped.crosstab() == Counter(
        {
            (Comparison.BETTER, Comparison.BETTER): 4,
            (Comparison.SIMILAR, Comparison.SIMILAR): 58,
            (Comparison.WORSE, Comparison.WORSE): 98,
        }
    )
    assert sum(row.on_edge for row in shipped.rows) == 3
    assert sum(abs(row.margin) <= 0.1 for row in shipped.rows) == 8
    assert sum(row.value_differs for row in shipped.rows) == 0
    assert sum(row.england_differs for row in shipped.rows) == 0
    assert sum(row.overlap_judgement is not row.published for row in shipped.rows) == 7
    judged = {summary.file: summary.judged for summary in shipped.files}
    assert judged["public_health/tdl_life_expectancy.csv"] == 180


def test_the_documents_prose_quotes_the_shipped_numbers():
    text = DEFAULT_DOCUMENT.read_text(encoding="utf-8")
    prose = text[: text.index(module.BEGIN_MARKER)]
    for phrase in (
        "**14** Fingertips-tidy files",
        "**1,676** of their rows",
        "**160** of those rows could be compared",
        "**160 of 160 agree: an agreement rate of 100%.**",
        "4 Better, 58 Similar, 98 Worse",
        "The other 1,516 judged rows",
        "In 3 rows England's value equals a limit",
        "7 published **Worse** verdicts",
    ):
        assert phrase in prose


def test_the_documents_generated_section_is_up_to_date(shipped):
    text = DEFAULT_DOCUMENT.read_text(encoding="utf-8")
    generated = render_markdown(shipped, agreement_by_basis(DEFAULT_RAW_ROOT, catalogue=DEFAULT_CATALOGUE))
    assert update_document(text, generated) == text, "run python -m onestockport.indicators.agreement"


def test_the_edge_rows_are_similar_only_because_the_limits_are_included(shipped):
    bolton = _row(shipped, "E08000001", "Female", "2020-22")

    assert (bolton.value, bolton.lower, bolton.upper, bolton.england_value) == (59.2, 55.6, 62.8, 62.8)
    assert bolton.on_edge
    assert bolton.margin == 0.0
    assert bolton.published is bolton.computed is Comparison.SIMILAR
    assert {(row.area_name, row.sex, row.period) for row in shipped.rows if row.on_edge} == {
        ("Wigan", "Female", "2015-17"),
        ("Bolton", "Female", "2020-22"),
        ("Trafford", "Female", "2022-24"),
    }


def test_no_fingertips_tidy_file_gives_counts_with_denominators(shipped):
    assert not any(summary.has_denominators for summary in shipped.files)
    with_counts = {summary.file: summary for summary in shipped.files if summary.count_rows}
    assert list(with_counts) == ["children/tdl_children_offending.csv"]
    assert with_counts["children/tdl_children_offending.csv"].judged == 0


def test_every_skipped_row_says_why(shipped):
    assert all(row.reason for row in shipped.skipped)
    reasons = {row.reason for row in shipped.skipped if row.file == "public_health/tdl_adults_depression.csv"}
    assert reasons == {module.NO_INTERVALS["Depression: QOF prevalence"]}


def test_fingertips_tidy_files_are_found_by_their_header():
    found = [path.relative_to(DEFAULT_RAW_ROOT).as_posix() for path in fingertips_tidy_files(DEFAULT_RAW_ROOT)]

    assert "public_health/tdl_healthy_life_expectancy.csv" in found
    assert "children/tdl_children_offending.csv" in found  # has the column, though it is all NA
    assert "children/tdl_neet.csv" not in found  # the 7-column tdl-tidy layout
    assert len(found) == 14


# --- worked examples -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Better", (Comparison.BETTER, "95")),
        ("Similar", (Comparison.SIMILAR, "95")),
        ("Lower", (Comparison.LOWER, "95")),
        ("Higher 99.8", (Comparison.HIGHER, "99.8")),
        ("Not compared", None),
        ("NA", None),
        ("", None),
        ("Worse 90", None),
    ],
)
def test_published_judgement(text, expected):
    assert published_judgement(text) == expected


def _observation(value, *, lower=None, upper=None, published="", code="E08000007", period="2022-01-01/P3Y"):
    return ParsedObservation(
        line=2,
        source_indicator=HLE,
        area_code=code,
        area_name="Stockport",
        period=parse_period(period),
        value=value,
        lower_95=lower,
        upper_95=upper,
        sex="Female",
        extra={"compared_to_england": published, "inequality": "Female"},
    )


def _worked(published: str, polarity: str = "higher-is-better"):
    # An area at 57.7 (CI 53.6-61.8) against England 62.0: England is outside, above the interval.
    return compare_row(
        _observation(57.7, published=published, period="2022 - 24"),
        file="example.csv",
        interval=_observation(57.7, lower=53.6, upper=61.8),
        england=_observation(62.0, code="E92000001"),
        fingertips_england_value=62.0,
        polarity=polarity,
    )


def test_worked_example_where_published_and_computed_agree():
    row = _worked("Worse")

    assert row.computed is Comparison.WORSE
    assert row.agree
    assert row.margin == pytest.approx(-0.2)
    assert not row.on_edge


def test_worked_example_where_published_and_computed_disagree():
    row = _worked("Similar")

    assert row.computed is Comparison.WORSE
    assert not row.agree
    # The overlap rule would have said similar if England's own interval reached 61.8; it has none here.
    assert row.overlap_judgement is Comparison.NOT_COMPARED


def test_worked_example_polarity_turns_the_same_numbers_round():
    assert _worked("Better", "lower-is-better").agree
    assert _worked("Lower", "no-judgement").agree


def test_compare_row_refuses_a_row_without_a_95_percent_judgement():
    with pytest.raises(ValueError, match="no 95% judgement"):
        _worked("Higher 99.8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_small_extract_end_to_end(tmp_path):
    """Agree, disagree, a 99.8% row, a missing ONS row and an unmapped indicator, from real-shaped files."""
    _write(
        tmp_path / "public_health" / "tdl_hle.csv",
        TIDY_HEADER
        + f"E92000001,England,Country,2022 - 24,{HLE},Life expectancy,Years,61.3,Not compared,Female\n"
        + f"E08000001,Bolton,UA,2022 - 24,{HLE},Life expectancy,Years,55.3,Worse,Female\n"
        + f"E08000002,Bury,UA,2022 - 24,{HLE},Life expectancy,Years,58.2,Worse,Female\n"
        + f"E08000003,Manchester,UA,2022 - 24,{HLE},Life expectancy,Years,57.7,Lower 99.8,Female\n"
        + f"E08000004,Oldham,UA,2021 - 23,{HLE},Life expectancy,Years,58.1,Worse,Female\n"
        + "E08000005,Rochdale,UA,2022 - 24,Life expectancy at birth,Life expectancy,Years,80.1,Worse,Female\n",
    )
    _write(
        tmp_path / "children" / "tdl_neet.csv",  # another layout: ignored
        "area_code,area_name,period,indicator,measure,unit,value\nE08000007,Stockport,2024,x,Percentage,Persons,1\n",
    )
    _write(
        tmp_path / "ons_explore_local_statistics" / "healthy-life-expectancy.csv",
        ELS_HEADER
        + "E92000001,England,Nation,Female healthy life expectancy,2022-01-01/P3Y,61.3,Years,yrs,61.0,61.6,,\n"
        + "E08000001,Bolton,Local Authority District,Female healthy life expectancy,2022-01-01/P3Y,55.3,Years,yrs,"
        "50,60.6,,\n"
        + "E08000002,Bury,Local Authority District,Female healthy life expectancy,2022-01-01/P3Y,58.2,Years,yrs,"
        "54.1,62.3,,\n"
        + "E08000003,Manchester,Local Authority District,Female healthy life expectancy,2022-01-01/P3Y,57.7,Years,"
        "yrs,53.6,61.8,,\n",
    )

    result = agreement(tmp_path)

    assert [summary.file for summary in result.files] == ["public_health/tdl_hle.csv"]
    assert result.judged == 5
    bolton, bury = result.rows
    assert (bolton.area_code, bolton.published, bolton.computed, bolton.agree) == (
        "E08000001",
        Comparison.WORSE,
        Comparison.WORSE,
        True,
    )
    # Bury's interval 54.1-62.3 holds England's 61.3: we say similar, the (altered) file says worse.
    assert (bury.computed, bury.agree) == (Comparison.SIMILAR, False)
    assert result.disagreements == (bury,)
    assert result.rate == 0.5
    reasons = {row.area_code: row.reason for row in result.skipped}
    assert reasons == {
        "E08000003": "published as a 99.8% test; only 95% intervals are on hand",
        "E08000004": "no value for this area and period in the interval source",
        "E08000005": module.NO_INTERVALS["Life expectancy at birth"],
    }
    markdown = render_markdown(result)
    assert "| Bury (E08000002), female, 2022-24 | 58.2 (54.1-62.3) | 61.3 | Worse | Similar |" in markdown
    assert "**50.0%**" in markdown


def test_main_checks_and_prints_without_writing(capsys):
    assert module.main(["--check"]) == 0
    output = capsys.readouterr().out
    assert "Rows compared (95% intervals on hand): 160" in output
    assert "Agreement: 160 of 160 (100.0%); disagreements: 0" in output
    assert "is up to date" in output


def test_main_leaves_the_document_alone_for_another_data_folder(tmp_path, capsys):
    _write(tmp_path / "public_health" / "x.csv", TIDY_HEADER + "E92000001,England,Country,2020,y,P,P,1,NA,NA\n")
    before = DEFAULT_DOCUMENT.read_text(encoding="utf-8")

    assert module.main(["--raw-root", str(tmp_path)]) == 0

    assert DEFAULT_DOCUMENT.read_text(encoding="utf-8") == before
    assert "rows with a published judgement: 0" in capsys.readouterr().out


def test_update_document_needs_the_markers():
    with pytest.raises(ValueError, match="BEGIN GENERATED"):
        update_document("# no markers\n", "table\n")
    text = f"intro\n{module.BEGIN_MARKER}\nold\n{module.END_MARKER}\nafter\n"
    assert update_document(text, "new\n") == f"intro\n{module.BEGIN_MARKER}\n\nnew\n\n{module.END_MARKER}\nafter\n"


def test_a_replaced_gss_code_is_matched_on_its_successor_from_the_data_file():
    mapping = MAPPINGS[0]
    row = _observation(60.0, code="E08000016")

    assert module.interval_key(mapping, "E08000016", row)[1] == "E08000038"
    assert module.interval_key(mapping, "E08000007", row)[1] == "E08000007"
    assert module.CODE_CHANGES_FILE.read_text(encoding="utf-8").startswith("# ")  # says where it comes from

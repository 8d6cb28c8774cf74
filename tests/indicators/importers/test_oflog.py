"""Oflog adult social care metrics: council rows by metric code, the median across councils as a note."""

from __future__ import annotations

from onestockport.indicators.importers.oflog import OflogAdultSocialCare

from .support import edited_copy, problems, read

FILE = "oflog_asc_data.csv"


def test_council_rows_by_metric_code_with_the_median_as_a_note():
    _, short_term, turnover = read(OflogAdultSocialCare, FILE)

    assert (short_term.source_indicator, short_term.area_code, short_term.area_level) == (
        "ASC5",
        "E08000007",
        "local-authority",
    )
    assert (short_term.period.label, short_term.period.kind) == ("2022/23", "financial_year")
    assert short_term.value == 94.3
    assert short_term.measure == "Outcome, Outcome of short-term services: sequel to service"
    assert short_term.note == "Median of English councils with adult social care responsibilities, same year: 78.2"
    assert (turnover.source_indicator, turnover.value) == ("ASC7", 37.0303637)
    assert turnover.note.endswith(": 28.0432")


def test_no_median_is_stored_as_an_england_figure():
    codes = {row.area_code for row in read(OflogAdultSocialCare, FILE)}

    assert codes == {"E06000053", "E08000007"}


def test_a_blank_value_is_missing_not_zero():
    blank = read(OflogAdultSocialCare, FILE)[0]

    assert (blank.value, blank.missing_reason) == (None, "not published")


def test_a_row_without_a_metric_code_is_refused(tmp_path):
    path = edited_copy(tmp_path, FILE, 3, ",ASC5,", ",,")

    assert problems(OflogAdultSocialCare, path) == ["row 3, column 'Code'"]


def test_an_unparseable_financial_year_is_refused(tmp_path):
    path = edited_copy(tmp_path, FILE, 4, "2022-23", "twenty-two")

    assert problems(OflogAdultSocialCare, path) == ["row 4, column 'Financial year'"]


def test_a_word_for_the_median_is_refused(tmp_path):
    path = edited_copy(tmp_path, FILE, 3, ",78.2,", ",middling,")

    assert problems(OflogAdultSocialCare, path) == ["row 3, column 'MEDIAN'"]

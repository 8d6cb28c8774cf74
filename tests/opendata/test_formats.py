"""Text that trips up CSV and JSON writers comes back unchanged, read by frictionless and by plain Python.

The one deliberate change: in CSV, text a spreadsheet would run as a formula ("=1+1") has a ' in front
(onestockport.csv_safety); numbers, and text that is a plain number ("-3.5"), are written as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from frictionless import Package

from onestockport.csv_safety import safe_cell
from onestockport.opendata.formats import FORMATS, clean
from onestockport.opendata.package import build_package, write_package
from onestockport.opendata.resources import Field, Table
from onestockport.plans.models import Action

# Synthetic rows, made for this test.
TRICKY = [
    "a comma, then more",
    'a "quoted" word',
    "two\nlines",
    "windows\r\nline end",
    "Ünïcödé \u2013 £5 € ½ \u201ccurly\u201d 😀 Llŷn",
    "  spaces around  ",
    "semi;colon\ttab",
    "=1+1",
    "@SUM(A1)",
    "-3.5",
    "null",
]
TABLE = Table(
    name="tricky",
    title="Tricky text",
    description="Synthetic rows for the round-trip test.",
    fields=(
        Field("id", "integer", "Row number.", required=True),
        Field("text", "string", "Text that needs quoting or escaping."),
        Field("amount", "number", "A number."),
        Field("day", "date", "A date."),
    ),
    primary_key=("id",),
    rows=lambda plan: iter(()),
)
ROWS = [
    {"id": index, "text": text, "amount": 0.1 * index if index % 3 else None, "day": dt.date(2026, 1, 1 + index)}
    for index, text in enumerate(TRICKY)
] + [{"id": 99, "text": "", "amount": 1e-7, "day": None}, {"id": 100, "text": "+2", "amount": -3.5, "day": None}]


def _expected(format_name: str) -> list[dict]:
    cell = safe_cell if format_name == "csv" else (lambda value: value)
    return [{name: (None if row[name] == "" else cell(row[name])) for name in TABLE.field_names} for row in ROWS]


@pytest.fixture
def tricky_package(tmp_path):
    resources = []
    for name, format in FORMATS.items():
        content, count = format.render(TABLE, ROWS)
        assert count == len(ROWS)
        (tmp_path / f"tricky.{format.extension}").write_bytes(content)
        resources.append(
            {
                "name": f"tricky-{name}",
                "type": "table",
                "path": f"tricky.{format.extension}",
                "format": name,
                "encoding": "utf-8",
                "schema": {"fields": [f.descriptor() for f in TABLE.fields], "primaryKey": ["id"]},
            }
        )
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "tricky", "resources": resources}))
    return tmp_path


def test_frictionless_reads_back_every_cell_from_both_formats(tricky_package):
    package = Package(tricky_package / "datapackage.json")
    for resource in package.resources:
        expected = _expected(resource.format)
        rows = [
            {name: (float(v) if name == "amount" and v is not None else v) for name, v in row.items()}
            for row in resource.read_rows()
        ]
        assert rows == expected, resource.name


def test_plain_python_reads_back_the_same_text(tricky_package):
    with (tricky_package / "tricky.csv").open(encoding="utf-8", newline="") as file:
        from_csv = list(csv.DictReader(file))
    from_json = json.loads((tricky_package / "tricky.json").read_text(encoding="utf-8"))

    assert [row["text"] for row in from_csv] == [*(safe_cell(text) for text in TRICKY), "", "+2"]
    assert [row["text"] for row in from_csv][TRICKY.index("=1+1")] == "'=1+1"
    assert [row["text"] for row in from_json] == [*TRICKY, None, "+2"]
    assert [row["amount"] for row in from_csv][-1] == "-3.5"
    assert [row["amount"] for row in from_json] == [clean(row["amount"]) for row in ROWS]


def test_json_has_no_nan_and_csv_no_text_for_a_missing_number():
    content, _ = FORMATS["json"].render(TABLE, [{"id": 1, "text": "x", "amount": float("nan"), "day": None}])
    assert json.loads(content) == [{"id": 1, "text": "x", "amount": None, "day": None}]
    content, _ = FORMATS["csv"].render(TABLE, [{"id": 1, "text": "x", "amount": float("inf"), "day": None}])
    assert content.decode().splitlines()[1] == "1,x,,"


@pytest.mark.django_db
def test_an_actions_tricky_text_round_trips_through_the_package(published_plan, tmp_path):
    """Edited inside this test's transaction (rolled back): the real table, the real schema."""
    action = Action.objects.filter(priority__plan=published_plan).order_by("pk").first()
    action.text = 'Build 1,000 homes, "affordable" ones\nin Heaton Mersey \u2013 £2m ☺'
    action.save(update_fields=["text"])

    write_package(build_package(plan=published_plan), tmp_path)
    package = Package(tmp_path / "datapackage.json")
    action_id = f"{action.priority.slug}/{action.number}"
    for name in ("actions", "actions-json"):
        row = next(row for row in package.get_resource(name).read_rows() if row["id"] == action_id)
        assert row["text"] == action.text, name

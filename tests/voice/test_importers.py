"""Importing survey exports: the Citizen Space layout as CSV and XLSX, validation, hashing, atomicity.
All data SYNTHETIC (tests/voice/data/README.md)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.db import connection

from onestockport.errors import InvalidInputError
from onestockport.voice.commands import voice
from onestockport.voice.importers.mapping import read_mapping, resolve_mapping, shipped_mappings
from onestockport.voice.importers.survey import hash_identifier
from onestockport.voice.models import Engagement, Question, Respondent, Response
from onestockport.voice.services import get_or_create_engagement, import_file, import_responses

CITIZEN_SPACE = read_mapping(resolve_mapping("citizen-space"))


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def as_xlsx(source: Path, target: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows_of(source):
        sheet.append(row)
    book.save(target)
    return target


def test_every_shipped_mapping_is_valid():
    assert {"citizen-space", "generic"} <= set(shipped_mappings())
    for path in shipped_mappings().values():
        read_mapping(path)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_import_the_citizen_space_layout(loaded_plan, synthetic_export, tmp_path, kind, settings):
    path = synthetic_export if kind == "csv" else as_xlsx(synthetic_export, tmp_path / "export.xlsx")
    report = import_file(plan=loaded_plan, engagement_slug="priorities-2026", path=path, mapping=CITIZEN_SPACE)
    assert report.respondents_created == 12
    engagement = Engagement.objects.get(slug="priorities-2026")
    assert engagement.channels == ["online survey"]
    assert engagement.source_format == "citizen-space"
    assert list(engagement.questions.values_list("key", "kind")) == [
        ("love-about-stockport", "text"),
        ("better-by-2030", "text"),
        ("most-important", "choice"),
    ]
    first = Respondent.objects.get(engagement=engagement, row=2)
    assert (first.age_band, first.sex, first.ethnic_group, first.carer) == ("65-74", "female", "white", "yes")
    assert (first.ward, first.ward_code, first.postcode_district) == ("Marple North", "E05015029", "SK6")
    assert first.consent_to_quote is True
    assert first.source_id_hash == hash_identifier("ANON-SYN1-0001-A", key=settings.VOICE_HASH_KEY)
    assert Respondent.objects.get(engagement=engagement, row=8).age_band == "75-plus"
    assert Response.objects.filter(respondent__engagement=engagement, question__kind=Question.Kind.TEXT).count() == 19


@pytest.mark.django_db
def test_identifiers_names_and_emails_are_never_stored(loaded_plan, synthetic_export):
    import_file(plan=loaded_plan, engagement_slug="e", path=synthetic_export, mapping=CITIZEN_SPACE)
    with connection.cursor() as cursor:
        for table in ("voice_respondent", "voice_response", "voice_engagement", "voice_question"):
            cursor.execute(f"SELECT * FROM {table}")
            dump = repr(cursor.fetchall())
            for secret in ("ANON-SYN1-0001-A", "Test Person One", "one@example.com", "SK6 7AA"):
                assert secret not in dump, (table, secret)


@pytest.mark.django_db
def test_importing_twice_changes_nothing_and_a_later_export_updates(loaded_plan, synthetic_export, tmp_path):
    import_file(plan=loaded_plan, engagement_slug="e", path=synthetic_export, mapping=CITIZEN_SPACE)
    ids = sorted(Response.objects.values_list("pk", flat=True))
    again = import_file(plan=loaded_plan, engagement_slug="e", path=synthetic_export, mapping=CITIZEN_SPACE)
    assert (again.respondents_created, again.respondents_updated, again.respondents_unchanged) == (0, 0, 12)
    assert sorted(Response.objects.values_list("pk", flat=True)) == ids
    rows = rows_of(synthetic_export)
    rows[2][10] = "55-64"  # respondent 2 corrects their age
    rows.append(
        [
            "ANON-SYN1-0013-M",
            "2026-03-08 10:00:00",
            "",
            "",
            "",
            "More school places",
            "Children",
            "No",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    later = import_file(
        plan=loaded_plan, engagement_slug="e", path=write_rows(tmp_path / "later.csv", rows), mapping=CITIZEN_SPACE
    )
    assert (later.respondents_created, later.respondents_updated, later.respondents_unchanged) == (1, 1, 11)
    assert Respondent.objects.get(row=3).age_band == "55-64"


@pytest.mark.django_db
def test_a_bad_file_names_rows_and_columns_and_writes_nothing(loaded_plan, synthetic_export, tmp_path):
    rows = rows_of(synthetic_export)
    rows[3][10] = "about 40"  # age
    rows[5][8] = "not a postcode"
    rows[6][9] = "Atlantis"  # ward
    rows[7][1] = "yesterday"  # submitted
    rows[8][0] = rows[1][0]  # a duplicate respondent
    bad = write_rows(tmp_path / "bad.csv", rows)
    with pytest.raises(InvalidInputError) as error:
        import_file(plan=loaded_plan, engagement_slug="new", path=bad, mapping=CITIZEN_SPACE)
    message = str(error.value)
    assert "5 problems; nothing was loaded" in message
    assert "row 4, column 'What is your age?': unknown answer 'about 40'" in message
    assert "row 6, column 'What is your postcode?'" in message
    assert "row 7, column 'Which ward do you live in?': 'Atlantis' is not a ward of Stockport (name or code)" in message
    assert "row 8, column 'Submitted on'" in message
    assert "row 9, column 'Response ID': the same respondent as row 2" in message
    assert not Engagement.objects.exists()
    assert not Respondent.objects.exists()


@pytest.mark.django_db
def test_an_unknown_or_missing_column_is_named(loaded_plan, synthetic_export, tmp_path):
    rows = rows_of(synthetic_export)
    rows[0][2] = "Your favourite colour"
    rows = [row[1:] for row in rows]  # no Response ID
    with pytest.raises(InvalidInputError) as error:
        import_file(
            plan=loaded_plan, engagement_slug="e", path=write_rows(tmp_path / "x.csv", rows), mapping=CITIZEN_SPACE
        )
    message = str(error.value)
    assert "row 1, column 'Your favourite colour': unknown column; add it to the mapping" in message
    assert "row 1, column 'Response ID': required column is missing" in message
    assert not Respondent.objects.exists()


@pytest.mark.django_db
def test_a_failure_half_way_rolls_back(loaded_plan, synthetic_export, monkeypatch):
    engagement = get_or_create_engagement(plan=loaded_plan, slug="e", name="E")
    from onestockport.voice import services

    calls = {"n": 0}
    original = services.store_answers

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 6:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "store_answers", failing)
    with pytest.raises(RuntimeError):
        import_responses(engagement=engagement, path=synthetic_export, mapping=CITIZEN_SPACE)
    assert not Respondent.objects.exists()


def test_mapping_problems_name_the_key_and_line(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(
        "name: broken\ncolumns:\n  - header: ID\n    role: respondent_id\n  - header: Age\n    role: demographic\n"
        "    field: shoe_size\n  - header: Comment\n    role: question\n    kind: text\n    key: comment\n"
        "    colour: red\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError) as error:
        read_mapping(path)
    message = str(error.value)
    assert "columns[1] (line 5): `field` must be one of" in message
    assert "columns[2].colour (line 12): unknown key" in message


@pytest.mark.django_db
def test_the_import_command(loaded_plan, synthetic_export, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        voice, ["import", str(synthetic_export), "--engagement", "spring", "--name", "Spring survey"]
    )
    assert result.exit_code == 0, result.output
    assert "12 respondents added" in result.output
    bad = write_rows(tmp_path / "bad.csv", [["Response ID", "Colour"], ["A1", "red"]])
    result = runner.invoke(voice, ["import", str(bad), "--engagement", "other"])
    assert result.exit_code == 1
    assert "column 'Colour': unknown column" in result.output
    assert not Engagement.objects.filter(slug="other").exists()


def _ward_rows(synthetic_export, wards: list[str]) -> list[list[str]]:
    rows = rows_of(synthetic_export)
    column = rows[0].index("Which ward do you live in?")
    for row, ward in zip(rows[1:], wards, strict=False):
        row[column] = ward
    return rows


@pytest.mark.django_db
def test_wards_are_checked_against_the_places_wards_in_the_register(loaded_plan, synthetic_export, tmp_path):
    from onestockport.places.models import Area

    council = Area.objects.get(code=loaded_plan.place_settings["code"])
    Area.objects.create(code="E05999999", name="Newly Drawn", level="ward", vintage="2023", parent=council)
    Area.objects.filter(name="Marple North").delete()
    rows = _ward_rows(synthetic_export, ["Newly Drawn", "Marple North"])

    with pytest.raises(InvalidInputError) as error:
        import_file(
            plan=loaded_plan, engagement_slug="e", path=write_rows(tmp_path / "w.csv", rows), mapping=CITIZEN_SPACE
        )

    message = str(error.value)
    assert "Newly Drawn" not in message
    assert "row 3, column 'Which ward do you live in?': 'Marple North' is not a ward of Stockport" in message


@pytest.mark.django_db
def test_an_answer_outside_the_place_leaves_the_ward_blank(loaded_plan, synthetic_export, tmp_path):
    rows = _ward_rows(synthetic_export, ["Outside Stockport", "outside the area"])

    import_file(plan=loaded_plan, engagement_slug="e", path=write_rows(tmp_path / "o.csv", rows), mapping=CITIZEN_SPACE)

    assert list(Respondent.objects.filter(row__in=[2, 3]).values_list("ward", "ward_code")) == [("", "")] * 2


def test_the_reader_names_the_place_it_was_given(synthetic_export, tmp_path):
    from onestockport.voice.importers.survey import SurveyReader
    from onestockport.voice.population import Ward, ward_index

    wards = ward_index([Ward("E05000001", "Riverside", "2023")])
    reader = SurveyReader(mapping=CITIZEN_SPACE, wards=wards, hash_key="k", place_name="Elsewhere")
    rows = _ward_rows(synthetic_export, ["Outside Elsewhere", "Riverside", "Hilltop"])
    column = rows[0].index("Which ward do you live in?")
    for row in rows[4:]:
        row[column] = ""

    with pytest.raises(InvalidInputError) as error:
        reader.read(write_rows(tmp_path / "r.csv", rows))

    problems = [problem.message for problem in error.value.problems]
    assert problems == ["'Hilltop' is not a ward of Elsewhere (name or code); map other spellings in `values`"]


def test_the_engines_citizen_space_mapping_names_no_place(settings):
    from onestockport.plans.place import place_from_file

    place = place_from_file(Path(settings.ONESTOCKPORT_PLAN_FILE))
    engine = shipped_mappings()["citizen-space"]

    assert place.name.casefold() not in engine.read_text(encoding="utf-8").casefold()
    assert [column.key for column in read_mapping(engine).questions] == ["comments"]


def test_a_plan_folders_mapping_replaces_the_engines_of_the_same_name(settings, tmp_path):
    assert resolve_mapping("citizen-space") == Path(settings.ONESTOCKPORT_PLAN_FILE).parent / "voice" / (
        "citizen-space.yaml"
    )
    assert "love-about-stockport" in [column.key for column in CITIZEN_SPACE.questions]

    settings.ONESTOCKPORT_PLAN_FILE = tmp_path / "plan.yaml"  # a plan folder with no voice/

    assert resolve_mapping("citizen-space") == shipped_mappings()["citizen-space"]

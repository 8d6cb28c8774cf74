"""Caveats, definitions and data needs are shown to the public; analysts' notes are not.

A catalogue entry's `caveats`, `definition` and `data_needed` appear on the indicator, measure and
priority pages, in the API and in the open data, so they must read as plain English for a resident.
Importer notes, file names, column names, codes and to-dos belong in `notes`, which the catalogue
accepts and nothing publishes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from onestockport.indicators.catalogue import read_catalogue
from onestockport.indicators.models import Indicator
from onestockport.indicators.services import load_catalogue
from onestockport.places.services import load_areas
from tests.conftest import REPO_ROOT

CATALOGUES = sorted((REPO_ROOT / "plans").glob("*/indicators.yaml"))
# Every catalogue text an indicator publishes as written (titles and publisher names are names).
PUBLIC_TEXTS = ("caveats", "definition", "data_needed")

FILE_NAME = re.compile(r"[\w/-]*\w\.(?:geojson|csv|xlsx?|json)\b", re.IGNORECASE)
GSS_CODE = re.compile(r"\b[EWSNK]\d{8}")
COLUMN_NAME = re.compile(r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*[A-Za-z0-9]\b")
TO_DO = re.compile(r"\bTODO\b|\bFIXME\b|before publishing|pick one", re.IGNORECASE)
# How the source file is laid out, or how this catalogue reads it, is for analysts.
FILE_TALK = re.compile(
    r"\bcolumns?\b|\brows?\b|\b(?:the|this|same) file\b|\bon hand\b|\bas published\b|\bthis catalogue\b"
    r"|\b(?:measure|unit) \"",
    re.IGNORECASE,
)
# "ABC", "KS2", "TS007A", "PM2.5", and mixed-case ones such as "DfE" or "TfGM".
ACRONYM = re.compile(r"\b([A-Z]{2,}(?:\d+(?:\.\d+)?[A-Za-z]?)?|[A-Z][a-z]{1,2}[A-Z]{1,3})s?\b")
# Abbreviations a resident reads without help; every other one is spelled out in the same text.
WELL_KNOWN = {"NHS", "UK"}


def reader_problems(text: str) -> list[str]:
    """What in a public text (caveat, definition, data needed) is written for analysts rather than readers."""
    problems = [f"file name {m.group(0)!r}" for m in FILE_NAME.finditer(text)]
    problems += [f"area code {m.group(0)!r}" for m in GSS_CODE.finditer(text)]
    problems += [f"column-style name {m.group(0)!r}" for m in COLUMN_NAME.finditer(text)]
    problems += [f"to-do {m.group(0)!r}" for m in TO_DO.finditer(text)]
    problems += [f"data-file wording {m.group(0)!r}" for m in FILE_TALK.finditer(text)]
    for acronym in sorted({m.group(1) for m in ACRONYM.finditer(text)} - WELL_KNOWN):
        # Explained: "Full Name (ABC)", "Full Names (ABCs)" or "ABC (the Full Name ...)".
        escaped = re.escape(acronym)
        explained = re.search(rf"\({escaped}s?\)|\b{escaped}s? \((?:the )?[A-Z][a-z]", text)
        if not explained:
            problems.append(f"unexplained abbreviation {acronym!r}")
    return problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Matches boundaries/wards2013.geojson, not the 2023 wards.", "file name 'boundaries/wards2013.geojson'"),
        ("See economy/tdl_gva.csv for England.", "file name 'economy/tdl_gva.csv'"),
        ("Ward rows are another borough's (E05015239..).", "area code 'E05015239'"),
        ("Trafford CSSN comparator set + England only.", "unexplained abbreviation 'CSSN'"),
        ("Trafford CIPFA set + England.", "unexplained abbreviation 'CIPFA'"),
        ('compared_to_England is always "Not compared".', "column-style name 'compared_to_England'"),
        ("value_ulev / value_all_vehicles", "column-style name 'value_ulev'"),
        ("Split by deprivation quintile (inequality column).", "data-file wording 'column'"),
        ("Rows for Stockport and England only.", "data-file wording 'Rows'"),
        ("Derived by this catalogue from published counts.", "data-file wording 'this catalogue'"),
        ("Average Progress 8 score (indicator name as published).", "data-file wording 'as published'"),
        ('Tonnes (measure "Frequency").', "data-file wording 'measure \"'"),
        ("Only all-pupil figures are on hand.", "data-file wording 'on hand'"),
        ("DfE KS2/KS4 characteristics tables.", "unexplained abbreviation 'DfE'"),
        ("DfE KS2/KS4 characteristics tables.", "unexplained abbreviation 'KS2'"),
        ("Census 2021 table TS007A.", "unexplained abbreviation 'TS007A'"),
        ("Modelled background PM2.5.", "unexplained abbreviation 'PM2.5'"),
        ("TfGM travel diary survey.", "unexplained abbreviation 'TfGM'"),
        ("Check against the publisher before publishing.", "to-do 'before publishing'"),
        ("TODO: confirm the unit.", "to-do 'TODO'"),
    ],
)
def test_the_check_catches_analysts_wording(text, expected):
    assert expected in reader_problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "Compared with councils chosen by CIPFA (the Chartered Institute of Public Finance and Accountancy).",
        "Compared with the Chartered Institute of Public Finance and Accountancy (CIPFA) neighbours.",
        "Compared with England and with an NHS list of similar councils.",
        "A total for the whole borough, not per household, for 2019-20 to 2023-24.",
        "Pupils at the end of Key Stage 2 (KS2), from the Department for Education (DfE).",
        "Nitrogen dioxide (NO2) and fine particles (PM2.5) measured across the borough.",
        "Journeys recorded by TfGM (Transport for Greater Manchester).",
        "Scores for small neighbourhoods, known as Lower layer Super Output Areas (LSOAs).",
    ],
)
def test_the_check_lets_plain_english_through(text):
    assert reader_problems(text) == []


@pytest.mark.parametrize("field", PUBLIC_TEXTS)
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.name)
def test_every_public_text_is_written_for_readers(path, field):
    problems = [
        f"{indicator.id}: {problem}"
        for indicator in read_catalogue(path).indicators
        for problem in reader_problems(getattr(indicator, field))
    ]
    assert not problems, f"{field} written for analysts (move the detail to notes):\n" + "\n".join(problems)


MARKER = "analysts-only-marker-7f3a"


@pytest.mark.django_db
def test_notes_are_accepted_and_published_nowhere(client, loaded_plan, tmp_path):
    document = yaml.safe_load(Path(settings.ONESTOCKPORT_CATALOGUE_FILE).read_text(encoding="utf-8"))
    entry = next(item for item in document["indicators"] if item["id"] == "healthy-life-expectancy-female")
    entry["notes"] = f"Importer detail: {MARKER}"
    path = tmp_path / "indicators.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")

    with_notes = read_catalogue(path)
    assert with_notes.indicators[[i.id for i in with_notes.indicators].index(entry["id"])].notes
    load_areas(data_dir=Path(settings.ONESTOCKPORT_DATA_DIR))
    load_catalogue(plan=loaded_plan, catalogue=with_notes)

    # Every public output is built from the database, so the notes must not reach it at all.
    assert MARKER not in str(list(Indicator.objects.values()))

    for address in (
        "/indicators/healthy-life-expectancy-female/",
        "/api/v1/indicators/healthy-life-expectancy-female",
        "/open-data/indicators.csv",
    ):
        response = client.get(address)
        assert response.status_code == 200, address
        assert MARKER not in response.content.decode(), address

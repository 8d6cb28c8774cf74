"""Caveats are shown to the public; analysts' notes are not.

A catalogue entry's `caveats` appears on the indicator page, in the API and in the open data, so
it must read as plain English for a resident. Importer notes, file names, codes and to-dos belong
in `notes`, which the catalogue accepts and nothing publishes.
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

FILE_NAME = re.compile(r"[\w/-]*\w\.(?:geojson|csv|xlsx?|json)\b", re.IGNORECASE)
GSS_CODE = re.compile(r"\b[EWSNK]\d{8}")
COLUMN_NAME = re.compile(r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*[A-Za-z0-9]\b")
TO_DO = re.compile(r"\bTODO\b|\bFIXME\b|before publishing|pick one", re.IGNORECASE)
ACRONYM = re.compile(r"\b([A-Z]{2,})s?\b")
# Abbreviations a resident reads without help; every other one is spelled out in the same text.
WELL_KNOWN = {"NHS", "UK"}


def caveat_problems(text: str) -> list[str]:
    """What in a public caveat is written for analysts rather than readers."""
    problems = [f"file name {m.group(0)!r}" for m in FILE_NAME.finditer(text)]
    problems += [f"area code {m.group(0)!r}" for m in GSS_CODE.finditer(text)]
    problems += [f"column-style name {m.group(0)!r}" for m in COLUMN_NAME.finditer(text)]
    problems += [f"to-do {m.group(0)!r}" for m in TO_DO.finditer(text)]
    for acronym in sorted({m.group(1) for m in ACRONYM.finditer(text)} - WELL_KNOWN):
        # Explained: "Full Name (ABC)" or "ABC (the Full Name ...)".
        explained = re.search(rf"\({acronym}\)|\b{acronym} \((?:the )?[A-Z][a-z]", text)
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
        ("Check against the publisher before publishing.", "to-do 'before publishing'"),
        ("TODO: confirm the unit.", "to-do 'TODO'"),
    ],
)
def test_the_check_catches_analysts_wording(text, expected):
    assert expected in caveat_problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "Compared with councils chosen by CIPFA (the Chartered Institute of Public Finance and Accountancy).",
        "Compared with the Chartered Institute of Public Finance and Accountancy (CIPFA) neighbours.",
        "Compared with England and with an NHS list of similar councils.",
        "A total for the whole borough, not per household, for 2019-20 to 2023-24.",
    ],
)
def test_the_check_lets_plain_english_through(text):
    assert caveat_problems(text) == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.name)
def test_every_public_caveat_is_written_for_readers(path):
    problems = [
        f"{indicator.id}: {problem}"
        for indicator in read_catalogue(path).indicators
        for problem in caveat_problems(indicator.caveats)
    ]
    assert not problems, "caveats written for analysts (move them to notes):\n" + "\n".join(problems)


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

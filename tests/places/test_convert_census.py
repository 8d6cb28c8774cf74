"""scripts/convert_census.py: Census 2021 sources (R data, Nomis CSV, ONS counts) to one small CSV."""

from __future__ import annotations

import gzip
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from .conftest import REPO_ROOT

PLACE = "E08000099"
COUNTS_HEADER = (
    "Geography code,Geography label,Geography area type,Parent area code,Parent area type,Classification,"
    "Disabled under the Equality Act,Not disabled under the Equality Act,Total,"
    "Percentage: Disabled under the Equality Act,Percentage: Not disabled under the Equality Act\n"
)


@pytest.fixture(scope="module")
def convert() -> ModuleType:
    name = "convert_census"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "scripts" / "convert_census.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def counts_file(folder: Path, name: str, rows: list[str]) -> None:
    path = folder / "places" / "census2021" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(COUNTS_HEADER + "".join(row + "\n" for row in rows))


ROWS = [
    "E00000001,E00000001,Output Area,E01000001,X 001A,disability_3a,1,9,10,10,90",
    "E01000001,X 001A,LSOA,E02000001,X 001,disability_3a,3,7,10,30,70",
    "E01000002,Y 001A,LSOA,E02000002,Y 001,disability_3a,5,5,10,50,50",
    "E02000001,X 001,MSOA,E08000099,X,disability_3a,3,7,10,30,70",
    "E02000002,Y 001,MSOA,E08000098,Y,disability_3a,5,5,10,50,50",
    "E08000099,X,Local Authority,E12000002,North West,disability_3a,3,8,11,27,73",
    "E92000001,England,Region,K04000001,England and Wales,disability_3a,20,80,100,20,80",
]


def test_the_place_lsoas_are_those_whose_msoa_is_in_the_place(convert, tmp_path):
    counts_file(tmp_path, convert.COUNTS_TABLES[0].file, ROWS)

    assert convert.place_lsoas(tmp_path, PLACE) == {"E01000001"}
    with pytest.raises(convert.ConvertError, match="no LSOAs of E08000097"):
        convert.place_lsoas(tmp_path, "E08000097")


def test_a_counts_table_keeps_the_place_lsoas_its_own_row_and_england(convert, tmp_path):
    spec = convert.CountsTable("TS038", "ons_dotdensity_counts/TS038.csv.gz", "usual residents")
    counts_file(tmp_path, spec.file, ROWS)

    rows = convert.counts_table(tmp_path, spec, PLACE, {"E01000001"})

    assert rows[:3] == [
        ("E01000001", "TS038", "Total", 10),
        ("E01000001", "TS038", "Disabled under the Equality Act", 3),
        ("E01000001", "TS038", "Not disabled under the Equality Act", 7),
    ]
    assert {row[0] for row in rows} == {"E01000001", PLACE, "E92000001"}


def test_a_bad_count_names_the_file_line_and_column(convert, tmp_path):
    spec = convert.CountsTable("TS038", "ons_dotdensity_counts/TS038.csv.gz", "usual residents")
    counts_file(tmp_path, spec.file, [ROWS[1].replace(",3,7,10,", ",3,x,10,")])

    with pytest.raises(convert.ConvertError) as caught:
        convert.counts_table(tmp_path, spec, PLACE, {"E01000001"})

    assert str(caught.value) == (
        "places/census2021/ons_dotdensity_counts/TS038.csv.gz line 2, column 'Not disabled under the Equality Act': "
        "expected a whole number, got 'x'"
    )


def test_an_rda_table_is_read_and_england_is_the_sum_of_english_lsoas(convert, tmp_path):
    import pyreadr

    frame = pd.DataFrame(
        {
            "lsoa21_code": ["E01000001", "E01000001", "E01000002", "E01000002", "W01000001", "W01000001"],
            "total_households": [10.0, 10.0, 20.0, 20.0, 5.0, 5.0],
            "tenure": ["Owned", "Rented", "Owned", "Rented", "Owned", "Rented"],
            "n": [4.0, 6.0, 15.0, 5.0, 1.0, 4.0],
        }
    )
    folder = tmp_path / "places" / "census2021"
    folder.mkdir(parents=True)
    pyreadr.write_rdata(str(folder / "tenure.rda"), frame, df_name="tenure")
    spec = convert.RdaTable("TS054", "tenure.rda", "tenure", "total_households", "households")

    rows = convert.rda_table(tmp_path, spec, {"E01000001"})

    assert rows == [
        ("E01000001", "TS054", "Total", 10),
        ("E01000001", "TS054", "Owned", 4),
        ("E01000001", "TS054", "Rented", 6),
        ("E92000001", "TS054", "Total", 30),
        ("E92000001", "TS054", "Owned", 19),
        ("E92000001", "TS054", "Rented", 11),
    ]


def test_the_nomis_age_file_is_read_past_its_preamble_and_footer(convert, tmp_path):
    path = tmp_path / "places" / "census2021" / convert.AGE_FILE
    path.parent.mkdir(parents=True)
    path.write_text(
        '"TS007A - Age by five-year age bands"\n\n'
        '"2021 super output area - lower layer","mnemonic","Total","Aged 4 years and under","Aged 5 to 9 years"\n\n'
        '"X 001A","E01000001",5,2,3\n"Y 001A","E01000002",7,3,4\n"Z 001A","W01000001",1,1,0\n\n'
        '"In line with the standard ONS confidentiality protection..."\n',
        encoding="utf-8",
    )

    rows = convert.age_table(tmp_path, {"E01000001"})

    assert rows == [
        ("E01000001", "TS007A", "Total", 5),
        ("E01000001", "TS007A", "Aged 4 years and under", 2),
        ("E01000001", "TS007A", "Aged 5 to 9 years", 3),
        ("E92000001", "TS007A", "Total", 12),
        ("E92000001", "TS007A", "Aged 4 years and under", 5),
        ("E92000001", "TS007A", "Aged 5 to 9 years", 7),
    ]


def test_the_place_code_comes_from_the_plan_file(convert, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("place:\n  code: E08000099\n", encoding="utf-8")

    assert convert.place_code(plan) == PLACE
    plan.write_text("plan: {}\n", encoding="utf-8")
    with pytest.raises(convert.ConvertError, match=r"no place\.code"):
        convert.place_code(plan)

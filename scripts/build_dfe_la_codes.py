#!/usr/bin/env python
"""Build the lookup of DfE local authority numbers (three digits, e.g. 356) to ONS GSS codes.

Written: `onestockport/indicators/importers/data/dfe_la_codes.csv`, columns

    old_la_code, new_la_code, la_name, status, source

for the `dfe-lait` importer, whose file names areas by DfE number only. Sources (real public files
read with `git show <commit>:<path>` from local mirrors; nothing typed in by hand):

* DfE's own council list, `data/las.csv` in dfe-analytical-services/dfe-published-data-qa (MIT; the
  list the Explore Education Statistics screener checks `old_la_code`/`new_la_code` pairs against):
  one row per GSS code with `old_la_code` and `status` (live/terminated). Where one number has had
  several GSS codes (a code change with the same council, such as a county becoming a unitary
  authority), the live code is kept; a number with only terminated codes (an abolished council) keeps that code.
* England and the regions have numbers only in the LAIT tool's own list, `01_data/02_prod/
  la_code_list.xlsx` in dfe-analytical-services/local-authority-interactive-tool (970 England,
  980-990 regions, 987/988 Inner/Outer London). Their GSS codes come from the screener's
  `data/country.csv` and `data/regions.csv`, matched on name (case ignored; LAIT's
  "London (Inner)" is the screener's "Inner London").

    .venv/bin/python scripts/build_dfe_la_codes.py
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import openpyxl

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT = REPO_ROOT / "onestockport" / "indicators" / "importers" / "data" / "dfe_la_codes.csv"
QA_REPOSITORY = "dfe-analytical-services/dfe-published-data-qa"
QA_MIRROR = Path("/work/.mirror/dfe-analytical-services+dfe-published-data-qa/repo")
QA_COMMIT = "bcc7ca543e7fa7c4b6f69c56c37f5cfa387b2a67"
LAIT_REPOSITORY = "dfe-analytical-services/local-authority-interactive-tool"
LAIT_MIRROR = Path("/work/.mirror/dfe-analytical-services+local-authority-interactive-tool/repo")
LAIT_COMMIT = "2e30e3959a6ab8b2d22941b84764da41a40ac91b"
LAIT_LIST = "01_data/02_prod/la_code_list.xlsx"
# LAIT numbers of areas above council level: England and the regions.
AGGREGATE_NUMBERS = range(970, 1000)


class BuildError(Exception):
    pass


def git_show(mirror: Path, commit: str, path: str) -> bytes:
    try:
        return subprocess.run(
            ["git", "--git-dir", str(mirror), "show", f"{commit}:{path}"], check=True, capture_output=True
        ).stdout
    except subprocess.CalledProcessError as exc:
        raise BuildError(f"{mirror} {commit}:{path}: {exc.stderr.decode().strip()}") from None


def read_csv(mirror: Path, commit: str, path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(git_show(mirror, commit, path).decode("utf-8-sig"))))


def council_rows(las: list[dict[str, str]]) -> list[dict[str, str]]:
    by_number: dict[str, list[dict[str, str]]] = {}
    for line, row in enumerate(las, start=2):
        number = row["old_la_code"].strip()
        if not re.fullmatch(r"\d{3}", number) or row["new_la_code"] == "z":
            # "x": counties abolished in 2009; "z": overseas establishments with no GSS code
            continue
        if not re.fullmatch(r"E\d{8}", row["new_la_code"]):
            raise BuildError(f"data/las.csv row {line}: new_la_code {row['new_la_code']!r} is not a GSS code")
        by_number.setdefault(number, []).append(row)
    out = []
    for number, rows in sorted(by_number.items()):
        live = [row for row in rows if row["status"] == "live"]
        if len(live) > 1:
            raise BuildError(f"data/las.csv: number {number} has {len(live)} live codes")
        if not live and len(rows) > 1:
            raise BuildError(f"data/las.csv: number {number} has several terminated codes and no live one")
        row = (live or rows)[0]
        out.append(
            {
                "old_la_code": number,
                "new_la_code": row["new_la_code"],
                "la_name": row["la_name"],
                "status": row["status"],
                "source": "las.csv",
            }
        )
    return out


def aggregate_rows(lait_list: bytes, names_to_codes: dict[str, str]) -> list[dict[str, str]]:
    sheet = openpyxl.load_workbook(io.BytesIO(lait_list), read_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell) for cell in next(rows)]
    number_at, name_at = header.index("LA Number"), header.index("LA Name")
    out = []
    for row in rows:
        number, name = row[number_at], str(row[name_at])
        if not isinstance(number, int) or number not in AGGREGATE_NUMBERS or "discontinued" in name:
            continue
        key = re.sub(r"^London \((Inner|Outer)\)$", r"\1 London", name).lower()
        if key not in names_to_codes:
            raise BuildError(f"{LAIT_LIST}: no country or region code for {name!r} ({number})")
        out.append(
            {
                "old_la_code": str(number),
                "new_la_code": names_to_codes[key],
                "la_name": name,
                "status": "live",
                "source": "la_code_list.xlsx + country.csv/regions.csv",
            }
        )
    return out


def header() -> str:
    return (
        "# DfE local authority numbers (three digits, as in the Local Authority Interactive Tool's `LA Number`)\n"
        "# and the ONS GSS code of each council, England and region, for the dfe-lait importer.\n"
        f"# Councils: GitHub {QA_REPOSITORY}, data/las.csv @ {QA_COMMIT} (licence MIT);\n"
        "#   where a number had several GSS codes (a council whose code changed) the live one is kept.\n"
        f"# England and regions: GitHub {LAIT_REPOSITORY}, {LAIT_LIST} @ {LAIT_COMMIT}\n"
        "#   (licence MIT; numbers 970-990), matched by name to data/country.csv and data/regions.csv of\n"
        f"#   {QA_REPOSITORY} @ {QA_COMMIT}.\n"
        "# Built by scripts/build_dfe_la_codes.py; do not edit by hand.\n"
    )


def build() -> str:
    las = read_csv(QA_MIRROR, QA_COMMIT, "data/las.csv")
    names = {
        row["country_name"].lower(): row["country_code"] for row in read_csv(QA_MIRROR, QA_COMMIT, "data/country.csv")
    }
    names |= {
        row["region_name"].lower(): row["region_code"] for row in read_csv(QA_MIRROR, QA_COMMIT, "data/regions.csv")
    }
    rows = council_rows(las) + aggregate_rows(git_show(LAIT_MIRROR, LAIT_COMMIT, LAIT_LIST), names)
    numbers = [row["old_la_code"] for row in rows]
    if len(numbers) != len(set(numbers)):
        raise BuildError("a DfE number appears twice")
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return header() + text.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        args.out.write_text(build(), encoding="utf-8")
    except BuildError as exc:
        print(f"build_dfe_la_codes: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

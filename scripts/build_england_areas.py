#!/usr/bin/env python
"""Build the engine's lookup of English areas: England, its regions, and every English council and
combined authority, current and past, by GSS code.

Written: `onestockport/places/data/england_areas.csv`, columns

    code, name, level, current, start_date, end_date, successor, region_code, source

`level` is the area register's level (country, region, combined-authority, local-authority: E06, E07,
E08, E09 and E10 councils, E47 combined authorities). `current` is "true" or "false" as the source
says; `successor` is the code that replaced a past code where the source gives one.

Sources (real public files; nothing typed in by hand):

* mySociety's register of UK local authorities, `data/packages/uk_la_past_current/
  uk_local_authorities_current.csv` in the GitHub repository mysociety/uk_local_authority_names_and_codes
  (CC BY 4.0), read with `git show <commit>:<path>` from a local mirror: English councils and combined
  authorities with their `gss-code`, `nice-name`, `start-date`, `end-date`, `current-authority` and
  `region`; each code in `former-gss-codes` is a past code of the same council (not current, its
  successor the council's code).
* ONS Explore Local Statistics CSVs (OGL v3.0, ONSdigital/explore-local-statistics-data, copied into
  the shared raw folder; its SOURCES.md gives the commit): the England row (`geography` Nation) and
  the 9 Region rows give England's and the regions' codes and names, which turn mySociety's region
  names into region codes; English council and combined authority codes the mySociety file does not
  have (newer codes) are added with the ONS name, as current.

    .venv/bin/python scripts/build_england_areas.py
    .venv/bin/python scripts/build_england_areas.py --mirror /path/to/repo --commit <sha> --els /path/to/els

Running it twice gives the same bytes. It stops with a message naming the file and row if a source
is not as expected (a missing column, a code of the wrong kind, a region name with no ONS code).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "onestockport" / "places" / "data" / "england_areas.csv"
MYSOCIETY_REPOSITORY = "mysociety/uk_local_authority_names_and_codes"
MYSOCIETY_PATH = "data/packages/uk_la_past_current/uk_local_authorities_current.csv"
MYSOCIETY_COMMIT = "67ef8b118938678401a452f4f19f669a7221cc73"
MYSOCIETY_MIRROR = Path("/work/.mirror/mysociety+uk_local_authority_names_and_codes/repo")
ELS_REPOSITORY = "ONSdigital/explore-local-statistics-data"
ELS_FOLDER = ROOT.parent / "shared" / "data" / "raw" / "ons_explore_local_statistics"

COUNCIL_PREFIXES = {"E06", "E07", "E08", "E09", "E10"}
LEVELS = dict.fromkeys(COUNCIL_PREFIXES, "local-authority") | {"E47": "combined-authority"}
GSS = re.compile(r"^E\d{8}$")
COLUMNS = ["code", "name", "level", "current", "start_date", "end_date", "successor", "region_code", "source"]
MYSOCIETY_SOURCE = "mySociety"
ONS_SOURCE = "ONS ELS"


class SourceError(Exception):
    """A source file is not as expected: the message names the file and row."""


def read_mysociety(mirror: Path, commit: str) -> list[dict[str, str]]:
    text = subprocess.run(
        ["git", "--git-dir", str(mirror), "show", f"{commit}:{MYSOCIETY_PATH}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    needed = {"gss-code", "nice-name", "start-date", "end-date", "current-authority", "nation", "region"}
    missing = needed - set(rows[0] if rows else {})
    if missing:
        raise SourceError(f"{MYSOCIETY_PATH}: missing columns {sorted(missing)}")
    return rows


def read_els(folder: Path) -> dict[str, tuple[str, str, str]]:
    """code -> (name, geography, file) for every English area in the ELS files; the first file wins."""
    found: dict[str, tuple[str, str, str]] = {}
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise SourceError(f"{folder}: no ONS Explore Local Statistics CSVs")
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                code = (row.get("areacd") or "").strip()
                if code.startswith("E") and code not in found:
                    found[code] = (row["areanm"].strip(), row["geography"].strip(), path.name)
    return found


def els_commits(folder: Path) -> list[str]:
    """The commits of the ELS repository the shared raw folder's SOURCES.md gives for its files."""
    sources = folder.parent / "SOURCES.md"
    if not sources.is_file():
        return []
    return sorted(set(re.findall(rf"`{ELS_REPOSITORY}`.*?@ commit `([0-9a-f]{{40}})`", sources.read_text("utf-8"))))


def build(mysociety: list[dict[str, str]], els: dict[str, tuple[str, str, str]]) -> list[dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    england = [code for code, (_, geography, _) in els.items() if geography in ("Nation", "Country")]
    regions = {name: code for code, (name, geography, _) in els.items() if geography == "Region"}
    if len(england) != 1 or len(regions) != 9 or any(not code.startswith("E12") for code in regions.values()):
        raise SourceError(f"ELS files: expected England and 9 English regions, found {england} and {regions}")
    out[england[0]] = _row(england[0], els[england[0]][0], "country", current=True, source=ONS_SOURCE)
    for name, code in sorted(regions.items(), key=lambda item: item[1]):
        out[code] = _row(code, name, "region", current=True, source=ONS_SOURCE)

    region_of_name: dict[tuple[str, str], str] = {}
    for line, row in enumerate(mysociety, start=2):
        code = row["gss-code"].strip()
        if row["nation"] != "England" or code[:3] not in LEVELS:
            continue
        if not GSS.match(code):
            raise SourceError(f"{MYSOCIETY_PATH} row {line}: gss-code {code!r} is not an English GSS code")
        region = row["region"].strip()
        if region and region not in regions:
            raise SourceError(f"{MYSOCIETY_PATH} row {line}: region {region!r} has no ONS region code")
        name = row["nice-name"].strip()
        region_code = regions.get(region, "")
        current = row["current-authority"].strip() == "True"
        out[code] = _row(
            code,
            name,
            LEVELS[code[:3]],
            current=current,
            start=row["start-date"].strip(),
            end=row["end-date"].strip(),
            region=region_code,
            source=MYSOCIETY_SOURCE,
        )
        region_of_name.setdefault((code[:3], name), region_code)
        for former in filter(None, (part.strip() for part in row["former-gss-codes"].split(","))):
            if not GSS.match(former) or former[:3] not in LEVELS:
                raise SourceError(f"{MYSOCIETY_PATH} row {line}: former-gss-codes {former!r} is not a council code")
            out.setdefault(
                former,
                _row(
                    former,
                    name,
                    LEVELS[former[:3]],
                    current=False,
                    successor=code,
                    region=region_code,
                    source=MYSOCIETY_SOURCE,
                ),
            )

    # Newer codes ONS already publishes figures for (e.g. a council re-coded after a boundary change).
    for code, (name, _, _) in sorted(els.items()):
        if code[:3] in LEVELS and code not in out and GSS.match(code):
            region = region_of_name.get((code[:3], name), "")
            out[code] = _row(code, name, LEVELS[code[:3]], current=True, region=region, source=ONS_SOURCE)
    return sorted(out.values(), key=lambda row: row["code"])


def _row(
    code: str,
    name: str,
    level: str,
    *,
    current: bool,
    source: str,
    start: str = "",
    end: str = "",
    successor: str = "",
    region: str = "",
) -> dict[str, str]:
    return {
        "code": code,
        "name": name,
        "level": level,
        "current": "true" if current else "false",
        "start_date": start,
        "end_date": end,
        "successor": successor,
        "region_code": region,
        "source": source,
    }


def header(commit: str, els_commit_list: list[str], rows: list[dict[str, str]]) -> str:
    councils = sum(1 for row in rows if row["level"] == "local-authority")
    current = sum(1 for row in rows if row["level"] == "local-authority" and row["current"] == "true")
    authorities = sum(1 for row in rows if row["level"] == "combined-authority")
    lines = [
        "England, its regions, and every English council (E06, E07, E08, E09, E10) and combined authority",
        f"(E47), current and past, by GSS code: {councils} council codes ({current} current), "
        f"{authorities} combined authorities.",
        "Written by scripts/build_england_areas.py; do not edit by hand.",
        f"Source (source=mySociety): GitHub {MYSOCIETY_REPOSITORY}, {MYSOCIETY_PATH}",
        f"(UK Local Authorities, past and current) @ commit {commit}; columns gss-code, nice-name,",
        "start-date, end-date, current-authority, region and former-gss-codes. Licence: CC BY 4.0, mySociety.",
        f"Source (source=ONS ELS, and region codes): GitHub {ELS_REPOSITORY} (ONS Explore Local Statistics)",
        f"@ commit {', '.join(els_commit_list) or 'unknown'}; areacd, areanm, geography. Licence: OGL v3.0.",
    ]
    return "".join(f"# {line}\n" for line in lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", type=Path, default=MYSOCIETY_MIRROR, help="git directory of the mySociety repo")
    parser.add_argument("--commit", default=MYSOCIETY_COMMIT)
    parser.add_argument("--els", type=Path, default=ELS_FOLDER, help="folder of ONS Explore Local Statistics CSVs")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    try:
        rows = build(read_mysociety(args.mirror, args.commit), read_els(args.els))
    except (SourceError, subprocess.CalledProcessError) as exc:
        print(f"build_england_areas: {exc}", file=sys.stderr)
        return 1
    buffer = io.StringIO()
    buffer.write(header(args.commit, els_commits(args.els), rows))
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(buffer.getvalue(), encoding="utf-8")
    by_level: dict[str, int] = {}
    for row in rows:
        by_level[row["level"]] = by_level.get(row["level"], 0) + 1
    print(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}: {by_level}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

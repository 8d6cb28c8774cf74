"""Build everything a plan publishes, from nothing, and say where a given name appears in it.

    python scripts/build_plan.py PLAN_SLUG OUT_DIR [--forbid NAME]

With a fresh database in OUT_DIR/var it runs, as a council would, using only documented settings
(ONESTOCKPORT_PLAN and ONESTOCKPORT_VAR_DIR): `setup`, `site build`, `report poster`,
`report annual`, `data package` and `voice import` of a few synthetic responses from the plan's
own wards. It then fetches every API answer the site links to, and lists each occurrence of NAME
in the export, the data package, the poster's text, the annual report and the API answers, with
whether it is a figure row of a table (an allowed comparator) or anything else. It exits 1 if a
command fails or NAME appears outside a table of figures.

The synthetic responses are labelled as such and go into their own engagement, never the plan's.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT_SUFFIXES = {".html", ".json", ".csv", ".txt", ".xml", ".svg", ".md", ".js", ".css", ".yaml"}


@dataclass(frozen=True)
class Occurrence:
    file: str
    line: int
    text: str
    in_figures: bool


def run(command: list[str], env: dict[str, str], log: list[str]) -> str:
    started = time.monotonic()
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    tail = (result.stdout + result.stderr).strip().splitlines()[-3:]
    log.append(f"$ {' '.join(command[1:])}  -> exit {result.returncode} in {seconds:.1f} s")
    log.extend(f"    {line}" for line in tail)
    if result.returncode != 0:
        print("\n".join(log))
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n")
        raise SystemExit(f"failed: {' '.join(command)}")
    return result.stdout


def synthetic_survey(env: dict[str, str], path: Path, log: list[str]) -> None:
    """A few responses from the plan's own wards (synthetic, labelled), in the generic layout."""
    code = (
        "from onestockport.plans.place import current_place\n"
        "from onestockport.places.models import Area\n"
        "place = current_place()\n"
        "wards = Area.objects.filter(level='ward', parent__code=place.code).order_by('code')[:3]\n"
        "print('\\n'.join('WARD:' + w.name for w in wards))\n"
    )
    wards = run([*onestockport(), "manage", "shell", "-c", code], env, log).split("\n")
    wards = [line.removeprefix("WARD:") for line in wards if line.startswith("WARD:")] or ["(no wards)"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent_id", "submitted_at", "comment", "ward", "age_band"])
        for index, ward in enumerate(wards * 2):
            comment = f"Synthetic test response {index + 1}: more buses and safer cycle routes near {ward}."
            writer.writerow([f"synthetic-{index + 1}", f"2026-11-{index + 1:02d} 10:00:00", comment, ward, "35-44"])


def onestockport() -> list[str]:
    return [sys.executable, "-m", "onestockport.cli"]


def api_answers(env: dict[str, str], out: Path, log: list[str]) -> None:
    """The API's answers: its guide, schema and lists, then every API address they link to (up to 500)."""
    code = (
        "import json, pathlib, re\n"
        "from django.test import Client\n"
        "client = Client()\n"
        f"out = pathlib.Path({str(out)!r})\n"
        "out.mkdir(parents=True, exist_ok=True)\n"
        "queue = ['/api/', '/api/v1/openapi.json', '/api/v1/', '/api/v1/plan', '/api/v1/themes', "
        "'/api/v1/priorities', '/api/v1/actions', '/api/v1/measures', '/api/v1/indicators', "
        "'/api/v1/observations']\n"
        "seen = set()\n"
        "while queue and len(seen) < 500:\n"
        "    path = queue.pop(0)\n"
        "    if path in seen:\n"
        "        continue\n"
        "    seen.add(path)\n"
        "    response = client.get(path)\n"
        "    (out / f'{len(seen):03d}.txt').write_bytes(path.encode() + b'\\n' + response.content)\n"
        "    if response.status_code != 200:\n"
        "        print('not 200:', path, response.status_code)\n"
        "        continue\n"
        "    for link in re.findall(r'(?:https?://[^/\"]+)?(/api/v1/[a-z0-9/_-]+)', response.content.decode()):\n"
        "        if '{' not in link and link not in seen:\n"
        "            queue.append(link)\n"
        "print(len(seen), 'API answers')\n"
    )
    run([*onestockport(), "manage", "shell", "-c", code], env, log)


def occurrences(folder: Path, name: str) -> list[Occurrence]:
    # A whole word: "onestockport" in a file name or address is the software, not the place.
    pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in TEXT_SUFFIXES | {""}:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        lines = text.splitlines()
        for number, line in enumerate(lines, 1):
            for match in pattern.finditer(line):
                snippet = line[max(0, match.start() - 60) : match.end() + 60].strip()
                found.append(
                    Occurrence(str(path.relative_to(folder)), number, snippet, in_figures(path, lines, number, line))
                )
    return found


def in_figures(path: Path, lines: list[str], number: int, line: str) -> bool:
    """A comparator's row in a table of figures: a CSV data row, or an HTML table row or cell."""
    if path.suffix == ".csv":
        return number > 1
    if path.suffix == ".json":
        # A record of a data table: the name is the value of an area's name field.
        return bool(re.search(r'"(area_name|name|areanm)"\s*:\s*"[^"]*"', line)) and line.lstrip().startswith(
            ("{", '"')
        )
    if path.suffix in {".html", ".svg", ""}:
        before = "\n".join(lines[max(0, number - 40) : number])
        opened = before.rfind("<table")
        closed = before.rfind("</table>")
        in_table = opened > closed or ("<td" in line or "<th" in line)
        # A chart's series name or an accessible label of a chart of figures also names comparators.
        in_chart = bool(re.search(r"<(text|title|desc)\b|aria-label=|class=\"os-chart", line))
        return in_table or in_chart
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plan")
    parser.add_argument("out", type=Path)
    parser.add_argument("--forbid", default="", help="A name that may appear only in tables of figures.")
    args = parser.parse_args()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    # Only documented settings, and none inherited: not a test run's settings module or database.
    inherited = ("ONESTOCKPORT_", "DJANGO_", "DATABASE_URL")
    env = {key: value for key, value in os.environ.items() if not key.startswith(inherited)}
    env |= {"ONESTOCKPORT_PLAN": args.plan, "ONESTOCKPORT_VAR_DIR": str(out / "var")}
    env["PYTHONPATH"] = str(ROOT)
    log: list[str] = []
    run([*onestockport(), "plan", "check"], env, log)
    run([*onestockport(), "setup"], env, log)
    run([*onestockport(), "site", "build", "--out", str(out / "export")], env, log)
    run([*onestockport(), "report", "poster", "--out", str(out / "poster" / "poster.pdf")], env, log)
    run([*onestockport(), "report", "annual", "--year", "2026", "--out", str(out / "annual")], env, log)
    run([*onestockport(), "data", "package", "--out", str(out / "package")], env, log)
    survey = out / "synthetic-survey.csv"
    synthetic_survey(env, survey, log)
    run(
        [
            *onestockport(),
            "voice",
            "import",
            str(survey),
            "--mapping",
            "generic",
            "--engagement",
            "synthetic-check",
            "--name",
            "Synthetic responses (test only)",
        ],
        env,
        log,
    )
    api_answers(env, out / "api", log)
    print("\n".join(log))
    if not args.forbid:
        return 0
    report = []
    for folder in ("export", "package", "poster", "annual", "api"):
        report += [(folder, occurrence) for occurrence in occurrences(out / folder, args.forbid)]
    allowed = [(folder, o) for folder, o in report if o.in_figures]
    refused = [(folder, o) for folder, o in report if not o.in_figures]
    summary = {
        "in_tables_of_figures": len(allowed),
        "files_with_figures": sorted({f"{folder}/{o.file}" for folder, o in allowed}),
        "elsewhere": [f"{folder}/{o.file}:{o.line}: {o.text}" for folder, o in refused],
    }
    (out / "occurrences.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(f"{args.forbid!r}: {len(allowed)} in tables of figures, {len(refused)} elsewhere")
    for line in summary["elsewhere"][:50]:
        print("  ", line)
    return 1 if refused else 0


if __name__ == "__main__":
    raise SystemExit(main())

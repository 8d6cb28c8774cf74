"""How many of the plan's indicators can be compared with England, before and after choosing the basis by the data.

    ONESTOCKPORT_VAR_DIR=/tmp/statsdb .venv/bin/onestockport setup          # load the real shipped data once
    ONESTOCKPORT_VAR_DIR=/tmp/statsdb .venv/bin/python benchmarks/comparison_coverage.py [--json]

For every published indicator, the plan's place's latest figure against England:

* before: the Fingertips benchmark on published 95% intervals only (`ComparatorResult.benchmark_95`),
  "not compared" whenever there is no interval - the method the site used alone until now;
* after: the comparison by the strongest basis the data supports (`ComparatorResult.comparison`:
  published intervals, intervals computed from counts, the size of the difference, or none).

It prints both tallies by basis and by comparison, every indicator still not comparable with its
reason, and the same tallies over every row `onestockport data verdicts` writes against England
(every period and breakdown). Nothing is written to the database.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
COUNTRY_WORD = "country"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()


def measure(plan_slug: str | None = None) -> dict:
    """The before and after tallies (see the module docstring) as plain dictionaries."""
    from onestockport.indicators.models import Indicator
    from onestockport.indicators.selectors import place_area
    from onestockport.indicators.verdicts import verdict_for, verdict_rows
    from onestockport.plans.selectors import get_plan

    plan = get_plan(plan_slug)
    place = place_area(plan)
    if place is None:
        raise SystemExit("the plan's place is not in the area register; run `onestockport setup` first")
    indicators = list(Indicator.objects.filter(plan=plan, status=Indicator.Status.PUBLISHED).order_by("position"))
    latest: list[dict] = []
    for indicator in indicators:
        verdict = verdict_for(indicator, place)
        england = next((c for c in verdict.comparators if c.area.level == COUNTRY_WORD), None)
        if verdict.latest is None:
            reason = "no figure for the place"
        elif england is None:
            reason = "no figures for England for this indicator"
        else:
            reason = england.comparison.reason
        old = str(england.benchmark_95) if england else "not-compared"
        new = england.comparison if england else None
        latest.append(
            {
                "indicator": indicator.slug,
                "period": verdict.latest.period_label if verdict.latest else "",
                "before_basis": "published-intervals" if old != "not-compared" else "none",
                "before_comparison": old,
                "after_basis": str(new.basis) if new else "none",
                "after_comparison": str(new.comparison) if new else "not-comparable",
                "after_judgement": str(new.judgement) if new else "not-compared",
                "difference_pct": new.difference_pct if new else None,
                "reason": reason if not new or str(new.comparison) == "not-comparable" else "",
                "status": str(verdict.status.status) if verdict.status else "",
                "summary": verdict.summary,
            }
        )
    england_code = _england_code()
    rows = [row for row in verdict_rows(indicators=indicators, areas=[place]) if row["comparator_code"] == england_code]
    return {
        "place": place.code,
        "indicators": len(indicators),
        "latest": latest,
        "tallies": {
            "latest_before_basis": Counter(item["before_basis"] for item in latest),
            "latest_before_comparison": Counter(item["before_comparison"] for item in latest),
            "latest_after_basis": Counter(item["after_basis"] for item in latest),
            "latest_after_comparison": Counter(item["after_comparison"] for item in latest),
            "latest_after_judgement": Counter(item["after_judgement"] for item in latest),
            "rows": len(rows),
            "rows_before_basis": Counter(
                "none" if row["benchmark_95"] == "not-compared" else "published-intervals" for row in rows
            ),
            "rows_before_comparison": Counter(str(row["benchmark_95"]) for row in rows),
            "rows_after_judgement": Counter(str(row["judgement"]) for row in rows),
            "rows_after_basis": Counter(str(row["comparison_basis"]) for row in rows),
            "rows_after_comparison": Counter(str(row["comparison"]) for row in rows),
        },
    }


def _england_code() -> str:
    from onestockport.places.models import Area

    england = Area.objects.filter(level=Area.Level.COUNTRY).order_by("code").first()
    return england.code if england else ""


def _table(title: str, before: Counter, after: Counter) -> list[str]:
    keys = sorted(set(before) | set(after))
    lines = [f"| {title} | before | after |", "|---|--:|--:|"]
    lines += [f"| {key} | {before.get(key, 0)} | {after.get(key, 0)} |" for key in keys]
    lines.append(f"| total | {sum(before.values())} | {sum(after.values())} |")
    return lines


def render(result: dict) -> str:
    tallies = result["tallies"]
    out = [f"Published indicators: {result['indicators']}; the place's latest figure against England.", ""]
    out += [*_table("comparison_basis", tallies["latest_before_basis"], tallies["latest_after_basis"]), ""]
    out += [*_table("comparison", tallies["latest_before_comparison"], tallies["latest_after_comparison"]), ""]
    out += [*_table("judgement", tallies["latest_before_comparison"], tallies["latest_after_judgement"]), ""]
    out += ["Still not comparable:", "", "| indicator | period | reason |", "|---|---|---|"]
    out += [
        f"| {item['indicator']} | {item['period'] or '-'} | {item['reason']} |"
        for item in result["latest"]
        if item["after_comparison"] == "not-comparable"
    ]
    out += ["", f"Every row against England (all periods and breakdowns): {tallies['rows']}", ""]
    out += [*_table("comparison_basis", tallies["rows_before_basis"], tallies["rows_after_basis"]), ""]
    out += [*_table("comparison", tallies["rows_before_comparison"], tallies["rows_after_comparison"]), ""]
    out += _table("judgement", tallies["rows_before_comparison"], tallies["rows_after_judgement"])
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default=None, help="plan slug (default: the site's plan)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown tables")
    options = parser.parse_args(argv)
    _setup()
    result = measure(options.plan)
    print(json.dumps(result, indent=2, default=str) if options.json else render(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

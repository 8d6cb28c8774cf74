"""The report on Fingertips agreement: the headline lines and the generated part of docs/fingertips-agreement.md.

`agreement.agreement` compares on published intervals; `agreement_bases.agreement_by_basis` judges every
row by the site's own choice of basis. This module writes both into the document, between its markers.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from onestockport.command_support import DEFAULT_SETTINGS
from onestockport.stats.benchmarking import Comparison
from onestockport.stats.comparisons import ComparisonBasis, Relation

from .agreement import (
    BEGIN_MARKER,
    CLOSE,
    DEFAULT_CATALOGUE,
    DEFAULT_DOCUMENT,
    DEFAULT_RAW_ROOT,
    END_MARKER,
    AgreementResult,
    AgreementRow,
    agreement,
)
from .agreement_bases import BasisResult, agreement_by_basis

__all__ = ["main", "render_markdown", "summary_lines", "update_document"]


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _word(comparison: Comparison) -> str:
    return str(comparison).capitalize()


def _row_label(row: AgreementRow) -> str:
    return f"{row.area_name} ({row.area_code}), {row.sex.lower()}, {row.period}"


def summary_lines(result: AgreementResult, by_basis: BasisResult | None = None) -> list[str]:
    """The headline numbers, one per line."""
    lines = [
        f"Fingertips-tidy files: {len(result.files)}; rows with a published judgement: {result.judged}",
        f"Rows compared (95% intervals on hand): {result.compared}",
        f"Agreement: {result.agreed} of {result.compared} ({_percent(result.agreed, result.compared)}); "
        f"disagreements: {len(result.disagreements)}",
        f"Rows where England's value equals a confidence limit: {sum(row.on_edge for row in result.rows)}",
        f"Rows where the tidy file's value differs from the interval source's: "
        f"{sum(row.value_differs for row in result.rows)}; England's value differs: "
        f"{sum(row.england_differs for row in result.rows)}",
    ]
    lines.extend(
        f"DISAGREES: {_row_label(row)}: published {_word(row.published)}, ours {_word(row.computed)}"
        for row in result.disagreements
    )
    if by_basis is not None:
        for basis in ComparisonBasis:
            rows = by_basis.by_basis(basis)
            if rows:
                lines.append(
                    f"By the site's basis, {basis}: {len(rows)} rows, {sum(r.agree for r in rows)} the same word "
                    f"as Fingertips, {sum(r.opposite for r in rows)} the opposite direction"
                )
        tested = by_basis.tested
        lines.append(
            f"Interval bases (Fingertips' question): {sum(r.agree for r in tested)} of {len(tested)} agree "
            f"({_percent(sum(r.agree for r in tested), len(tested))})"
        )
    return lines


RELATIONS = (Relation.HIGHER, Relation.SIMILAR, Relation.LOWER, Relation.NOT_COMPARABLE)


def _basis_lines(by_basis: BasisResult) -> list[str]:
    """The generated section on the site's own basis for every judged row."""
    out = ["### By the site's basis: every judged row", ""]
    out.append(
        "Each row judged by the basis its data supports (docs/methods.md). On the interval bases the site asks "
        "Fingertips' question, so the two should agree; the difference basis asks whether the gap is big enough "
        "to matter, a different question, so its rows are shown beside Fingertips' word, not scored."
    )
    out += ["", "| basis | rows | same word as Fingertips | different | opposite direction |", "|---|--:|--:|--:|--:|"]
    for basis in ComparisonBasis:
        rows = by_basis.by_basis(basis)
        same = sum(row.agree for row in rows)
        out.append(f"| {basis} | {len(rows)} | {same} | {len(rows) - same} | {sum(r.opposite for r in rows)} |")
    tested = by_basis.tested
    agreed = sum(row.agree for row in tested)
    out.append(f"| **interval bases** | **{len(tested)}** | **{agreed}** | **{len(tested) - agreed}** | |")
    out += ["", f"Agreement on the interval bases: **{_percent(agreed, len(tested))}**.", ""]
    for reason, count in sorted(by_basis.skipped.items()):
        out.append(f"- Not judged: {reason} ({count} rows).")
    disagreeing = [row for row in tested if not row.agree]
    out += ["#### Interval-basis disagreements", ""]
    out += (
        [
            f"- {row.area_name} ({row.area_code}), {row.indicator}, {row.sex or '-'}, {row.period}: "
            f"published {_word(row.published)}, site {_word(row.judgement)} ({row.basis})"
            for row in disagreeing
        ]
        if disagreeing
        else ["None."]
    )
    out += ["", "#### Difference basis: Fingertips' word against the size of the gap", ""]
    table = by_basis.crosstab(ComparisonBasis.DIFFERENCE)
    words = [word for word in Comparison if any(key[0] is word for key in table)]
    relations = [relation for relation in RELATIONS if any(key[1] is relation for key in table)]
    out.append("| Fingertips \\ site | " + " | ".join(str(r) for r in relations) + " |")
    out.append("|---|" + "--:|" * len(relations))
    for word in words:
        out.append(f"| {_word(word)} | " + " | ".join(str(table.get((word, r), 0)) for r in relations) + " |")
    out += ["", "#### Difference basis by indicator", ""]
    out.append(
        "| file | indicator | rows | same word | significant, gap under the threshold | not significant, gap over it |"
    )
    out.append("|---|---|--:|--:|--:|--:|")
    groups: dict[tuple[str, str], list] = {}
    for row in by_basis.by_basis(ComparisonBasis.DIFFERENCE):
        groups.setdefault((row.file, row.indicator), []).append(row)
    for (file, indicator), rows in sorted(groups.items()):
        quiet = sum(r.published is not Comparison.SIMILAR and r.relation is Relation.SIMILAR for r in rows)
        loud = sum(r.published is Comparison.SIMILAR and r.relation is not Relation.SIMILAR for r in rows)
        out.append(f"| `{file}` | {_cell(indicator)} | {len(rows)} | {sum(r.agree for r in rows)} | {quiet} | {loud} |")
    out.append("")
    return out


def render_markdown(result: AgreementResult, by_basis: BasisResult | None = None) -> str:
    """The generated part of docs/fingertips-agreement.md (between the markers)."""
    out: list[str] = []
    add = out.append
    add("### Headline")
    add("")
    add("| | rows |")
    add("|---|--:|")
    add(f"| Fingertips-tidy files (with `compared_to_England`) | {len(result.files)} |")
    add(f"| rows with a published judgement (every area in the file) | {result.judged} |")
    add(f"| rows compared (95% interval on hand for the same indicator, sex, area and period) | {result.compared} |")
    add(f"| rows that could not be compared | {len(result.skipped)} |")
    add(f"| computed = published | {result.agreed} |")
    add(f"| computed ≠ published | {len(result.disagreements)} |")
    add(f"| **agreement rate** | **{_percent(result.agreed, result.compared)}** |")
    add(
        f"| England's value exactly on a confidence limit (published similar) | {sum(r.on_edge for r in result.rows)} |"
    )
    add(f"| tidy value ≠ interval-source value | {sum(r.value_differs for r in result.rows)} |")
    add(f"| tidy England value ≠ interval-source England value | {sum(r.england_differs for r in result.rows)} |")
    overlap = sum(row.overlap_judgement is not row.published for row in result.rows)
    close = sum(abs(row.margin) <= CLOSE for row in result.rows)
    add(f"| England's value within {CLOSE} of a limit (inside or outside) | {close} |")
    add(f"| rows a CI-overlap rule (not Fingertips') would get wrong | {overlap} |")
    add("")
    add("### Mapping table")
    add("")
    add("| Fingertips-tidy indicator | sex (`inequality`) | interval file | ONS indicator | periods | polarity |")
    add("|---|---|---|---|---|---|")
    for mapping in result.mappings:
        add(
            f"| {_cell(mapping.fingertips_indicator)} | {mapping.fingertips_sex or '-'} | `{mapping.interval_file}` "
            f"| {_cell(mapping.interval_indicator)} | {_cell(mapping.period_alignment)} "
            f"| {result.polarities[mapping.catalogue_id]} (`{mapping.catalogue_id}`) |"
        )
    add("")
    add("### By file")
    add("")
    add("| file | judged rows | compared | agree | `Count` rows | why the rest are not compared |")
    add("|---|--:|--:|--:|--:|---|")
    reasons: dict[str, Counter[str]] = {}
    for skipped in result.skipped:
        reasons.setdefault(skipped.file, Counter())[skipped.reason] += 1
    for summary in result.files:
        why = "; ".join(
            f"{reason} ({count})" if len(reasons.get(summary.file, ())) > 1 else reason
            for reason, count in sorted(reasons.get(summary.file, Counter()).items())
        )
        if not summary.judged:
            why = "no published judgements (`NA`/`Not compared` only)"
        add(
            f"| `{summary.file}` | {summary.judged} | {summary.compared} | {summary.agreed} | {summary.count_rows} "
            f"| {_cell(why) or '-'} |"
        )
    add("")
    add("### Published against computed")
    add("")
    table = result.crosstab()
    outcomes = [c for c in Comparison if any(c in key for key in table)]
    add("| published \\ computed | " + " | ".join(_word(c) for c in outcomes) + " |")
    add("|---|" + "--:|" * len(outcomes))
    for published in outcomes:
        add(f"| {_word(published)} | " + " | ".join(str(table.get((published, c), 0)) for c in outcomes) + " |")
    add("")
    add("### Disagreements")
    add("")
    if result.disagreements:
        add("| row | value (95% CI) | England | published | computed |")
        add("|---|---|--:|---|---|")
        for row in result.disagreements:
            add(
                f"| {_row_label(row)} | {_number(row.value)} ({_number(row.lower)}-{_number(row.upper)}) "
                f"| {_number(row.england_value)} | {_word(row.published)} | {_word(row.computed)} |"
            )
    else:
        add("None.")
    add("")
    add("### Rows with England's value on a confidence limit")
    add("")
    edges = [row for row in result.rows if row.on_edge]
    if edges:
        add("| row | value (95% CI) | England | published | computed |")
        add("|---|---|--:|---|---|")
        for row in edges:
            add(
                f"| {_row_label(row)} | {_number(row.value)} ({_number(row.lower)}-{_number(row.upper)}) "
                f"| {_number(row.england_value)} | {_word(row.published)} | {_word(row.computed)} |"
            )
    else:
        add("None.")
    add("")
    add("### Rows a CI-overlap rule would get wrong")
    add("")
    add(
        "Not Fingertips' method: \"similar\" whenever the area's and England's 95% intervals overlap. Shown to "
        "check that the published verdicts really follow the comparator-inside-the-interval rule."
    )
    add("")
    wrong = [row for row in result.rows if row.overlap_judgement is not row.published]
    if wrong:
        add("| row | value (95% CI) | England (95% CI) | published | overlap rule |")
        add("|---|---|---|---|---|")
        for row in wrong:
            add(
                f"| {_row_label(row)} | {_number(row.value)} ({_number(row.lower)}-{_number(row.upper)}) "
                f"| {_number(row.england_value)} ({_number(row.england_lower)}-{_number(row.england_upper)}) "
                f"| {_word(row.published)} | {_word(row.overlap_judgement)} |"
            )
    else:
        add("None.")
    add("")
    if by_basis is not None:
        out.extend(_basis_lines(by_basis))
    add("### Every compared row")
    add("")
    add(
        "Value, interval and England from the interval source; `tidy` = the value in the Fingertips-tidy file. "
        "Margin = England's distance inside (+) or outside (-) the nearer limit."
    )
    add("")
    add(
        "| indicator | sex | area | period | value | 95% CI | tidy | England | tidy England | margin "
        "| published | computed | agree |"
    )
    add("|---|---|---|---|--:|---|--:|--:|--:|--:|---|---|---|")
    for row in sorted(result.rows, key=lambda r: (r.indicator, r.sex, r.area_name, r.period)):
        add(
            f"| {_cell(row.indicator)} | {row.sex or '-'} | {row.area_name} | {row.period} | {_number(row.value)} "
            f"| {_number(row.lower)}-{_number(row.upper)} | {_number(row.fingertips_value)} "
            f"| {_number(row.england_value)} | {_number(row.fingertips_england_value)} | {row.margin:+.1f} "
            f"| {_word(row.published)} | {_word(row.computed)} | {'yes' if row.agree else '**no**'} |"
        )
    return "\n".join(out) + "\n"


def update_document(text: str, generated: str) -> str:
    """`text` with everything between the markers replaced by `generated`."""
    start = text.find(BEGIN_MARKER)
    end = text.find(END_MARKER)
    if start < 0 or end < start:
        raise ValueError(f"the document needs the lines {BEGIN_MARKER!r} and {END_MARKER!r}")
    return text[: start + len(BEGIN_MARKER)] + "\n\n" + generated + "\n" + text[end:]


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m onestockport.indicators.agreement",
        description="Agreement between our 95% England benchmark and Fingertips' published compared_to_England.",
    )
    parser.add_argument("--raw-root", type=Path, default=DEFAULT_RAW_ROOT, help="raw data folder (default: shipped)")
    parser.add_argument("--catalogue", type=Path, default=DEFAULT_CATALOGUE, help="indicators.yaml for polarities")
    parser.add_argument(
        "--document",
        type=Path,
        help="Markdown file to update (default: docs/fingertips-agreement.md, and only for the shipped data)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="only say whether the document is up to date")
    mode.add_argument("--no-write", action="store_true", help="print the summary, leave the document alone")
    options = parser.parse_args(list(argv) if argv is not None else None)
    # The importers read the import limits from the settings (onestockport.limits); no database is used.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)

    result = agreement(options.raw_root, catalogue=options.catalogue)
    by_basis = agreement_by_basis(options.raw_root, catalogue=options.catalogue)
    print("\n".join(summary_lines(result, by_basis)))
    document = options.document
    if document is None and options.raw_root.resolve() == DEFAULT_RAW_ROOT.resolve():
        document = DEFAULT_DOCUMENT
    if options.no_write or document is None:
        return 0
    current = document.read_text(encoding="utf-8")
    updated = update_document(current, render_markdown(result, by_basis))
    if options.check:
        if updated != current:
            print(f"{document} is out of date; run python -m onestockport.indicators.agreement", file=sys.stderr)
            return 1
        print(f"{document} is up to date")
        return 0
    if updated != current:
        document.write_text(updated, encoding="utf-8")
        print(f"wrote {document}")
    return 0

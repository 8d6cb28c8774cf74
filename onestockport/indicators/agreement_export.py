"""Do our England benchmarks agree with the judgements in a Fingertips standard export?

Unlike the tidy extracts (`agreement.py`), the standard export carries everything needed in one file:
each area's value and 95% interval, England's value for the same period, sex and age, and the
published "Compared to England value or percentiles". For every judged row (Better/Similar/Worse,
Higher/Similar/Lower) this re-computes the verdict with `stats.benchmarking.compare` - the method the
product uses - from the file's own numbers, and counts agreements. Each disagreement is kept with the
likeliest reason: the publisher judged at 99.8%, England's value sits on the interval's edge (rounding
decides), or a number needed is missing.

Pure functions over parsed rows; nothing touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from onestockport.indicators.importers.base import ParsedObservation
from onestockport.places.national import ENGLAND
from onestockport.stats.benchmarking import Comparison, Polarity, compare

from .agreement import published_judgement

# England's value this close to a limit (relative to the interval's width) is a boundary case:
# Fingertips compares unrounded figures, the export writes them rounded.
BOUNDARY = 1e-3


@dataclass(frozen=True)
class Disagreement:
    line: int
    area_code: str
    area_name: str
    period: str
    breakdown: str
    published: str
    ours: Comparison
    reason: str


@dataclass
class ExportAgreement:
    judged: int = 0
    agreed: int = 0
    not_judged: int = 0  # "Not compared" or empty: nothing to agree with
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.agreed / self.judged if self.judged else 0.0


def export_agreement(rows: Iterable[ParsedObservation], *, polarity: Polarity | str) -> ExportAgreement:
    """Our verdict against England for every judged row of one export, beside the published one.

    `polarity` is the indicator's (the export does not say it); rows judged Higher/Lower are compared
    without one, as Fingertips does for indicators that make no judgement.
    """
    rows = list(rows)
    england = {_key(row): row for row in rows if row.area_code == ENGLAND and not row.category_type}
    result = ExportAgreement()
    for row in rows:
        published = published_judgement(row.extra.get("compared_to_england", ""))
        if published is None or row.area_code == ENGLAND:
            result.not_judged += 1
            continue
        result.judged += 1
        word, level = published
        comparator = england.get(_key(row))
        basis = Polarity.NO_JUDGEMENT if word in (Comparison.HIGHER, Comparison.LOWER) else Polarity(polarity)
        ours = compare(
            value=row.value,
            lower=row.lower_95,
            upper=row.upper_95,
            comparator_value=comparator.value if comparator else None,
            polarity=basis,
        )
        if ours == word:
            result.agreed += 1
            continue
        result.disagreements.append(
            Disagreement(
                line=row.line,
                area_code=row.area_code,
                area_name=row.area_name,
                period=row.period.label,
                breakdown="; ".join(part for part in (row.sex, row.age, row.category) if part),
                published=row.extra["compared_to_england"],
                ours=ours,
                reason=disagreement_reason(row, comparator, level),
            )
        )
    return result


def disagreement_reason(row: ParsedObservation, england: ParsedObservation | None, level: str) -> str:
    """Why our verdict may differ from the published one, most telling reason first."""
    if england is None or england.value is None:
        return "no England value for this period and breakdown in the file"
    if row.value is None or row.lower_95 is None or row.upper_95 is None:
        return "the file gives no value or 95% interval for the area"
    if level == "99.8":
        return "published at the 99.8% level; ours uses the 95% interval"
    width = row.upper_95 - row.lower_95
    edge = min(abs(england.value - row.lower_95), abs(england.value - row.upper_95))
    if width > 0 and edge <= BOUNDARY * width:
        return f"England's value {england.value} is {edge:.3g} from a 95% limit: rounding at the boundary decides"
    return "unexplained: the published judgement does not follow from the file's 95% interval"


def _key(row: ParsedObservation) -> tuple[str, str, str, str]:
    return row.source_indicator, row.period.label, row.sex, row.age

"""Do our 95% England benchmarks agree with the judgements Fingertips publishes?

Trafford Data Lab's Fingertips extracts (format `fingertips-tidy`) carry Fingertips' own verdict on
each area against England in `compared_to_England`, but no confidence intervals, so the verdict
cannot be re-derived from those files. Where another file on hand publishes 95% intervals for the
same indicator, area and period (ONS Explore Local Statistics: `lci_95`/`uci_95`), this module
re-computes the verdict with `onestockport.stats.benchmarking.compare` - the Fingertips method:
England's value inside the area's interval (limits included) is "similar", outside it is better or
worse by the indicator's polarity - and counts how often ours and the published one agree.

Choices, each explained in docs/fingertips-agreement.md:

* Mapping: an explicit table (`MAPPINGS`) links a Fingertips-tidy indicator and sex to the ONS
  indicator that carries the intervals; periods line up when they cover the same dates
  (Fingertips "2018 - 20" and ONS "2018-01-01/P3Y" both parse to 1 Jan 2018 - 31 Dec 2020).
* Values: the area's value, its interval and England's value all come from the interval source, so
  the three numbers belong together; the Fingertips-tidy values are recorded beside them and every
  row where they differ is counted.
* Polarity: the catalogue's (`indicators.yaml`) for the mapped indicator.
* Every judged row that cannot be compared is kept with the reason (`SkippedRow`).

Pure functions: files are read with the importers, nothing touches the database. The same rows judged
by the site's own choice of basis (published or computed intervals, else the size of the difference)
are in `agreement_bases`; the document is written by `agreement_report`. Regenerate it with
``python -m onestockport.indicators.agreement`` (``--check`` only reports whether it is up to date).
"""

from __future__ import annotations

import csv
import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from config.settings.base import ONESTOCKPORT_PLAN_FILE
from onestockport.indicators.catalogue import read_catalogue
from onestockport.indicators.importers.base import ParsedObservation
from onestockport.indicators.importers.fingertips import FingertipsTidy
from onestockport.indicators.importers.ons_els import OnsExploreLocalStatistics
from onestockport.places.national import ENGLAND
from onestockport.stats.benchmarking import Comparison, Polarity, compare, direction_to_comparison

from .agreement_mappings import MAPPINGS, NO_INTERVALS, NO_INTERVALS_DEFAULT, IntervalMapping

__all__ = [
    "AgreementResult",
    "AgreementRow",
    "FileSummary",
    "IntervalMapping",
    "SkippedRow",
    "agreement",
    "compare_row",
    "fingertips_tidy_files",
    "interval_key",
    "interval_sources",
    "main",
    "published_judgement",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
# The site's plan folder (ONESTOCKPORT_PLAN / ONESTOCKPORT_PLAN_FILE), read without starting Django.
PLAN_DIR = ONESTOCKPORT_PLAN_FILE.parent
DEFAULT_RAW_ROOT = PLAN_DIR / "data" / "raw"
DEFAULT_CATALOGUE = PLAN_DIR / "indicators.yaml"
DEFAULT_DOCUMENT = REPO_ROOT / "docs" / "fingertips-agreement.md"
BEGIN_MARKER = "<!-- BEGIN GENERATED: python -m onestockport.indicators.agreement -->"
END_MARKER = "<!-- END GENERATED -->"

FINGERTIPS_TIDY_COLUMNS = frozenset(
    {
        "area_code",
        "area_name",
        "area_type",
        "period",
        "indicator",
        "measure",
        "unit",
        "value",
        "compared_to_england",
        "inequality",
    }
)
# Published values that are not a judgement: the row is not counted at all.
NOT_JUDGED = frozenset({"", "NA", "Not compared"})
# "Higher 99.8" and "Lower 99.8" are Fingertips' 99.8% tests; the plain words are 95% tests.
PUBLISHED = {
    "Better": Comparison.BETTER,
    "Similar": Comparison.SIMILAR,
    "Worse": Comparison.WORSE,
    "Higher": Comparison.HIGHER,
    "Lower": Comparison.LOWER,
}
# Codes ONS changed and Fingertips extracts may still use: ONS Explore Local Statistics writes the new
# code. The changes, with their source, are a data file.
CODE_CHANGES_FILE = Path(__file__).resolve().parent / "data" / "gss_code_changes.csv"


@functools.cache
def code_successors() -> dict[str, str]:
    """Old GSS code -> the code ONS replaced it with (data/gss_code_changes.csv)."""
    with CODE_CHANGES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["old_code"].strip(): row["new_code"].strip() for row in rows}


# Two numbers closer than this are the same number (the files carry float artefacts such as 66.60000000000001).
TOLERANCE = 1e-9
# A "close call": England within one unit of the published rounding (healthy life expectancy: 0.1 years) of a limit.
CLOSE = 0.1


@dataclass(frozen=True)
class AgreementRow:
    """One judged Fingertips-tidy row with its interval: the published verdict beside ours."""

    file: str
    line: int
    indicator: str
    sex: str
    area_code: str
    area_name: str
    period: str
    interval_period: str
    value: float
    lower: float
    upper: float
    england_value: float
    england_lower: float | None
    england_upper: float | None
    fingertips_value: float | None
    fingertips_england_value: float | None
    polarity: Polarity
    published: Comparison
    computed: Comparison

    @property
    def agree(self) -> bool:
        return self.published is self.computed

    @property
    def margin(self) -> float:
        """England's distance from the nearer limit of the area's interval: positive inside, negative outside."""
        distance = min(self.england_value - self.lower, self.upper - self.england_value)
        return round(distance, 6) + 0.0  # + 0.0 turns -0.0 into 0.0

    @property
    def on_edge(self) -> bool:
        """England's value equals one of the limits: only the "limits included" rule makes this similar."""
        return abs(self.england_value - self.lower) < TOLERANCE or abs(self.england_value - self.upper) < TOLERANCE

    @property
    def value_differs(self) -> bool:
        return not _same(self.fingertips_value, self.value)

    @property
    def england_differs(self) -> bool:
        return not _same(self.fingertips_england_value, self.england_value)

    @property
    def overlap_judgement(self) -> Comparison:
        """The verdict a different (wrong) rule would give: similar whenever the two intervals overlap."""
        if self.england_lower is None or self.england_upper is None:
            return Comparison.NOT_COMPARED
        if self.lower <= self.england_upper and self.england_lower <= self.upper:
            return Comparison.SIMILAR
        return direction_to_comparison(higher=self.value >= self.england_value, polarity=self.polarity)


@dataclass(frozen=True)
class SkippedRow:
    """A row with a published judgement that could not be re-computed, and why."""

    file: str
    line: int
    indicator: str
    sex: str
    area_code: str
    period: str
    published: str
    reason: str


@dataclass(frozen=True)
class FileSummary:
    """One Fingertips-tidy file: its indicators, judged rows, and whether it gives counts and denominators."""

    file: str
    indicators: tuple[str, ...]
    rows: int
    judged: int
    compared: int
    agreed: int
    count_rows: int
    has_denominators: bool


@dataclass(frozen=True)
class AgreementResult:
    rows: tuple[AgreementRow, ...]
    skipped: tuple[SkippedRow, ...]
    files: tuple[FileSummary, ...]
    mappings: tuple[IntervalMapping, ...]
    polarities: Mapping[str, Polarity]

    @property
    def judged(self) -> int:
        return len(self.rows) + len(self.skipped)

    @property
    def compared(self) -> int:
        return len(self.rows)

    @property
    def agreed(self) -> int:
        return sum(row.agree for row in self.rows)

    @property
    def disagreements(self) -> tuple[AgreementRow, ...]:
        return tuple(row for row in self.rows if not row.agree)

    @property
    def rate(self) -> float | None:
        return self.agreed / self.compared if self.compared else None

    def crosstab(self) -> Counter[tuple[Comparison, Comparison]]:
        """(published, computed) -> rows."""
        return Counter((row.published, row.computed) for row in self.rows)


def _same(first: float | None, second: float | None) -> bool:
    if first is None or second is None:
        return first is second
    return abs(first - second) < TOLERANCE


def published_judgement(text: str) -> tuple[Comparison, str] | None:
    """('Higher 99.8') -> (HIGHER, '99.8'); ('Better') -> (BETTER, '95'); None for no judgement or unknown words."""
    text = text.strip()
    if text in NOT_JUDGED:
        return None
    word, _, level = text.partition(" ")
    if word not in PUBLISHED or level not in ("", "99.8"):
        return None
    return PUBLISHED[word], level or "95"


def fingertips_tidy_files(raw_root: Path) -> list[Path]:
    """Every CSV under `raw_root` in the fingertips-tidy layout (it carries `compared_to_England`), sorted."""
    found = []
    for path in sorted(raw_root.rglob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
        if {name.strip().lower() for name in header} == FINGERTIPS_TIDY_COLUMNS:
            found.append(path)
    return found


def compare_row(
    row: ParsedObservation,
    *,
    file: str,
    interval: ParsedObservation,
    england: ParsedObservation,
    fingertips_england_value: float | None,
    polarity: Polarity | str,
) -> AgreementRow:
    """Our verdict for one Fingertips-tidy `row`, from the interval source's area row and England row.

    The caller has checked that the row has a 95% judgement and both interval rows have a value (and
    the area row its limits).
    """
    parsed = published_judgement(row.extra.get("compared_to_england", ""))
    if parsed is None or parsed[1] != "95":
        raise ValueError(f"row {row.line} has no 95% judgement to compare")
    if interval.value is None or interval.lower_95 is None or interval.upper_95 is None:
        raise ValueError(f"the interval source row {interval.line} lacks a value or a 95% limit")
    if england.value is None:
        raise ValueError(f"the interval source's England row {england.line} has no value")
    polarity = Polarity(polarity)
    computed = compare(
        value=interval.value,
        lower=interval.lower_95,
        upper=interval.upper_95,
        comparator_value=england.value,
        polarity=polarity,
    )
    return AgreementRow(
        file=file,
        line=row.line,
        indicator=row.source_indicator,
        sex=row.sex,
        area_code=row.area_code,
        area_name=row.area_name,
        period=row.period.label,
        interval_period=interval.period.label,
        value=interval.value,
        lower=interval.lower_95,
        upper=interval.upper_95,
        england_value=england.value,
        england_lower=england.lower_95,
        england_upper=england.upper_95,
        fingertips_value=row.value,
        fingertips_england_value=fingertips_england_value,
        polarity=polarity,
        published=parsed[0],
        computed=computed,
    )


def agreement(
    raw_root: Path = DEFAULT_RAW_ROOT,
    *,
    catalogue: Path = DEFAULT_CATALOGUE,
    mappings: Sequence[IntervalMapping] = MAPPINGS,
) -> AgreementResult:
    """Compare every judged row of every Fingertips-tidy file under `raw_root` where intervals are on hand."""
    indicators = {indicator.id: indicator for indicator in read_catalogue(catalogue).indicators}
    polarities = {mapping.catalogue_id: Polarity(indicators[mapping.catalogue_id].polarity) for mapping in mappings}
    by_key = {mapping.key: mapping for mapping in mappings}
    interval_rows = interval_sources(raw_root, mappings)

    rows: list[AgreementRow] = []
    skipped: list[SkippedRow] = []
    files: list[FileSummary] = []
    for path in fingertips_tidy_files(raw_root):
        file = path.relative_to(raw_root).as_posix()
        observations = FingertipsTidy(path).read()
        tidy_england = {
            (o.source_indicator, o.extra.get("inequality", ""), o.measure, o.unit, o.period): o.value
            for o in observations
            if o.area_code == ENGLAND
        }
        file_rows: list[AgreementRow] = []
        judged = 0
        for observation in observations:
            parsed = published_judgement(observation.extra.get("compared_to_england", ""))
            if parsed is None:
                continue
            judged += 1
            sex = observation.extra.get("inequality", "")
            mapping = by_key.get((observation.source_indicator, "" if sex == "NA" else sex))
            reason = _reason(observation, parsed[1], mapping, interval_rows)
            if reason:
                skipped.append(
                    SkippedRow(
                        file=file,
                        line=observation.line,
                        indicator=observation.source_indicator,
                        sex=observation.sex,
                        area_code=observation.area_code,
                        period=observation.period.label,
                        published=observation.extra.get("compared_to_england", ""),
                        reason=reason,
                    )
                )
                continue
            assert mapping is not None
            source = interval_rows[mapping.interval_file]
            file_rows.append(
                compare_row(
                    observation,
                    file=file,
                    interval=source[_interval_key(mapping, observation.area_code, observation)],
                    england=source[_interval_key(mapping, ENGLAND, observation)],
                    fingertips_england_value=tidy_england.get(
                        (observation.source_indicator, sex, observation.measure, observation.unit, observation.period)
                    ),
                    polarity=polarities[mapping.catalogue_id],
                )
            )
        rows.extend(file_rows)
        files.append(
            FileSummary(
                file=file,
                indicators=tuple(sorted({o.source_indicator for o in observations})),
                rows=len(observations),
                judged=judged,
                compared=len(file_rows),
                agreed=sum(row.agree for row in file_rows),
                count_rows=sum(o.measure.lower() == "count" for o in observations),
                has_denominators=any(o.denominator is not None for o in observations),
            )
        )
    return AgreementResult(
        rows=tuple(rows),
        skipped=tuple(skipped),
        files=tuple(files),
        mappings=tuple(mappings),
        polarities=polarities,
    )


IntervalRows = dict[str, dict[tuple[str, str, object], ParsedObservation]]


def interval_sources(raw_root: Path, mappings: Sequence[IntervalMapping]) -> IntervalRows:
    """Each mapped interval file's rows by (ONS indicator, area code, period); empty when the file is absent."""
    interval_rows: IntervalRows = {}
    for name in sorted({mapping.interval_file for mapping in mappings}):
        path = raw_root / name
        interval_rows[name] = (
            {(o.source_indicator, o.area_code, o.period): o for o in OnsExploreLocalStatistics(path).read()}
            if path.exists()
            else {}
        )
    return interval_rows


def interval_key(mapping: IntervalMapping, code: str, row: ParsedObservation) -> tuple[str, str, object]:
    """The key of `row`'s area (`code`) and period in the mapped interval file."""
    return _interval_key(mapping, code, row)


def _interval_key(mapping: IntervalMapping, code: str, row: ParsedObservation) -> tuple[str, str, object]:
    return mapping.interval_indicator, code_successors().get(code, code), row.period


def _reason(
    row: ParsedObservation,
    level: str,
    mapping: IntervalMapping | None,
    interval_rows: Mapping[str, Mapping[tuple[str, str, object], ParsedObservation]],
) -> str:
    """Why a judged row cannot be compared, or "" when it can."""
    if mapping is None:
        return NO_INTERVALS.get(row.source_indicator, NO_INTERVALS_DEFAULT)
    if level != "95":
        return f"published as a {level}% test; only 95% intervals are on hand"
    source = interval_rows[mapping.interval_file]
    if not source:
        return f"interval file {mapping.interval_file} is not on hand"
    area = source.get(_interval_key(mapping, row.area_code, row))
    if area is None or area.value is None:
        return "no value for this area and period in the interval source"
    if area.lower_95 is None or area.upper_95 is None:
        return "the interval source gives no 95% interval for this area and period"
    england = source.get(_interval_key(mapping, ENGLAND, row))
    if england is None or england.value is None:
        return "no England value for this period in the interval source"
    return ""


def main(argv: Iterable[str] | None = None) -> int:
    """`python -m onestockport.indicators.agreement`: see `agreement_report.main`."""
    from .agreement_report import main as report_main  # the report reads this module's results

    return report_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())

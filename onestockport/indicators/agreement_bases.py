"""Every judged Fingertips-tidy row, judged again by the site's own choice of basis, beside Fingertips' word.

`agreement` checks the Fingertips method where 95% intervals are on hand. Here every row with a
published `compared_to_England` is compared the way the site now compares any figure
(`onestockport.stats.comparisons.compare_figures`), with what the site would have for it:

* **published intervals** where the mapping (`agreement_mappings.MAPPINGS`) finds them: the value,
  interval and England value from the interval source, exactly as `agreement` does;
* **computed intervals** where a row carries its count and denominator (no Fingertips-tidy file does;
  the Fingertips standard export would);
* otherwise the **difference** between the row's value and England's in the same file, judged against
  the materiality thresholds (`onestockport.stats.materiality`).

The two interval bases answer Fingertips' own question (is England outside the area's interval?), so
their agreement is the test of the method. The difference basis answers another question (is the gap
big enough to matter?), so it is reported beside Fingertips' verdict, not scored against it: what
matters there is that it never points the opposite way from a significant Fingertips verdict.

Polarity and unit come from the catalogue entry (primary source or `also_in`) whose file and selectors
pick the row out. Pure: files are read with the importers, nothing touches the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from onestockport.places.national import ENGLAND
from onestockport.stats.benchmarking import Comparison, Polarity
from onestockport.stats.comparisons import ComparisonBasis, Figure, Relation, compare_figures
from onestockport.stats.units import unit_kind, unit_multiplier, value_type_for_unit

from .agreement import (
    DEFAULT_CATALOGUE,
    DEFAULT_RAW_ROOT,
    MAPPINGS,
    IntervalMapping,
    fingertips_tidy_files,
    interval_key,
    interval_sources,
    published_judgement,
)
from .catalogue import CatalogueIndicator, read_catalogue
from .importers.base import ParsedObservation
from .importers.fingertips import FingertipsTidy

__all__ = ["INTERVAL_BASES", "BasisResult", "BasisRow", "agreement_by_basis", "published_relation"]

INTERVAL_BASES = (ComparisonBasis.PUBLISHED_INTERVALS, ComparisonBasis.COMPUTED_INTERVALS)
# The tidy row's raw columns that catalogue selectors may name.
SELECTABLE = ("indicator", "inequality", "measure", "unit")


@dataclass(frozen=True)
class BasisRow:
    """One judged row: Fingertips' word, and the site's comparison by the basis its data supports."""

    file: str
    line: int
    indicator: str
    sex: str
    area_code: str
    area_name: str
    period: str
    value: float
    england_value: float
    catalogue_id: str
    published: Comparison
    level: str
    basis: ComparisonBasis
    relation: Relation
    judgement: Comparison
    difference_pct: float | None
    published_as: Relation

    @property
    def agree(self) -> bool:
        return self.published is self.judgement

    @property
    def opposite(self) -> bool:
        """Fingertips found a significant difference one way; the site says the other way."""
        sides = (Relation.HIGHER, Relation.LOWER)
        return self.published_as in sides and self.relation in sides and self.published_as is not self.relation


@dataclass(frozen=True)
class BasisResult:
    rows: tuple[BasisRow, ...]
    skipped: Counter[str]  # reason -> rows

    def by_basis(self, basis: ComparisonBasis) -> tuple[BasisRow, ...]:
        return tuple(row for row in self.rows if row.basis is basis)

    @property
    def tested(self) -> tuple[BasisRow, ...]:
        """Rows on an interval basis: the same question Fingertips answers."""
        return tuple(row for row in self.rows if row.basis in INTERVAL_BASES)

    @property
    def tested_rate(self) -> float | None:
        tested = self.tested
        return sum(row.agree for row in tested) / len(tested) if tested else None

    def crosstab(self, basis: ComparisonBasis) -> Counter[tuple[Comparison, Relation]]:
        """(Fingertips' word, the site's relation) -> rows, for one basis."""
        return Counter((row.published, row.relation) for row in self.by_basis(basis))


def published_relation(published: Comparison, polarity: Polarity | str) -> Relation:
    """Fingertips' word as higher, lower or similar: better is higher when higher is better, and so on."""
    polarity = Polarity(polarity)
    if published is Comparison.SIMILAR:
        return Relation.SIMILAR
    if published in (Comparison.HIGHER, Comparison.LOWER):
        return Relation.HIGHER if published is Comparison.HIGHER else Relation.LOWER
    if polarity is Polarity.NO_JUDGEMENT:
        return Relation.NOT_COMPARABLE
    higher = (published is Comparison.BETTER) == (polarity is Polarity.HIGHER_IS_BETTER)
    return Relation.HIGHER if higher else Relation.LOWER


def _selectors(entry: CatalogueIndicator) -> list[tuple[str, dict[str, str]]]:
    """(file, selectors) of every fingertips-tidy source of a catalogue entry."""
    found = []
    if entry.source is not None and entry.source.format == "fingertips-tidy":
        found.append((entry.source.file, dict(entry.source.selectors)))
    for other in entry.also_in:
        if other.get("format") == "fingertips-tidy":
            found.append((str(other.get("file", "")), dict(other.get("selectors", {}))))
    return found


def _raw(row: ParsedObservation, column: str) -> str:
    return {
        "indicator": row.source_indicator,
        "inequality": row.extra.get("inequality", ""),
        "measure": row.measure,
        "unit": row.unit,
    }[column]


def _entry_for(
    file: str, row: ParsedObservation, entries: Sequence[tuple[str, dict[str, str], CatalogueIndicator]]
) -> CatalogueIndicator | None:
    """The entry whose selectors pick the row out; else one for the same file and indicator (another sex or
    breakdown of it, which has the same polarity and unit)."""
    same_indicator = None
    for source_file, selectors, entry in entries:
        if source_file != file:
            continue
        if all(column in SELECTABLE and _raw(row, column) == wanted for column, wanted in selectors.items()):
            return entry
        if same_indicator is None and selectors.get("indicator") == row.source_indicator:
            same_indicator = entry
    return same_indicator


def agreement_by_basis(
    raw_root: Path = DEFAULT_RAW_ROOT,
    *,
    catalogue: Path = DEFAULT_CATALOGUE,
    mappings: Sequence[IntervalMapping] = MAPPINGS,
) -> BasisResult:
    """Judge every row of every Fingertips-tidy file with a published judgement by the site's basis."""
    entries = [
        (file, selectors, entry)
        for entry in read_catalogue(catalogue).indicators
        for file, selectors in _selectors(entry)
    ]
    by_key = {mapping.key: mapping for mapping in mappings}
    intervals = interval_sources(raw_root, mappings)
    rows: list[BasisRow] = []
    skipped: Counter[str] = Counter()
    for path in fingertips_tidy_files(raw_root):
        file = path.relative_to(raw_root).as_posix()
        observations = FingertipsTidy(path).read()
        england = {
            (o.source_indicator, o.extra.get("inequality", ""), o.measure, o.unit, o.period): o
            for o in observations
            if o.area_code == ENGLAND
        }
        for row in observations:
            parsed = published_judgement(row.extra.get("compared_to_england", ""))
            if parsed is None:
                continue
            entry = _entry_for(file, row, entries)
            inequality = row.extra.get("inequality", "")
            other = england.get((row.source_indicator, inequality, row.measure, row.unit, row.period))
            if entry is None:
                skipped["no catalogue entry selects this row, so no polarity or unit"] += 1
                continue
            if row.value is None or other is None or other.value is None:
                skipped["no value, or no England value in the same file and period"] += 1
                continue
            area, comparator = Figure(row.value, count=row.count, denominator=row.denominator), Figure(other.value)
            mapping = by_key.get((row.source_indicator, "" if inequality == "NA" else inequality))
            if mapping is not None and parsed[1] == "95":
                source = intervals.get(mapping.interval_file, {})
                with_interval = source.get(interval_key(mapping, row.area_code, row))
                england_source = source.get(interval_key(mapping, ENGLAND, row))
                if with_interval is not None and england_source is not None and england_source.value is not None:
                    area = Figure(with_interval.value, lower_95=with_interval.lower_95, upper_95=with_interval.upper_95)
                    comparator = Figure(england_source.value)
            result = compare_figures(
                area,
                comparator,
                polarity=entry.polarity,
                kind=unit_kind(entry.unit),
                value_type=value_type_for_unit(entry.unit),
                multiplier=unit_multiplier(entry.unit),
            )
            rows.append(
                BasisRow(
                    file=file,
                    line=row.line,
                    indicator=row.source_indicator,
                    sex=row.sex,
                    area_code=row.area_code,
                    area_name=row.area_name,
                    period=row.period.label,
                    value=float(area.value),  # type: ignore[arg-type]
                    england_value=float(comparator.value),  # type: ignore[arg-type]
                    catalogue_id=entry.id,
                    published=parsed[0],
                    level=parsed[1],
                    basis=result.basis,
                    relation=result.comparison,
                    judgement=result.judgement,
                    difference_pct=result.difference_pct,
                    published_as=published_relation(parsed[0], entry.polarity),
                )
            )
    return BasisResult(rows=tuple(rows), skipped=skipped)

"""Whose voices are missing: respondents' make-up compared with the borough's population.

For each group (an age band, a sex, an ethnic group, disabled or not, unpaid carer or not, a ward)
the share of respondents who said which group they are in is compared with the group's share of the
population. The respondent share has a 95% Wilson interval
(as Fingertips computes it, via onestockport.stats.intervals); a group is **under-represented** when
the whole interval lies below its population share, **over-represented** when it lies above, and
otherwise no different at this sample size. Respondents who did not say are left out of the shares
(and counted separately), as the population has no "not stated"; so are rows the population figures
do not cover (`others`, e.g. a ward not on current boundaries).

Counts go through disclosure control first: a withheld group has no share, interval or ratio, and
its verdict is worked out from the most it could be (threshold - 1), so "under-represented" can be
said of a group with fewer than 5 respondents without revealing how many.

Pure Python on plain counts; no Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from onestockport.stats.intervals import wilson_interval

from .disclosure import DEFAULT_THRESHOLD, Cell, ProtectedTable, protect

Verdict = Literal["under-represented", "over-represented", "in-line", "not-assessed"]
VERDICT_LABELS: dict[str, str] = {
    "under-represented": "Under-represented",
    "over-represented": "Over-represented",
    "in-line": "No clear difference",
    "not-assessed": "Not assessed",
}


@dataclass(frozen=True)
class GroupComparison:
    key: str
    label: str
    cell: Cell  # the protected respondent count
    display: str
    population: float | None
    population_share: float | None  # %
    respondent_share: float | None  # % of respondents who stated a group; None when withheld
    lower: float | None  # 95% Wilson interval of the respondent share, %
    upper: float | None
    ratio: float | None  # respondent share / population share
    verdict: Verdict

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]


@dataclass(frozen=True)
class Representativeness:
    groups: tuple[GroupComparison, ...]
    table: ProtectedTable  # the respondent counts as published (including "not stated" and `others`)
    stated_total: int | None  # respondents who stated a group, when publishable
    not_stated: Cell | None
    others: tuple[Cell, ...] = ()  # published rows left out of the shares (e.g. "ward not on current boundaries")

    @property
    def not_stated_display(self) -> str:
        return self.table.display(self.not_stated) if self.not_stated else ""

    @property
    def other_rows(self) -> list[tuple[str, str]]:
        """(label, count as published) of each row left out of the shares."""
        return [(cell.label, self.table.display(cell)) for cell in self.others]

    @property
    def over_represented(self) -> list[GroupComparison]:
        return [group for group in self.groups if group.verdict == "over-represented"]

    @property
    def under_represented(self) -> list[GroupComparison]:
        return [group for group in self.groups if group.verdict == "under-represented"]


def compare(
    *,
    groups: Sequence[tuple[str, str]],
    respondents: Mapping[str, int],
    population: Mapping[str, float],
    not_stated: int = 0,
    others: Sequence[tuple[str, str, int]] = (),
    threshold: int = DEFAULT_THRESHOLD,
) -> Representativeness:
    """Compare respondent counts by group with population counts; `groups` gives the order and labels.

    `others` are further (key, label, count) rows that are published and counted in the total but,
    like "not stated", left out of the shares: respondents the population figures do not cover."""
    keys = [key for key, _ in groups]
    counts = [(key, label, int(respondents.get(key, 0))) for key, label in groups]
    extra = [(key, label, int(count)) for key, label, count in others if count]
    cells = [*counts, *extra, *([("not-stated", "Not stated", int(not_stated))] if not_stated else [])]
    table = protect(cells, threshold=threshold)
    stated = sum(count for _, _, count in counts)
    population_total = sum(population.get(key, 0.0) for key in keys if population.get(key) is not None)
    # The stated total is published only if it cannot be used to difference out a withheld cell.
    not_stated_cell = table.cell("not-stated")
    other_cells = tuple(cell for cell in (table.cell(key) for key, _, _ in extra) if cell is not None)
    stated_publishable = table.total is not None and all(
        cell.shown for cell in (*other_cells, *([not_stated_cell] if not_stated_cell else []))
    )
    results = []
    for key, label, count in counts:
        cell = table.cell(key)
        assert cell is not None
        people = population.get(key)
        pop_share = 100 * people / population_total if people is not None and population_total else None
        if cell.shown and stated_publishable and stated:
            low, high = wilson_interval(count, stated)
            share, lower, upper = 100 * count / stated, 100 * low, 100 * high
            ratio = share / pop_share if pop_share else None
            verdict = _verdict(lower, upper, pop_share)
        else:
            share = lower = upper = ratio = None
            verdict = "not-assessed"
            if cell.status == "primary" and stated and pop_share is not None:
                # The most it could be: if even that is below the population share, say so.
                _, high = wilson_interval(min(threshold - 1, stated), stated)
                verdict = "under-represented" if 100 * high < pop_share else "not-assessed"
        results.append(
            GroupComparison(
                key=key,
                label=label,
                cell=cell,
                display=table.display(cell),
                population=people,
                population_share=pop_share,
                respondent_share=share,
                lower=lower,
                upper=upper,
                ratio=ratio,
                verdict=verdict,
            )
        )
    return Representativeness(
        groups=tuple(results),
        table=table,
        stated_total=stated if stated_publishable else None,
        not_stated=not_stated_cell,
        others=other_cells,
    )


def _verdict(lower: float, upper: float, population_share: float | None) -> Verdict:
    if population_share is None:
        return "not-assessed"
    if upper < population_share:
        return "under-represented"
    if lower > population_share:
        return "over-represented"
    return "in-line"

"""Disclosure control for published counts: small counts withheld, and nothing that lets them be worked out.

Every count the public site or an export shows about respondents or responses goes through
`protect()`, one table at a time:

1. **Primary suppression.** A count below the threshold (default 5, settings.VOICE_DISCLOSURE_THRESHOLD),
   zero included, is shown as "fewer than 5"; it has no percentage and no chart value.
2. **Secondary suppression.** When the table's total is published, a reader knows the withheld cells
   add up to the total less the shown ones. For each withheld cell we work out the range of values
   a reader could deduce from that sum and from what the labels say (a primary cell is 0 to 4; a
   secondary one is at least 5). While any withheld cell's range holds fewer than three values, the
   smallest shown cell is withheld too ("not shown"); if no cell is left to withhold, the total is withheld.
   So, for example, one small cell never stands alone, two cells of 4 are not left summing to 8, and
   a withheld 0 beside a withheld 5 is not left summing to 5.
3. Percentages are of the published total, only for shown cells; with the total withheld there are
   none.

Pure Python on plain counts; no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

DEFAULT_THRESHOLD = 5
# A withheld cell counts as protected when a reader's deduced range for it spans at least this much
# (three possible values or more), so no table narrows a small count to one value or two.
PROTECTION_WIDTH = 2
Status = Literal["shown", "primary", "secondary"]


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    count: int | None  # None when withheld: a withheld count never leaves this module
    status: Status
    share: float | None  # percentage of the published total, shown cells only

    @property
    def shown(self) -> bool:
        return self.status == "shown"


@dataclass(frozen=True)
class ProtectedTable:
    cells: tuple[Cell, ...]
    total: int | None
    total_status: Status
    threshold: int

    def display(self, cell: Cell) -> str:
        return display(cell.count, cell.status, self.threshold)

    @property
    def total_display(self) -> str:
        return display(self.total, self.total_status, self.threshold)

    @property
    def any_withheld(self) -> bool:
        return any(not cell.shown for cell in self.cells) or self.total_status != "shown"

    def cell(self, key: str) -> Cell | None:
        return next((cell for cell in self.cells if cell.key == key), None)


def display(count: int | None, status: Status, threshold: int = DEFAULT_THRESHOLD) -> str:
    if status == "primary":
        return f"fewer than {threshold}"
    if status == "secondary" or count is None:
        return "not shown"
    return f"{count:,}"


def protect(
    counts: Sequence[tuple[str, str, int]],
    *,
    total: int | None = None,
    publish_total: bool = True,
    threshold: int = DEFAULT_THRESHOLD,
) -> ProtectedTable:
    """Protect a one-way table of `(key, label, count)` cells whose `total` (default: their sum) is published.

    With `publish_total=False` only primary suppression applies (no total to difference against),
    which suits a lone figure such as one priority's count on its own page, when the same count is
    not published beside a total elsewhere.
    """
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    values = [int(count) for _, _, count in counts]
    if any(value < 0 for value in values):
        raise ValueError("counts cannot be negative")
    whole = sum(values) if total is None else int(total)
    status: list[Status] = ["primary" if value < threshold else "shown" for value in values]
    total_status: Status = "shown"
    if publish_total:
        if whole < threshold:
            total_status = "primary"  # and every cell is below the threshold too
        while (
            total_status == "shown"
            and any(s != "shown" for s in status)
            and not _all_protected(values, status, whole, threshold)
        ):
            shown = [i for i, s in enumerate(status) if s == "shown"]
            if not shown:
                total_status = "secondary"
                break
            status[min(shown, key=lambda i: (values[i], i))] = "secondary"
    published_total = whole if publish_total and total_status == "shown" else None
    cells = tuple(
        Cell(
            key=key,
            label=label,
            count=value if state == "shown" else None,
            status=state,
            share=(100 * value / published_total) if state == "shown" and published_total else None,
        )
        for (key, label, _), value, state in zip(counts, values, status, strict=True)
    )
    return ProtectedTable(cells=cells, total=published_total, total_status=total_status, threshold=threshold)


def _all_protected(values: list[int], status: list[Status], total: int, threshold: int) -> bool:
    """True when no withheld cell's value can be deduced exactly from the published figures."""
    withheld = [i for i, s in enumerate(status) if s != "shown"]
    remainder = total - sum(values[i] for i, s in enumerate(status) if s == "shown")
    bounds = {i: (0, threshold - 1) if status[i] == "primary" else (threshold, remainder) for i in withheld}
    for i in withheld:
        others_low = sum(bounds[j][0] for j in withheld if j != i)
        others_high = sum(bounds[j][1] for j in withheld if j != i)
        low = max(bounds[i][0], remainder - others_high)
        high = min(bounds[i][1], remainder - others_low)
        if high - low < PROTECTION_WIDTH:
            return False
    return True


def feasible_range(table: ProtectedTable, key: str, *, true_total: int | None = None) -> tuple[int, int] | None:
    """What a reader can deduce about a withheld cell from the published table alone (for tests and audits).

    Uses the published total, or `true_total` when the reader knows it from elsewhere.
    """
    total = table.total if table.total is not None else true_total
    target = table.cell(key)
    if target is None or target.shown or total is None:
        return None
    remainder = total - sum(cell.count or 0 for cell in table.cells if cell.shown)
    bounds = {
        cell.key: (0, table.threshold - 1) if cell.status == "primary" else (table.threshold, remainder)
        for cell in table.cells
        if not cell.shown
    }
    others_low = sum(low for k, (low, _) in bounds.items() if k != key)
    others_high = sum(high for k, (_, high) in bounds.items() if k != key)
    low, high = bounds[key]
    return max(low, remainder - others_high), min(high, remainder - others_low)

"""The measures page (/measures/): the overview table by priority, with its filters and sortable columns.

The rows, filters and sorts are `indicators.overview`'s; this module adds what the page needs around
them: the form, and each column's sort link and `aria-sort` state.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.http import urlencode

from onestockport.indicators.overview import Overview, TableSection, plan_overview, table_sections
from onestockport.plans.models import Plan

from .forms import MeasuresForm


@dataclass(frozen=True)
class Column:
    label: str
    sort: str = ""  # the sort it offers ('' when the column cannot be sorted)
    first: str = ""  # the sort a first click asks for: ascending ('status') or descending ('-period')
    aria_sort: str = ""  # 'ascending' or 'descending' on the column the table is sorted by
    href: str = ""  # the link that sorts by it (or reverses the sort)


@dataclass(frozen=True)
class MeasuresPage:
    form: MeasuresForm
    overview: Overview
    sections: list[TableSection]
    columns: list[Column]
    chosen: dict[str, str]  # the valid filters asked for: priority, filter, sort

    @property
    def filtering(self) -> bool:
        return any(self.chosen.values())

    @property
    def rows_shown(self) -> int:
        return sum(len(section.rows) for section in self.sections)

    @property
    def filter_phrase(self) -> str:
        """The filter inside a sentence: '17 figures worse than England'."""
        return {
            "worse-than-england": f"worse than {self.overview.country_name}",
            "getting-worse": "getting worse",
            "no-data": "with no data or too few figures to judge",
        }.get(self.chosen["filter"], "")

    @property
    def sort_phrase(self) -> str:
        """The order inside a sentence: 'status, worsening first'."""
        label = dict(self.form.fields["sort"].choices).get(self.chosen["sort"], "")
        return label[:1].lower() + label[1:] if self.chosen["sort"] else ""


def measures_page(plan: Plan, params: QueryDict, *, sortable: bool = True) -> MeasuresPage:
    """The page for the GET parameters asked; a value that is not a choice is ignored and said on the form."""
    overview = plan_overview(plan)
    form = MeasuresForm(params or None, plan=plan, country=overview.country_name)
    chosen = form.choices()
    sections = table_sections(overview, priority=chosen["priority"], wanted=chosen["filter"], sort=chosen["sort"])
    return MeasuresPage(
        form=form,
        overview=overview,
        sections=sections,
        columns=_columns(overview.country_name, chosen, sortable=sortable),
        chosen=chosen,
    )


def _columns(country: str, chosen: dict[str, str], *, sortable: bool) -> list[Column]:
    wanted = [
        Column("Indicator", "indicator", "indicator"),
        Column("Latest figure", "period", "-period"),
        Column(country),
        Column(f"Compared with {country}", "comparison", "comparison"),
        Column("Direction"),
        Column("Status", "status", "status"),
    ]
    if not sortable:  # a static copy cannot sort: no links, and no sort was applied
        return [Column(column.label) for column in wanted]
    current = chosen["sort"]
    columns = []
    for column in wanted:
        if not column.sort:
            columns.append(column)
            continue
        state = ""
        target = column.first
        if current.removeprefix("-") == column.sort:
            state = "descending" if current.startswith("-") else "ascending"
            target = column.sort if current.startswith("-") else f"-{column.sort}"
        query = {key: value for key, value in (("priority", chosen["priority"]), ("filter", chosen["filter"])) if value}
        columns.append(
            Column(column.label, column.sort, column.first, state, "?" + urlencode({**query, "sort": target}))
        )
    return columns

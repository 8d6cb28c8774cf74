"""OHID Fingertips public health data: the standard data export, and Trafford Data Lab's tidy extracts.

`fingertips` reads the CSV that Fingertips (fingertips.phe.org.uk, or `fingertipsR`/the API's
`all_data/csv` endpoints) exports: one row per indicator, area, sex, age, category and period, with
both confidence intervals, count, denominator, a value note, the trend and two significance
judgements - against England, and against the parent area, whose column is named after the parent
area type ("Compared to Region value or percentiles", "Compared to ICB value or percentiles", ...),
or "Column not used" when there is no parent comparison. Suppressed values are empty, with the
reason in the value note. Quoted cells may hold line breaks (indicator names too). Data rows may
leave off the empty last cell ("Compared to goal"). Real exports are kept in
tests/data/importers/layouts/fingertips/ (see its README.md).

Areas are named by GSS code; GP practices, PCNs and NHS organisations (codes such as "P84005" or
"nE54000057") have no GSS code and no level in the product, so their rows are refused, naming the
row, the code and the file's area type.

`fingertips-tidy` reads Trafford Data Lab's 10-column extracts of the same data (see
docs/data-survey.md, section 3.1): no intervals, counts or denominators, `NA` for missing values,
and the published `compared_to_England` judgement and `inequality` breakdown kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .areas import level_for
from .base import GSS_CODE, CsvTable, Importer, ParsedObservation, area_code, number, period

FINGERTIPS = "Office for Health Improvement and Disparities (Fingertips)"
NOT_PUBLISHED = "not published"
# The parent comparison column, normalised: "Compared to Region value or percentiles" and the like.
PARENT_COMPARISON = re.compile(r"compared_to_(.+)_value_or_percentiles|column_not_used")
SEXES = {"Male", "Female", "Persons"}


class Fingertips(Importer):
    format = "fingertips"
    description = "OHID Fingertips standard data export (CSV)"
    publisher = FINGERTIPS

    ALIASES = {
        "Indicator Name": "indicator_name",
        "Time period": "time_period",
        "Lower CI 95.0 limit": "lower_95",
        "Upper CI 95.0 limit": "upper_95",
        "Lower CI 99.8 limit": "lower_998",
        "Upper CI 99.8 limit": "upper_998",
        "Value note": "value_note",
        "Recent Trend": "recent_trend",
        "Compared to England value or percentiles": "compared_to_england",
        "Time period Sortable": "time_period_sortable",
        "Time period range": "time_period_range",  # added to the export in 2023
        "New data": "new_data",
        "Compared to goal": "compared_to_goal",
    }
    REQUIRED = {"indicator_id", "indicator_name", "area_code", "area_name", "time_period", "value"}
    OPTIONAL = {
        "parent_code",
        "parent_name",
        "area_type",
        "sex",
        "age",
        "category_type",
        "category",
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
        "count",
        "denominator",
        "value_note",
        "recent_trend",
        "compared_to_england",
        "time_period_sortable",
        "time_period_range",
        "new_data",
        "compared_to_goal",
    }

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required=self.REQUIRED,
            optional=self.OPTIONAL,
            aliases=self.ALIASES,
            other=lambda column: PARENT_COMPARISON.fullmatch(column) is not None,
            short_rows=1,
        )
        parent: str | None = None
        parent_label = ""
        for line, cells in table:
            if parent is None:
                parents = [column for column in table.names if column not in self.REQUIRED | self.OPTIONAL]
                for column in parents[1:]:
                    self.problem(1, table.names[column], "unknown column; only one parent-area comparison is expected")
                parent = parents[0] if parents else ""
                # "Column not used" holds "Not compared" throughout: there is no parent area type to name.
                parent_label = _parent_label(table.names[parent]) if parent not in ("", "column_not_used") else ""
            code = self._area_code(line, cells)
            when = period(self, line, "Time period", cells["time_period"])
            value = number(self, line, "Value", cells["value"], missing={})
            bounds = {
                field: number(self, line, table.names[column], cells.get(column, ""), missing={})
                for field, column in (
                    ("lower_95", "lower_95"),
                    ("upper_95", "upper_95"),
                    ("lower_998", "lower_998"),
                    ("upper_998", "upper_998"),
                    ("count", "count"),
                    ("denominator", "denominator"),
                )
            }
            if code is None or when is None:
                continue
            note = " ".join(cells.get("value_note", "").split())  # notes may run over several lines
            yield ParsedObservation(
                line=line,
                source_indicator=" ".join(cells["indicator_name"].split()),  # names may end in a line break
                area_code=code,
                area_name=cells["area_name"],
                area_level=level_for(code),
                period=when,
                value=value,
                sex=cells.get("sex", ""),
                age=cells.get("age", ""),
                category_type=cells.get("category_type", ""),
                category=cells.get("category", ""),
                missing_reason=(note or NOT_PUBLISHED) if value is None else "",
                note=note,
                extra={
                    "indicator_id": cells["indicator_id"],
                    "area_type": cells.get("area_type", ""),
                    "parent_code": cells.get("parent_code", ""),
                    "parent_name": cells.get("parent_name", ""),
                    "compared_to_england": cells.get("compared_to_england", ""),
                    "compared_to_parent": cells[parent] if parent else "",
                    "parent_comparison": parent_label,
                    "recent_trend": cells.get("recent_trend", ""),
                },
                **bounds,
            )

    def _area_code(self, line: int, cells: dict[str, str]) -> str | None:
        text = cells["area_code"].strip()
        if text and not GSS_CODE.match(text.upper()):
            area_type = cells.get("area_type", "") or "not given"
            self.problem(
                line,
                "Area Code",
                f"{text!r} ({cells['area_name']}, area type {area_type!r}) is not a GSS code; the product has "
                "no level for this kind of area",
            )
            return None
        return area_code(self, line, "Area Code", cells["area_code"])


def _parent_label(header: str) -> str:
    """'Compared to Region value or percentiles' -> 'Region'."""
    match = re.fullmatch(r"compared to (.+) value or percentiles", header.strip(), re.IGNORECASE)
    return match[1] if match else header


class FingertipsTidy(Importer):
    format = "fingertips-tidy"
    description = "Trafford Data Lab extract of Fingertips (area_code, ..., compared_to_England, inequality)"
    publisher = "Trafford Data Lab (from OHID Fingertips)"

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"area_code", "area_name", "period", "indicator", "value"},
            optional={"area_type", "measure", "unit", "compared_to_england", "inequality"},
            aliases={"units": "unit"},
        )
        for line, cells in table:
            code = area_code(self, line, "area_code", cells["area_code"])
            when = period(self, line, "period", cells["period"])
            value = number(self, line, "value", cells["value"], missing={})
            if code is None or when is None:
                continue
            inequality = cells.get("inequality", "")
            sex, category_type, category = _breakdown(inequality)
            yield ParsedObservation(
                line=line,
                source_indicator=cells["indicator"],
                area_code=code,
                area_name=cells["area_name"],
                area_level=level_for(code),
                period=when,
                value=value,
                measure=cells.get("measure", ""),
                unit=cells.get("unit", ""),
                sex=sex,
                category_type=category_type,
                category=category,
                missing_reason="not available" if value is None else "",
                # Kept as written ("NA" included): the catalogue's selectors match these exactly.
                extra={
                    "compared_to_england": cells.get("compared_to_england", ""),
                    "inequality": inequality,
                    "area_type": cells.get("area_type", ""),
                },
            )


def _breakdown(inequality: str) -> tuple[str, str, str]:
    """(sex, category type, category) from the `inequality` column: a sex, a deprivation quintile, or NA."""
    if inequality in ("", "NA"):
        return "", "", ""
    if inequality in SEXES:
        return inequality, "", ""
    if "quintile" in inequality.lower():
        return "", "Deprivation quintile", inequality
    return "", "inequality", inequality

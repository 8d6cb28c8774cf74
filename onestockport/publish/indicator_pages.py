"""Turning an indicator's verdict into what its page shows: a chart, tables, a map and a CSV."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from onestockport.csv_safety import safe_row
from onestockport.indicators.models import Indicator, Observation
from onestockport.indicators.releases import ReleaseEntry, indicator_history, mark_revisions
from onestockport.indicators.selectors import small_area_observations
from onestockport.indicators.verdicts import Verdict, current_observations, period_midpoint
from onestockport.places.maps import choropleth_svg
from onestockport.places.models import Area
from onestockport.places.selectors import boundaries_note, map_areas

from .charts import ChartPoint, ChartSeries, TargetLine, line_chart
from .small_area_inequality import InequalitySection, indicator_inequality

# Comparators drawn on the chart; the others appear in the table only, to keep the chart readable.
CHARTED_LEVELS = (Area.Level.COUNTRY, Area.Level.REGION, Area.Level.COMBINED_AUTHORITY)


@dataclass(frozen=True)
class TableRow:
    period: str
    cells: list[Observation | None]


@dataclass(frozen=True)
class IndicatorPage:
    verdict: Verdict
    chart_svg: str
    columns: list[Area]
    rows: list[TableRow]
    map_svg: str
    map_rows: list[Observation]
    map_period: str
    map_note: str = ""  # why there is no map beside the small-area figures, when there is none
    inequality: InequalitySection | None = None  # fifths by deprivation and places ranked, for small-area figures
    history: list[ReleaseEntry] = field(default_factory=list)  # the releases behind the figures, newest first


def indicator_page(verdict: Verdict) -> IndicatorPage:
    indicator, place = verdict.indicator, verdict.area
    comparators = [result.area for result in verdict.comparators]
    columns = [place, *comparators]
    breakdown = _breakdown_of(verdict)
    observations = [
        obs
        for obs in current_observations(indicator, columns)
        if (obs.sex, obs.age, obs.category_type, obs.category) == breakdown
    ]
    by_period: dict[str, dict[int, Observation]] = defaultdict(dict)
    order: dict[str, Observation] = {}
    for obs in observations:
        by_period[obs.period_label][obs.area_id] = obs
        order.setdefault(obs.period_label, obs)
    mark_revisions(observations)  # shown as "revised on DATE" beside the figure
    periods = sorted(order, key=lambda label: (order[label].period_start, order[label].period_end), reverse=True)
    rows = [TableRow(period, [by_period[period].get(area.pk) for area in columns]) for period in periods]
    map_rows = small_area_observations(indicator, place)
    map_svg = _map(indicator, map_rows)
    return IndicatorPage(
        verdict=verdict,
        chart_svg=_chart(
            verdict, [area for area in columns if area == place or area.level in CHARTED_LEVELS], by_period, order
        ),
        columns=columns,
        rows=rows,
        map_svg=map_svg,
        map_rows=sorted(map_rows, key=lambda obs: obs.area.name),
        map_period=map_rows[0].period_label if map_rows else "",
        map_note=boundaries_note(obs.area for obs in map_rows) if map_rows and not map_svg else "",
        inequality=indicator_inequality(indicator, place, map_rows),
        history=indicator_history(indicator),
    )


def _breakdown_of(verdict: Verdict) -> tuple[str, str, str, str]:
    first = verdict.series[0] if verdict.series else None
    return (first.sex, first.age, first.category_type, first.category) if first else ("", "", "", "")


def _chart(verdict: Verdict, areas: list[Area], by_period, order) -> str:
    if verdict.latest is None:
        return ""
    indicator = verdict.indicator
    periods = sorted(order, key=lambda label: order[label].period_start)
    series = []
    for area in areas:
        points = []
        for label in periods:
            obs = by_period[label].get(area.pk)
            if obs is None:
                continue
            points.append(
                ChartPoint(
                    label=label,
                    position=period_midpoint(obs),
                    value=obs.value,
                    lower=obs.lower_95,
                    upper=obs.upper_95,
                )
            )
        if points:
            series.append(ChartSeries(name=area.name, points=points, emphasis=area == verdict.area))
    target = None
    if indicator.target:
        target = TargetLine(
            value=indicator.target["value"], label=indicator.target["text"], position=float(indicator.target["year"])
        )
    return line_chart(
        title=f"{indicator.title}: {verdict.area.name} compared",
        unit=indicator.unit,
        series=series,
        target=target,
        id_prefix=f"chart-{indicator.slug}",
        description=verdict.summary,
    )


def _map(indicator: Indicator, observations: list[Observation]) -> str:
    if not observations:
        return ""
    areas = [obs.area for obs in observations]
    level = areas[0].level
    shapes = []
    for vintage in reversed(areas[0].vintage.split()):
        shapes = map_areas(areas, vintage=vintage)
        if shapes:
            break
    if not shapes:
        return ""
    noun = "wards" if level == Area.Level.WARD else "neighbourhoods"
    unit_name = "ward" if level == Area.Level.WARD else "neighbourhood"
    return choropleth_svg(
        shapes,
        {obs.area.code: obs.value for obs in observations},
        title=f"{indicator.title} by {unit_name}, {observations[0].period_label}",
        id_prefix=f"map-{indicator.slug}",
        legend_title=indicator.unit,
        area_label=noun,
    )


CSV_COLUMNS = [
    "indicator",
    "area_code",
    "area_name",
    "period",
    "period_start",
    "period_end",
    "sex",
    "age",
    "category_type",
    "category",
    "value",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "count",
    "denominator",
    "missing_reason",
    "note",
    "source_file",
]


def indicator_csv(indicator: Indicator) -> str:
    """Every current figure of the indicator, as CSV, with the file each came from.

    Imported text (notes, labels) that a spreadsheet would run as a formula is kept as text by `safe_row`;
    the figures are formatted first and, being plain numbers, pass unchanged.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for obs in current_observations(indicator).select_related("release"):
        writer.writerow(
            safe_row(
                [
                    indicator.slug,
                    obs.area.code,
                    obs.area.name,
                    obs.period_label,
                    obs.period_start.isoformat(),
                    obs.period_end.isoformat(),
                    obs.sex,
                    obs.age,
                    obs.category_type,
                    obs.category,
                    *(
                        "" if v is None else f"{v:g}"
                        for v in (
                            obs.value,
                            obs.lower_95,
                            obs.upper_95,
                            obs.lower_998,
                            obs.upper_998,
                            obs.count,
                            obs.denominator,
                        )
                    ),
                    obs.missing_reason,
                    obs.note,
                    obs.release.file_name,
                ]
            )
        )
    return buffer.getvalue()

"""The annual progress report, rendered from a snapshot only: HTML to read on screen, PDF to print.

Nothing here reads the database or the clock, so the same snapshot always gives the same HTML and
the same PDF bytes (see `pdf.html_to_pdf`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string

from onestockport.delivery.selectors import NO_UPDATE
from onestockport.publish.charts import ChartPoint, ChartSeries, line_chart

from .easy_read import EasyReadSection, easy_read
from .pdf import html_to_pdf
from .snapshot import Figure, Measure, Point, PrioritySnapshot, Snapshot, StatusCount, snapshot_filename

CHART_WIDTH = 300  # CSS px: the chart column is 80mm (302px) wide
CHART_HEIGHT = 190

COMPARISON_LABELS = {
    "better": "Better than {0}",
    "worse": "Worse than {0}",
    "similar": "Similar to {0}",
    "higher": "Higher than {0}",
    "lower": "Lower than {0}",
    "not-compared": "Not tested against {0} (no confidence interval)",
}
TREND_LABELS = {
    "getting-better": "Getting better",
    "getting-worse": "Getting worse",
    "increasing": "Increasing",
    "decreasing": "Decreasing",
    "no-significant-change": "No significant change",
    "cannot-be-calculated": "Trend not calculated (too few comparable periods)",
}
TARGET_LABELS = {
    "achieved": "Target achieved",
    "on-track": "On track for its target",
    "off-track": "Off track for its target",
    "not-assessed": "Target not assessed",
}


@dataclass(frozen=True)
class TableRow:
    period: str
    value: str
    comparator_value: str


@dataclass(frozen=True)
class FigureView:
    figure: Figure
    anchor: str
    latest: str  # the value with its unit, e.g. "66%"
    comparator_latest: str
    comparison: str
    trend: str
    target: str
    chart_svg: str
    rows: list[TableRow]


@dataclass(frozen=True)
class MeasureView:
    measure: Measure
    figures: list[FigureView]


@dataclass(frozen=True)
class PriorityView:
    priority: PrioritySnapshot
    number: int
    theme: str
    anchor: str
    measures: list[MeasureView]
    status_counts: list[StatusCount]
    all_without_update: bool


@dataclass(frozen=True)
class Summary:
    actions: int
    status_counts: list[StatusCount]
    all_without_update: bool
    measures: int
    measures_with_figures: int
    measures_without_figures: int
    figures: int
    comparisons: list[tuple[str, int]]


@dataclass(frozen=True)
class AnnualReport:
    snapshot: Snapshot
    title: str
    subject: str
    snapshot_file: str
    as_at: str  # "27 November 2026, 11:58 UTC": the snapshot's moment, never the time of rendering
    as_at_iso: str
    priorities: list[PriorityView]
    summary: Summary
    easy_read: list[EasyReadSection]


@dataclass(frozen=True)
class AnnualOutputs:
    html: Path
    pdf: Path


def build_report(snapshot: Snapshot) -> AnnualReport:
    priorities = []
    number = 0
    for theme in snapshot.themes:
        for priority in theme.priorities:
            number += 1
            priorities.append(
                PriorityView(
                    priority=priority,
                    number=number,
                    theme=theme.name,
                    anchor=f"priority-{priority.slug}",
                    measures=[
                        MeasureView(
                            measure=measure,
                            figures=[
                                _figure_view(snapshot, figure, anchor=f"figure-{number}-{m}-{f}")
                                for f, figure in enumerate(measure.figures, start=1)
                            ],
                        )
                        for m, measure in enumerate(priority.measures, start=1)
                    ],
                    status_counts=[count for count in priority.status_counts if count.count],
                    all_without_update=all(action.status == NO_UPDATE for action in priority.actions),
                )
            )
    title = f"{snapshot.plan.title}: annual progress report {snapshot.year}"
    return AnnualReport(
        snapshot=snapshot,
        title=title,
        subject=(
            f"Progress on the {snapshot.plan.status.lower()} {snapshot.plan.title} in {snapshot.year}: "
            f"actions, measures of success and what residents told us, as at {snapshot.date:%-d %B %Y}"
        ),
        snapshot_file=snapshot_filename(snapshot),
        as_at=f"{snapshot.as_at_utc:%-d %B %Y, %H:%M} UTC",
        as_at_iso=snapshot.as_at_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        priorities=priorities,
        summary=_summary(snapshot),
        easy_read=easy_read(snapshot),
    )


def render_html(report: AnnualReport) -> str:
    return render_to_string("reports/annual.html", {"report": report, "snapshot": report.snapshot})


def write_annual_report(
    snapshot: Snapshot, directory: Path, *, step: Callable[[str], None] | None = None
) -> AnnualOutputs:
    """Write annual-report-YEAR.html and .pdf into `directory` from the snapshot.

    `step` is told what is about to happen (for a progress display): printing the PDF takes a while.
    """
    step = step or (lambda _: None)
    directory.mkdir(parents=True, exist_ok=True)
    step("Laying out the report")
    html = render_html(build_report(snapshot))
    stem = f"annual-report-{snapshot.year}"
    html_path, pdf_path = directory / f"{stem}.html", directory / f"{stem}.pdf"
    html_path.write_text(html, encoding="utf-8")
    step("Printing the PDF")
    pdf_path.write_bytes(html_to_pdf(html))
    return AnnualOutputs(html=html_path, pdf=pdf_path)


# ---------------------------------------------------------------------------------------------- figures


def format_value(value: float | None, unit: str = "") -> str:
    """A figure as people read it: thousands separators, at most two decimals, '%' for percentages."""
    if value is None:
        return "\u2013"
    if abs(value) >= 1000:
        number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    else:
        number = f"{value:,.2f}".rstrip("0").rstrip(".")
    if value < 0:
        number = "\u2212" + number.lstrip("-")
    if unit.startswith("percent"):
        return f"{number}%{unit.removeprefix('percent')}"
    return f"{number} {unit}".strip()


def _figure_view(snapshot: Snapshot, figure: Figure, *, anchor: str) -> FigureView:
    comparator = figure.comparator or "England"
    by_period = {point.period: point.value for point in figure.comparator_series}
    rows = [
        TableRow(point.period, format_value(point.value), format_value(by_period.get(point.period)))
        for point in reversed(figure.series)
    ]
    return FigureView(
        figure=figure,
        anchor=anchor,
        latest=format_value(figure.value, figure.unit),
        comparator_latest=format_value(figure.comparator_value, figure.unit)
        if figure.comparator_value is not None
        else "",
        comparison=COMPARISON_LABELS.get(figure.comparison, "").format(comparator) if figure.comparison else "",
        trend=TREND_LABELS.get(figure.trend, ""),
        target=TARGET_LABELS.get(figure.target, ""),
        chart_svg=_chart(snapshot, figure, anchor=anchor) if len(figure.series) > 1 else "",
        rows=rows,
    )


def _chart(snapshot: Snapshot, figure: Figure, *, anchor: str) -> str:
    series = [ChartSeries(name=snapshot.place, points=_points(figure.series), emphasis=True)]
    if figure.comparator_series:
        series.append(ChartSeries(name=figure.comparator, points=_points(figure.comparator_series)))
    first, last = figure.series[0].period, figure.series[-1].period
    names = " and ".join(s.name for s in series)
    return line_chart(
        title=f"{figure.title}: {names}, {first} to {last}",
        unit=figure.unit,
        series=series,
        id_prefix=f"chart-{anchor}",
        description=f"{figure.sentence} Source: {figure.source}. The table beside the chart gives every value.",
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
    )


def _points(points: list[Point]) -> list[ChartPoint]:
    return [ChartPoint(label=p.period, position=p.position, value=p.value) for p in points]


def _summary(snapshot: Snapshot) -> Summary:
    priorities = snapshot.priorities
    actions = [action for priority in priorities for action in priority.actions]
    totals: dict[str, StatusCount] = {}
    for priority in priorities:
        for count in priority.status_counts:
            before = totals.get(count.status)
            totals[count.status] = StatusCount(
                status=count.status, label=count.label, count=count.count + (before.count if before else 0)
            )
    measures = [measure for priority in priorities for measure in priority.measures]
    figures = [figure for measure in measures for figure in measure.figures]
    comparisons: dict[str, int] = {}
    for figure in figures:
        label = COMPARISON_LABELS.get(figure.comparison, "No {0} figure to compare with")
        key = label.format(figure.comparator or "England")
        comparisons[key] = comparisons.get(key, 0) + 1
    return Summary(
        actions=len(actions),
        status_counts=[count for count in totals.values() if count.count],
        all_without_update=all(action.status == NO_UPDATE for action in actions),
        measures=len(measures),
        measures_with_figures=sum(1 for measure in measures if measure.figures),
        measures_without_figures=sum(1 for measure in measures if not measure.figures),
        figures=len(figures),
        comparisons=sorted(comparisons.items(), key=lambda item: (-item[1], item[0])),
    )

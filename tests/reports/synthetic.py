"""A small synthetic snapshot for tests that need no database. Synthetic data, labelled as such:
every name and figure below is made up for tests and never appears in a real report."""

from __future__ import annotations

import datetime as dt

from onestockport.reports.snapshot import (
    SNAPSHOT_FORMAT,
    SNAPSHOT_VERSION,
    ActionStatus,
    Figure,
    Heard,
    HeardItem,
    Measure,
    NeededData,
    PlanSnapshot,
    Point,
    PrioritySnapshot,
    Snapshot,
    StatusCount,
    ThemeSnapshot,
    Value,
)

AS_AT = dt.datetime(2026, 3, 31, 9, 30, tzinfo=dt.UTC)
STATUSES = ["not-started", "on-track", "at-risk", "off-track", "complete", "no-update"]
LABELS = {
    "not-started": "Not started",
    "on-track": "On track",
    "at-risk": "At risk",
    "off-track": "Off track",
    "complete": "Complete",
    "no-update": "No update yet",
}


def _figure(slug: str, comparison: str) -> Figure:
    series = [
        Point(period=f"{year}/{year % 100 + 1:02d}", position=year + 0.25, value=50.0 + year - 2020)
        for year in range(2020, 2025)
    ]
    return Figure(
        indicator=slug,
        title=f"Synthetic indicator {slug}",
        unit="percent",
        polarity="higher-is-better",
        source="Synthetic publisher, synthetic dataset",
        licence="Test data",
        period=series[-1].period,
        value=series[-1].value,
        lower=None,
        upper=None,
        comparator="England",
        comparator_value=52.5,
        comparison=comparison,
        trend="getting-better",
        target="",
        target_text="",
        sentence="Synthetic place is better than England and getting better (2024/25).",
        series=series,
        comparator_series=[Point(period=p.period, position=p.position, value=52.5) for p in series],
    )


def _priority(number: int, statuses: list[str]) -> PrioritySnapshot:
    return PrioritySnapshot(
        slug=f"synthetic-priority-{number}",
        name=f"Synthetic priority {number}",
        ambition=f"Synthetic ambition {number}.",
        actions=[
            ActionStatus(number=i, title=f"Synthetic action {i}", status=s, status_label=LABELS[s], period="")
            for i, s in enumerate(statuses, start=1)
        ],
        status_counts=[StatusCount(status=s, label=LABELS[s], count=statuses.count(s)) for s in STATUSES],
        measures=[
            Measure(
                slug="with-data",
                text=f"Synthetic measure with data {number}",
                figures=[_figure(f"synthetic-{number}-a", "better"), _figure(f"synthetic-{number}-b", "similar")],
                local_data_needed=[],
            ),
            Measure(
                slug="without-data",
                text=f"Synthetic measure without data {number}",
                figures=[],
                local_data_needed=[NeededData(title="Synthetic local count", data_needed="A synthetic survey.")],
            ),
        ],
        heard=Heard(
            plan_evidence=[HeardItem(text="Synthetic evidence.", source="Synthetic survey", sub_items=[])],
            has_responses=False,
            comments_display="",
            quotes=[],
        ),
    )


def synthetic_snapshot(*, statuses: list[str] | None = None) -> Snapshot:
    statuses = statuses or ["no-update", "no-update", "no-update"]
    return Snapshot(
        format=SNAPSHOT_FORMAT,
        version=SNAPSHOT_VERSION,
        year=2025,
        as_at=AS_AT,
        site_name="Synthetic site",
        place="Synthetic place",
        plan=PlanSnapshot(
            slug="synthetic-plan",
            title="Synthetic plan",
            subtitle="",
            place="Synthetic place",
            status="Discussion draft",
            period_end=2030,
            source="Synthetic plan source",
            strapline="Synthetic strapline",
            vision="Synthetic vision",
            values=[Value(name="Synthetic value", statement="Synthetic statement.")],
        ),
        themes=[
            ThemeSnapshot(
                slug="theme-a",
                name="Synthetic theme A",
                tagline="Tagline A",
                priorities=[_priority(1, statuses), _priority(2, ["no-update"])],
            ),
        ],
        engagements=[],
        tagged_total_display="",
        disclosure_threshold=5,
    )

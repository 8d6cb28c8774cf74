"""Figures published for the wards in force 2004 to May 2023, beside a current ward's page, under their own vintage.

A current ward is linked to the old wards through its small areas: each LSOA 2021 has a best-fit current
(May 2023) ward, computed from its centroid, and a best-fit old ward, from ONS's published LSOA 2021 to ward
lookup (codes shared with LSOA 2011 fall back to the LSOA 2011 lookup). The old wards that share LSOAs with
the current ward are listed with how many they share, and their figures are shown as theirs, labelled with
their vintage: a resident is never shown an old ward's figure as their current ward's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from onestockport.indicators.models import Indicator, Observation
from onestockport.places.models import Area, BestFit
from onestockport.places.selectors import with_vintage
from onestockport.stats.units import format_value, publisher_decimals

OLD_VINTAGE = "2004"
CURRENT_VINTAGE = "2023"
OLD_WARDS_LABEL = "wards in force 2004 to May 2023"
LSOA_VINTAGES = ("2021", "2011")  # the LSOA 2021 lookup first; LSOA 2011 codes mostly carry over


@dataclass(frozen=True)
class OldWardFigure:
    slug: str
    title: str
    period: str
    display: str
    unit: str
    source: str
    vintage: str = OLD_WARDS_LABEL


@dataclass(frozen=True)
class OldWardOverlap:
    ward: Area  # an old (2004-2023) ward
    shared: int  # small areas (LSOAs) it shares with the current ward
    current_total: int  # the current ward's small areas
    old_total: int  # the old ward's small areas
    figures: list[OldWardFigure] = field(default_factory=list)

    @property
    def share_of_current(self) -> float:
        return self.shared / self.current_total if self.current_total else 0.0

    @property
    def share_of_old(self) -> float:
        return self.shared / self.old_total if self.old_total else 0.0

    @property
    def share_of_current_display(self) -> str:
        return f"{round(100 * self.share_of_current)}%"

    @property
    def share_of_old_display(self) -> str:
        return f"{round(100 * self.share_of_old)}%"


def _old_ward_of_lsoas(codes: list[str]) -> dict[str, str]:
    """LSOA code -> old ward code, from the LSOA 2021 lookup where it has the code, else the LSOA 2011 one."""
    found: dict[str, str] = {}
    for vintage in LSOA_VINTAGES:
        links = BestFit.objects.filter(
            with_vintage(OLD_VINTAGE, "container__"),
            area__code__in=[code for code in codes if code not in found],
            area_vintage=vintage,
            container__level=Area.Level.WARD,
        ).values_list("area__code", "container__code")
        for lsoa, ward in links:
            found.setdefault(lsoa, ward)
    return found


def old_ward_figures(ward: Area) -> list[OldWardOverlap]:
    """The old wards overlapping a current ward, most shared small areas first, each with its latest figures."""
    lsoas = sorted(
        BestFit.objects.filter(container=ward, area_vintage="2021", area__level=Area.Level.LSOA).values_list(
            "area__code", flat=True
        )
    )
    if not lsoas:
        return []
    shared = Counter(_old_ward_of_lsoas(lsoas).values())
    old_wards = {area.code: area for area in Area.objects.filter(code__in=shared, level=Area.Level.WARD)}
    sizes = _old_ward_sizes(list(old_wards.values()))
    overlaps = [
        OldWardOverlap(old_wards[code], count, len(lsoas), sizes.get(code, count), _figures(old_wards[code]))
        for code, count in shared.items()
        if code in old_wards and CURRENT_VINTAGE not in old_wards[code].vintages
    ]
    return sorted(overlaps, key=lambda o: (-o.shared, o.ward.name))


def _old_ward_sizes(wards: list[Area]) -> dict[str, int]:
    """Old ward code -> its LSOA 2021 count by the same lookup (LSOA 2011 where it has no LSOA 2021 links)."""
    sizes: dict[str, int] = {}
    for vintage in LSOA_VINTAGES:
        links = Counter(
            BestFit.objects.filter(container__in=wards, area_vintage=vintage).values_list("container__code", flat=True)
        )
        for code, count in links.items():
            sizes.setdefault(code, count)
    return sizes


def _figures(old_ward: Area) -> list[OldWardFigure]:
    """The latest current figure of each published indicator for the old ward (whole-population breakdown)."""
    latest: dict[int, Observation] = {}
    rows = (
        Observation.objects.filter(area=old_ward, is_current=True, value__isnull=False, sex="", age="", category="")
        .filter(indicator__status=Indicator.Status.PUBLISHED)
        .select_related("indicator")
        .order_by("period_end", "pk")
    )
    for obs in rows:
        latest[obs.indicator_id] = obs
    figures = []
    for obs in sorted(latest.values(), key=lambda o: o.indicator.title):
        indicator = obs.indicator
        decimals = publisher_decimals(
            Observation.objects.filter(indicator=indicator, area=old_ward, is_current=True).values_list(
                "value", flat=True
            )
        )
        source = indicator.publisher + (f": {indicator.dataset}" if indicator.dataset else "")
        figures.append(
            OldWardFigure(
                slug=indicator.slug,
                title=indicator.title,
                period=obs.period_label,
                display=format_value(obs.value, indicator.unit, decimals),
                unit=indicator.unit,
                source=source,
            )
        )
    return figures

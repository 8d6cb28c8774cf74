"""Reads from the area register: areas, their wards and LSOAs, boundaries and deprivation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from onestockport.errors import OneStockportError

from .maps import MapArea
from .models import Area, BestFit, Boundary, Deprivation

# A place's data folder may lack the boundary files cut to one council (see register.NOT_SHIPPED).
BOUNDARIES_NOT_SHIPPED = "Boundaries not shipped for this place, so there is no map."


class UnknownAreaError(OneStockportError):
    """No area with that code is in the register."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"no area with code {code!r} in the register; run the area load first")


def get_area(code: str) -> Area:
    try:
        return Area.objects.get(code=code)
    except Area.DoesNotExist:
        raise UnknownAreaError(code) from None


def with_vintage(vintage: str, prefix: str = "") -> Q:
    """Areas whose (space-separated) vintage list includes `vintage`; `prefix` for a related field."""
    field = f"{prefix}vintage"
    return (
        Q(**{field: vintage})
        | Q(**{f"{field}__startswith": f"{vintage} "})
        | Q(**{f"{field}__endswith": f" {vintage}"})
        | Q(**{f"{field}__contains": f" {vintage} "})
    )


def wards_of(area: Area, *, vintage: str = "2023") -> QuerySet[Area]:
    """The local authority's wards of one boundary vintage ("2023", or "2004" for 2004-May 2023)."""
    return Area.objects.filter(with_vintage(vintage), parent=area, level=Area.Level.WARD).order_by("name")


def place_wards(code: str | None) -> list[Area]:
    """Every ward of the council with GSS code `code`, of any vintage, by name; none for no code."""
    if not code:
        return []
    return list(Area.objects.filter(parent__code=code, level=Area.Level.WARD).order_by("name", "code"))


def lsoas_of(area: Area, *, vintage: str = "2021") -> QuerySet[Area]:
    """The LSOAs of one vintage in a ward (by best fit) or in a local authority."""
    lsoas = Area.objects.filter(with_vintage(vintage), level=Area.Level.LSOA)
    if area.level == Area.Level.WARD:
        return lsoas.filter(best_fits__container=area, best_fits__area_vintage=vintage).distinct().order_by("code")
    return lsoas.filter(Q(parent=area) | Q(parent__parent=area)).order_by("code")


def best_fit_wards(area: Area, *, lsoa_vintage: str = "2021", ward_vintage: str = "2023") -> dict[str, str]:
    """LSOA code -> the code of its best-fit ward, for the local authority's LSOAs of one vintage."""
    links = BestFit.objects.filter(
        with_vintage(ward_vintage, "container__"),
        area_vintage=lsoa_vintage,
        container__parent=area,
        container__level=Area.Level.WARD,
    ).values_list("area__code", "container__code")
    return dict(links)


def boundaries(areas: Iterable[Area], *, vintage: str) -> dict[str, dict[str, Any]]:
    """Area code -> GeoJSON geometry of that boundary vintage (areas without one are left out)."""
    rows = Boundary.objects.filter(area__in=list(areas), vintage=vintage).values_list("area__code", "geometry")
    return dict(rows)


def boundaries_note(areas: Iterable[Area]) -> str:
    """What a page says in place of a map when none of the areas has a boundary in the register."""
    areas = list(areas)
    if not areas or Boundary.objects.filter(area__in=areas).exists():
        return ""
    return BOUNDARIES_NOT_SHIPPED


def map_areas(areas: Iterable[Area], *, vintage: str) -> list[MapArea]:
    """The areas with a boundary of that vintage, ready for `maps.choropleth_svg`."""
    areas = list(areas)
    shapes = boundaries(areas, vintage=vintage)
    return [MapArea(area.code, area.name, shapes[area.code]) for area in areas if area.code in shapes]


def deprivation(*, edition: str, areas: Iterable[Area]) -> dict[str, Deprivation]:
    """Area code -> its Deprivation result in that edition (areas without one are left out)."""
    rows = Deprivation.objects.filter(edition=edition, area__in=list(areas)).select_related("area")
    return {row.area.code: row for row in rows}


def deprivation_deciles(*, edition: str, areas: Iterable[Area]) -> dict[str, int | None]:
    """Area code -> national IMD decile (1 = most deprived 10%) in that edition."""
    return {code: row.decile for code, row in deprivation(edition=edition, areas=areas).items()}


@dataclass(frozen=True)
class WardDeprivation:
    """How many of a ward's (best-fit) LSOAs fall in the nationally most deprived deciles."""

    code: str
    name: str
    lsoas: int
    most_deprived_10: int  # LSOAs in national decile 1
    most_deprived_20: int  # LSOAs in national deciles 1-2

    @property
    def share_most_deprived_20(self) -> float:
        return self.most_deprived_20 / self.lsoas if self.lsoas else 0.0


def ward_deprivation(
    area: Area, *, edition: str = "IoD2025", lsoa_vintage: str = "2021", ward_vintage: str = "2023"
) -> list[WardDeprivation]:
    """Per ward of the local authority: its best-fit LSOAs and how many are nationally most deprived."""
    wards = list(wards_of(area, vintage=ward_vintage))
    fits = best_fit_wards(area, lsoa_vintage=lsoa_vintage, ward_vintage=ward_vintage)
    deciles = deprivation_deciles(edition=edition, areas=lsoas_of(area, vintage=lsoa_vintage))
    return summarise_deciles(wards, fits, deciles)


def summarise_deciles(
    wards: Iterable[Area], fits: Mapping[str, str], deciles: Mapping[str, int | None]
) -> list[WardDeprivation]:
    """Count each ward's LSOAs in deciles 1 and 1-2. Plain data in, plain records out."""
    members: dict[str, list[int]] = defaultdict(list)
    for lsoa, ward in fits.items():
        decile = deciles.get(lsoa)
        if decile is not None:
            members[ward].append(decile)
    return [
        WardDeprivation(
            ward.code,
            ward.name,
            len(members[ward.code]),
            sum(1 for d in members[ward.code] if d == 1),
            sum(1 for d in members[ward.code] if d <= 2),
        )
        for ward in wards
    ]


# --- Neighbourhoods (MSOAs) ---------------------------------------------------------------------

MSOA_VINTAGE = "2021"


def neighbourhoods(place_code: str) -> list[Area]:
    """The council's MSOA 2021 areas (neighbourhoods), by ONS name."""
    return list(
        Area.objects.filter(with_vintage(MSOA_VINTAGE), level=Area.Level.MSOA, parent__code=place_code).order_by(
            "name", "code"
        )
    )


def neighbourhood_lsoas(msoa_code: str) -> list[str]:
    """The LSOA 2021 codes in that MSOA. LSOAs nest exactly in MSOAs: the links come from the ONS
    OA-LSOA-MSOA lookup, stored as best fits of method `lookup`."""
    links = BestFit.objects.filter(
        area_vintage=MSOA_VINTAGE, container__code=msoa_code, container__level=Area.Level.MSOA
    ).values_list("area__code", flat=True)
    return sorted(links)

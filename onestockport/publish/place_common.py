"""What the ward, neighbourhood and centre pages share: small-area labels, the census profile, voice by ward.

Plain functions over the area register; the views only render what the page builders return.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from django.urls import reverse

from onestockport.places import profiles
from onestockport.places.models import Area, BestFit, Deprivation
from onestockport.places.selectors import MSOA_VINTAGE, best_fit_wards

from .place_directory import NEIGHBOURHOOD, place_directory
from .place_pages import EDITION, LSOA_VINTAGE, Neighbourhood, _vintage

WARD_PROFILE_METHOD = "LSOA 2021 best fit to the May 2023 wards (centroid)"
NEIGHBOURHOOD_PROFILE_METHOD = "Sum of the neighbourhood's LSOAs"


def lsoa_wards(council: Area) -> dict[str, str]:
    """LSOA 2021 code -> the current ward its centre falls in (the computed best fit)."""
    return best_fit_wards(council, lsoa_vintage=LSOA_VINTAGE, ward_vintage=_vintage())


def small_area_label(ward_name: str, lsoa_name: str) -> str:
    """'Hilltop & Town Central, 010B': the LSOA's ward and the end of its ONS name ('Town 010B')."""
    return f"{ward_name}, {lsoa_name.split()[-1]}" if ward_name else lsoa_name


def small_areas(codes: Sequence[str], council: Area) -> list[Neighbourhood]:
    """The LSOAs with their ward-named labels and national IMD deciles, by label."""
    fits = lsoa_wards(council)
    ward_names = dict(Area.objects.filter(code__in=set(fits.values())).values_list("code", "name"))
    names = dict(Area.objects.filter(code__in=list(codes)).values_list("code", "name"))
    deciles = dict(
        Deprivation.objects.filter(edition=EDITION, area__code__in=list(codes)).values_list("area__code", "decile")
    )
    rows = [
        Neighbourhood(
            small_area_label(ward_names.get(fits.get(code, ""), ""), names.get(code, code)), code, deciles.get(code)
        )
        for code in codes
    ]
    return sorted(rows, key=lambda row: (row.label, row.code))


@dataclass(frozen=True)
class DecileSummary:
    """How many small areas fall in England's most deprived 10% and 20%, here and in the whole place."""

    lsoas: int
    most_deprived_10: int
    most_deprived_20: int
    place_lsoas: int
    place_10: int
    place_20: int

    @staticmethod
    def share(part: int, whole: int) -> str:
        return f"{round(100 * part / whole)}%" if whole else "\u2013"

    @property
    def share_10(self) -> str:
        return self.share(self.most_deprived_10, self.lsoas)

    @property
    def share_20(self) -> str:
        return self.share(self.most_deprived_20, self.lsoas)

    @property
    def place_share_10(self) -> str:
        return self.share(self.place_10, self.place_lsoas)

    @property
    def place_share_20(self) -> str:
        return self.share(self.place_20, self.place_lsoas)


def decile_summary(rows: Sequence[Neighbourhood], council: Area) -> DecileSummary | None:
    here = [row.decile for row in rows if row.decile is not None]
    if not here:
        return None
    codes = list(lsoa_wards(council))
    whole = [
        d
        for d in Deprivation.objects.filter(edition=EDITION, area__code__in=codes).values_list("decile", flat=True)
        if d is not None
    ]
    return DecileSummary(
        len(here),
        sum(1 for d in here if d == 1),
        sum(1 for d in here if d <= 2),
        len(whole),
        sum(1 for d in whole if d == 1),
        sum(1 for d in whole if d <= 2),
    )


# --- The census profile ---------------------------------------------------------------------


def place_profile(
    lsoas: Collection[str], siblings: Mapping[str, Collection[str]], *, method: str
) -> profiles.PlaceProfile | None:
    """Census 2021 figures for the LSOAs, ranked among the siblings; None when no census counts cover them."""
    if not lsoas:
        return None
    profile = profiles.place_profile(list(lsoas), siblings, method=method)
    return profile if profile.figures else None


def ward_siblings(council: Area) -> dict[str, list[str]]:
    """Each current ward's code -> its best-fit LSOA 2021 codes."""
    siblings: dict[str, list[str]] = {}
    for lsoa, ward in sorted(lsoa_wards(council).items()):
        siblings.setdefault(ward, []).append(lsoa)
    return siblings


def neighbourhood_siblings(council: Area) -> dict[str, list[str]]:
    """Each MSOA's code -> its LSOA 2021 codes (one query rather than one per MSOA)."""
    links = BestFit.objects.filter(
        area_vintage=MSOA_VINTAGE, container__level=Area.Level.MSOA, container__parent=council
    ).values_list("container__code", "area__code")
    siblings: dict[str, list[str]] = {}
    for msoa, lsoa in sorted(links):
        siblings.setdefault(msoa, []).append(lsoa)
    return siblings


@dataclass(frozen=True)
class NeighbourhoodLink:
    name: str
    url: str
    detail: str  # "" when the whole neighbourhood is in the ward, else "3 of its 5 small areas"


def ward_neighbourhoods(
    ward: Area, msoas: Mapping[str, Collection[str]], wards: Mapping[str, Collection[str]]
) -> list[NeighbourhoodLink]:
    """The neighbourhoods with a small area in the ward (by the LSOAs' best-fit wards), by name."""
    mine = set(wards.get(ward.code, []))
    entries = {entry.code: entry for entry in place_directory() if entry.kind == NEIGHBOURHOOD}
    links = []
    for code, lsoas in msoas.items():
        inside = len(mine & set(lsoas))
        if inside and code in entries:
            detail = "" if inside == len(lsoas) else f"{inside} of its {len(lsoas)} small areas"
            url = reverse("publish:place", kwargs={"slug": entries[code].slug})
            links.append(NeighbourhoodLink(entries[code].name, url, detail))
    return sorted(links, key=lambda link: link.name)

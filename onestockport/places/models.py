"""Areas by their GSS codes, their boundaries, best-fit links between geographies, and deprivation."""

from __future__ import annotations

from django.db import models


class Area(models.Model):
    """A statistical or administrative area, identified by its GSS code (a letter and eight digits).

    An LSOA whose boundary did not change in 2021 kept its 2011 code, so one code can belong to
    several boundary sets: `vintage` then lists them, space-separated ("2011 2021"). Use
    `selectors.with_vintage()` rather than comparing `vintage` directly.
    """

    class Level(models.TextChoices):
        COUNTRY = "country", "Country"
        REGION = "region", "Region"
        COMBINED_AUTHORITY = "combined-authority", "Combined authority"
        LOCAL_AUTHORITY = "local-authority", "Local authority"
        WARD = "ward", "Ward"
        MSOA = "msoa", "Middle layer super output area"
        LSOA = "lsoa", "Lower layer super output area"

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=20, choices=Level.choices)
    # Boundary vintage(s) for areas whose codes change with boundary reviews: wards "2004" (the
    # wards in force 2004 to May 2023) or "2023"; LSOAs "2011", "2021" or "2011 2021".
    vintage = models.CharField(max_length=20, blank=True)
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children")

    class Meta:
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def vintages(self) -> list[str]:
        return self.vintage.split()


class Boundary(models.Model):
    """A generalised boundary as GeoJSON geometry (longitude/latitude), for drawing maps on the server.

    One per area and boundary vintage: an LSOA that exists in 2011 and 2021 has a boundary from each
    boundary file, so a map of either vintage is drawn from one consistent source.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="boundaries")
    vintage = models.CharField(max_length=10)
    geometry = models.JSONField()
    source = models.CharField(max_length=300)

    class Meta:
        verbose_name_plural = "boundaries"
        ordering = ["vintage", "area__code"]
        constraints = [models.UniqueConstraint(fields=["area", "vintage"], name="boundary_area_vintage_unique")]

    def __str__(self) -> str:
        return f"Boundary of {self.area} ({self.vintage})"


class BestFit(models.Model):
    """A small area's best-fit ward: which ward (of one vintage) an LSOA (of one vintage) is counted in.

    `lookup` links come from ONS best-fit lookups; `centroid` links are computed here (the ward whose
    boundary contains the LSOA's centroid) where no lookup exists, e.g. LSOA 2021 to the May 2023 wards.
    """

    class Method(models.TextChoices):
        LOOKUP = "lookup", "Published best-fit lookup"
        CENTROID = "centroid", "Centroid in boundary (computed)"

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="best_fits")
    area_vintage = models.CharField(max_length=10, help_text="The small area's boundary vintage, e.g. 2021.")
    container = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="best_fit_members")
    method = models.CharField(max_length=10, choices=Method.choices)
    source = models.CharField(max_length=300)

    class Meta:
        verbose_name = "best fit"
        ordering = ["area__code"]
        constraints = [
            models.UniqueConstraint(fields=["area", "area_vintage", "container"], name="best_fit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} ({self.area_vintage}) in {self.container}"


class Deprivation(models.Model):
    """An area's Index of Multiple Deprivation result in one edition (decile 1 = most deprived 10%).

    LSOAs have the official rank and decile (and a score where published); wards and local
    authorities have summary measures instead (score, rank of the average score), so `decile` may be
    empty. `details` holds the domains and other published measures, keyed by domain name.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="deprivation")
    edition = models.CharField(max_length=20, help_text="e.g. IoD2019")
    score = models.FloatField(null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    decile = models.PositiveSmallIntegerField(null=True, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["edition", "area__code"]
        constraints = [models.UniqueConstraint(fields=["area", "edition"], name="deprivation_edition_unique")]

    def __str__(self) -> str:
        return f"{self.area} {self.edition}: decile {self.decile}"


class Postcode(models.Model):
    """A live postcode unit in the place (OS Code-Point Open), with its ward and grid reference.

    `postcode` is normalised ("SK1 3XE"); `district` is its outward code ("SK1") and `sector` the
    outward code and the inward digit ("SK1 3"), both indexed for partial-postcode search.
    """

    postcode = models.CharField(max_length=8, unique=True)
    district = models.CharField(max_length=4, db_index=True)
    sector = models.CharField(max_length=6, db_index=True)
    ward = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="postcodes")
    ward_code = models.CharField(max_length=9)
    local_authority_code = models.CharField(max_length=9)
    # LSOA 2021 by point-in-polygon; blank until a projection library places the grid reference.
    lsoa_code = models.CharField(max_length=9, blank=True)
    easting = models.PositiveIntegerField()
    northing = models.PositiveIntegerField()
    positional_quality = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode


class PlaceName(models.Model):
    """A name a resident may search by: a ward, a neighbourhood (MSOA, House of Commons Library
    name) or a built-up area (a town or village), with the current wards it leads to."""

    class Kind(models.TextChoices):
        WARD = "ward", "Ward"
        NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
        BUILT_UP_AREA = "built-up-area", "Town or village"

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Space-separated codes of the current wards this name leads to (a ward: itself; a neighbourhood:
    # none, it has its own page; a built-up area: the wards whose names contain it).
    ward_codes = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class CensusCount(models.Model):
    """One Census 2021 count: an area's people or households in one category of one ONS table.

    Each table has a "Total" category, its universe as published (`universe` says of what: usual
    residents, households...). Areas are the place's LSOAs, the local authority where the source
    publishes it, and England; loaded by `load_areas` from the file scripts/convert_census.py writes.
    """

    area_code = models.CharField(max_length=9, db_index=True)
    table = models.CharField(max_length=10, help_text="ONS table, e.g. TS038")
    category = models.CharField(max_length=200)
    count = models.PositiveIntegerField()
    universe = models.CharField(max_length=60)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["table", "area_code", "category"]
        constraints = [
            models.UniqueConstraint(fields=["area_code", "table", "category"], name="census_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.table} {self.category}: {self.count}"

"""The open data package's place tables: every place page, the small areas it is made of, postcodes,
and the Census 2021 counts behind the place figures."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from onestockport.places.models import CensusCount, Postcode
from onestockport.plans.models import Plan
from onestockport.publish.place_directory import KINDS, place_directory
from onestockport.publish.place_members import place_members

from .table_types import Field, ForeignKey, Row, Table


def place_rows(plan: Plan) -> Iterator[Row]:
    for entry in place_directory():
        yield {
            "slug": entry.slug,
            "kind": entry.kind,
            "code": entry.code,
            "name": entry.name,
            "path": reverse("publish:place", kwargs={"slug": entry.slug}),
            "method": place_members(entry).method,
        }


def place_small_area_rows(plan: Plan) -> Iterator[Row]:
    for entry in place_directory():
        for lsoa in place_members(entry).lsoas:
            yield {"place": entry.slug, "lsoa_code": lsoa}


def postcode_rows(plan: Plan) -> Iterator[Row]:
    rows = Postcode.objects.order_by("postcode").values_list("postcode", "ward_code", "lsoa_code", "source")
    for postcode, ward, lsoa, source in rows.iterator(chunk_size=2000):
        yield {"postcode": postcode, "ward_code": ward, "lsoa_code": lsoa or None, "source": source}


def census_count_rows(plan: Plan) -> Iterator[Row]:
    rows = CensusCount.objects.order_by("table", "area_code", "category")
    for area, table, category, count, universe in rows.values_list(
        "area_code", "table", "category", "count", "universe"
    ).iterator(chunk_size=2000):
        yield {"area_code": area, "table": table, "category": category, "count": count, "universe": universe}


PLACE_TABLES: tuple[Table, ...] = (
    Table(
        name="places",
        title="Place pages",
        description=(
            "Every place with a page on the site: the current wards, the neighbourhoods (middle layer super "
            "output areas under their House of Commons Library names) and the towns and villages the plan names."
        ),
        fields=(
            Field("slug", "string", "The place's identifier, as in its page's address.", required=True),
            Field("kind", "string", "ward, neighbourhood or centre.", required=True, enum=KINDS),
            Field("code", "string", "The GSS code of the ward, MSOA or built-up area.", required=True),
            Field("name", "string", "The name the site uses.", required=True),
            Field("path", "string", "The page's address on the site.", required=True),
            Field("method", "string", "How the place's small areas were chosen (place-small-areas)."),
        ),
        primary_key=("slug",),
        rows=place_rows,
    ),
    Table(
        name="place-small-areas",
        title="Which small areas make up each place",
        description=(
            "One row per place and LSOA 2021 counted in it: wards by best fit (the ward holding the LSOA's "
            "centroid), neighbourhoods by exact nesting, centres as the LSOAs of the wards that take them in."
        ),
        fields=(
            Field("place", "string", "The place (places.slug).", required=True),
            Field("lsoa_code", "string", "The LSOA 2021 code (areas.code).", required=True),
        ),
        primary_key=("place", "lsoa_code"),
        foreign_keys=(ForeignKey(("place",), "places", ("slug",)), ForeignKey(("lsoa_code",), "areas", ("code",))),
        rows=place_small_area_rows,
    ),
    Table(
        name="postcodes",
        title="Postcodes",
        description=(
            "Every live postcode in the place (OS Code-Point Open): its ward as Code-Point gives it, and the "
            "LSOA 2021 whose boundary holds its grid reference."
        ),
        fields=(
            Field("postcode", "string", "The postcode, upper case with one space.", required=True),
            Field("ward_code", "string", "The ward's GSS code, as in Code-Point Open.", required=True),
            Field("lsoa_code", "string", "The LSOA 2021 holding the postcode's grid reference."),
            Field("source", "string", "The file and edition it came from.", required=True),
        ),
        primary_key=("postcode",),
        rows=postcode_rows,
        statistics=True,
    ),
    Table(
        name="census-counts",
        title="Census 2021 counts",
        description=(
            "The Census 2021 counts behind the place figures, by LSOA 2021, the local authority and England: "
            "one row per area, ONS table and category. 'Total' is the table's universe."
        ),
        fields=(
            Field("area_code", "string", "The area's GSS code.", required=True),
            Field("table", "string", "The ONS table, e.g. TS038.", required=True),
            Field("category", "string", "The category as ONS names it.", required=True),
            Field("count", "integer", "People or households, as ONS publishes them.", required=True),
            Field("universe", "string", "What is counted: usual residents, households."),
        ),
        primary_key=("area_code", "table", "category"),
        rows=census_count_rows,
        statistics=True,
    ),
)

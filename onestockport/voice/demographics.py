"""The demographic questions the product understands, and their canonical answers.

A survey's own answer labels ("35 to 44", "Prefer not to say", "Yes, I look after someone") are
mapped to these values by the import mapping file; the database stores only these. Age bands are the
ones councils' surveys commonly use and nest in the Census 2021 five-year bands (see representativeness).
Nothing here needs Django.
"""

from __future__ import annotations

from dataclasses import dataclass

PREFER_NOT_TO_SAY = "prefer-not-to-say"


@dataclass(frozen=True)
class AgeBand:
    slug: str
    label: str
    youngest: int
    oldest: int | None  # None: open-ended ("75 and over")


AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("under-16", "Under 16", 0, 15),
    AgeBand("16-24", "16 to 24", 16, 24),
    AgeBand("25-34", "25 to 34", 25, 34),
    AgeBand("35-44", "35 to 44", 35, 44),
    AgeBand("45-54", "45 to 54", 45, 54),
    AgeBand("55-64", "55 to 64", 55, 64),
    AgeBand("65-74", "65 to 74", 65, 74),
    AgeBand("75-plus", "75 and over", 75, None),
)
AGE_BAND_BY_SLUG = {band.slug: band for band in AGE_BANDS}

YES_NO = (("yes", "Yes"), ("no", "No"), (PREFER_NOT_TO_SAY, "Prefer not to say"))

# Census 2021's high-level ethnic groups (ONS "ethnic group, 6 categories" less "does not apply").
ETHNIC_GROUPS = (
    ("asian", "Asian, Asian British or Asian Welsh"),
    ("black", "Black, Black British, Black Welsh, Caribbean or African"),
    ("mixed", "Mixed or Multiple ethnic groups"),
    ("white", "White"),
    ("other", "Other ethnic group"),
    (PREFER_NOT_TO_SAY, "Prefer not to say"),
)
SEXES = (("female", "Female"), ("male", "Male"), (PREFER_NOT_TO_SAY, "Prefer not to say"))


@dataclass(frozen=True)
class Field:
    """One demographic question: its attribute on Respondent and the canonical answers."""

    name: str
    label: str
    choices: tuple[tuple[str, str], ...]


FIELDS: dict[str, Field] = {
    field.name: field
    for field in (
        Field(
            "age_band",
            "Age",
            (*tuple((band.slug, band.label) for band in AGE_BANDS), (PREFER_NOT_TO_SAY, "Prefer not to say")),
        ),
        Field("sex", "Sex", SEXES),
        Field("ethnic_group", "Ethnic group", ETHNIC_GROUPS),
        Field("disability", "Disabled", YES_NO),
        Field("carer", "Unpaid carer", YES_NO),
        Field("lgbtq", "LGBTQ+", YES_NO),
        Field("care_leaver", "Care leaver", YES_NO),
        Field("veteran", "Veteran of the armed forces", YES_NO),
    )
}
# Where a respondent lives: free values checked against the borough's wards and postcode districts.
PLACE_FIELDS = ("ward", "postcode_district")

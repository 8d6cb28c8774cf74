"""The plan file's schema: every part of a borough plan, validated at the boundary.

Each model forbids unknown keys so that a misspelt key is reported by its path
instead of being silently dropped. Checks that span the document (references,
unique slugs, action numbering) live in `plan_file.reference_problems`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=80)]
Text = Annotated[str, Field(min_length=1)]
# Names and titles stored in columns of this many characters (plans/models.py): a longer one is
# reported with its path by `plan check`, not refused by the database part-way through a load.
Name = Annotated[str, Field(min_length=1, max_length=200)]

# A due date as precise as the plan states it: a year, a month or a day.
_DUE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _check_due(value: str) -> str:
    match = _DUE_PATTERN.match(value)
    if not match:
        raise ValueError("expected a year (2030), a month (2021-09) or a date (2021-12-31)")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"not a real date: {exc}") from None
    return value


DueDate = Annotated[str, AfterValidator(_check_due)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Figure(Strict):
    """A number the plan states, with what it counts."""

    value: float
    unit: str | None = None
    label: Text


class Fact(Strict):
    text: Text
    figures: list[Figure] = []


class Partner(Strict):
    slug: Slug
    name: Name
    kind: Literal[
        "local-authority",
        "nhs",
        "police",
        "fire-and-rescue",
        "housing",
        "education",
        "voluntary-sector",
        "business",
        "central-government",
        "partnership-board",
        "regeneration",
    ]


class Value(Strict):
    slug: Slug
    name: Name
    statement: Text


class Theme(Strict):
    slug: Slug
    name: Name
    tagline: str = ""
    why: str = Field(default="", description="The plan's reason for the theme, where it gives one ('because ...').")


class EvidenceItem(Strict):
    """One 'what we heard' bullet, with any nested bullets and its cited source."""

    text: Text
    sub_items: list[Text] = []
    source: str | None = None


class Commitment(Strict):
    """A dated promise inside an action: what, how much, by when."""

    what: Annotated[str, Field(min_length=1, max_length=300)]
    quantity: float | None = None
    unit: str | None = Field(default=None, max_length=60)
    by: DueDate
    wording: Text = Field(description="The plan's own words for the commitment.")


class Action(Strict):
    number: int = Field(ge=1)
    title: str = Field(min_length=1, max_length=300, description="The short headline, usually the bold words.")
    text: Text = Field(description="The full action; **bold** marks the draft's emphasis.")
    sub_items: list[Text] = []
    commitments: list[Commitment] = []
    # Optional: when absent, assignments made by the performance team are left as they are.
    lead_partner: Slug | None = None
    partners: list[Slug] | None = None


class Measure(Strict):
    slug: Slug
    text: Text


class DeliveryBody(Strict):
    slug: Slug
    name: Name
    kind: Literal["board", "partnership", "strategy", "programme", "plan"]
    status: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=500)


class Delivery(Strict):
    text: Text = Field(description="The plan's 'delivered through' sentence.")
    bodies: list[DeliveryBody] = []
    links: list[str] = []


class Priority(Strict):
    """A priority: only its slug, theme and name are required; a page leaves out what a plan lacks."""

    slug: Slug
    theme: Slug
    number: int | None = Field(default=None, ge=1, description="The plan's own number, where it numbers them.")
    name: str = Field(min_length=1, max_length=400)
    ambition: str = ""
    introduction: list[Text] = []
    highlights: list[Text] = []
    case_studies: list[Text] = []
    what_we_heard: list[EvidenceItem] = []
    actions: list[Action] = []
    measures: list[Measure] = []
    delivered_through: Delivery | None = None
    footnotes: list[Text] = []


class Vision(Strict):
    strapline: Text
    statement: Text
    lead_in: Text
    aspirations: list[Text] = Field(min_length=1)
    closing: Text


# A count the plan may leave out: a number, or "not stated" (the same as leaving the key out).
NOT_STATED = "not stated"


def _check_count(value: object) -> int | str | None:
    if value is None or value == NOT_STATED:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise ValueError(f"expected a whole number of 0 or more, or {NOT_STATED!r}; got {value!r}")


Count = Annotated[int | str | None, PlainValidator(_check_count)]


class Engagement(Strict):
    year: int | None = None
    people: Count = None
    children_and_young_people: Count = None
    summary: list[Text] = []
    methods: list[Text] = []
    groups: list[Text] = []
    what_we_heard: list[EvidenceItem] = []


class Place(Strict):
    slug: Slug
    name: Text
    kind: Literal["borough", "city", "town", "town-centre", "district-centre", "village", "neighbourhood", "ward"]
    gss_code: str | None = Field(default=None, pattern=r"^[EWSN]\d{8}$")


class Geography(Strict):
    borough: Place | None = Field(default=None, description="The whole place; `place` at the top says the same.")
    summary: list[Text] = []
    counts: list[Figure] = []
    places: list[Place] = []


class Section(Strict):
    """A narrative section of the plan (e.g. 'This is <place>')."""

    slug: Slug
    heading: Text
    paragraphs: list[Text] = []
    bullets: list[Text] = []


GSS_CODE_PATTERN = r"^[EWSN]\d{8}$"


class Boundaries(Strict):
    """Which boundary vintages the place's pages use: wards (current and previous) and small areas."""

    wards: Literal["2023"] | None = "2023"
    previous_wards: Literal["2004"] | None = "2004"
    lsoas: Literal["2021"] | None = "2021"


class PlaceSettings(Strict):
    """Everything place-specific about the site, from the plan folder; the engine names no place itself."""

    site_name: Text = Field(max_length=80, description="The site's name, ending every page title.")
    name: Text = Field(max_length=100, description="The place's name as residents know it.")
    code: str | None = Field(default=None, pattern=GSS_CODE_PATTERN, description="The council's GSS code.")
    kind: Literal["borough", "city", "county", "district", "unitary", "combined-authority"]
    partnership: str | None = Field(default=None, description="Who owns the plan, e.g. 'the partnership'.")
    contact_email: str | None = None
    boundaries: Boundaries = Boundaries()


class PlanInfo(Strict):
    slug: Slug
    title: Name
    subtitle: str | None = Field(default=None, max_length=200)
    place: str | None = Field(default=None, description="Superseded by the top-level `place` section.")
    status: str = Field(min_length=1, max_length=100)
    stage: Literal["draft", "consultation", "adopted", "refreshed"] | None = None
    period_start: int | None = Field(default=None, ge=1990, le=2100)
    period_end: int = Field(ge=2000, le=2100, description="The plan's horizon year.")
    source: str = Field(min_length=1, max_length=300)
    source_url: str | None = Field(default=None, max_length=500)
    introduction: list[Text] = []
    sections: list[Section] = []


class PlanFile(Strict):
    """A whole plan file."""

    schema_version: Literal[1]
    plan: PlanInfo
    place: PlaceSettings | None = None
    vision: Vision | None = None
    values: list[Value] = []
    themes: list[Theme] = Field(min_length=1)
    priorities: list[Priority] = Field(min_length=1)
    partners: list[Partner] = []
    achievements: list[Fact] = []
    facts: list[Fact] = []
    positive_changes: list[Fact] = []
    engagement: Engagement | None = None
    geography: Geography | None = None

    def place_settings(self) -> PlaceSettings | None:
        """The `place` section, or one made from an older file's `plan.place` and `geography.borough`."""
        if self.place is not None:
            return self.place
        borough = self.geography.borough if self.geography else None
        name = self.plan.place or (borough.name if borough else None)
        if not name:
            return None
        kind = borough.kind if borough and borough.kind in ("borough", "city") else "borough"
        return PlaceSettings(
            site_name=self.plan.title[:80], name=name, code=borough.gss_code if borough else None, kind=kind
        )

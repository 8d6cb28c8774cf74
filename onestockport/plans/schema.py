"""The plan file's schema: every part of a borough plan, validated at the boundary.

Each model forbids unknown keys so that a misspelt key is reported by its path
instead of being silently dropped. Checks that span the document (references,
unique slugs, action numbering) live in `plan_file.reference_problems`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=80)]
Text = Annotated[str, Field(min_length=1)]

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
    name: Text
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
    name: Text
    statement: Text


class Theme(Strict):
    slug: Slug
    name: Text
    tagline: Text
    why: Text = Field(description="The 'because ...' line from 'Delivering One Stockport'.")


class EvidenceItem(Strict):
    """One 'what we heard' bullet, with any nested bullets and its cited source."""

    text: Text
    sub_items: list[Text] = []
    source: str | None = None


class Commitment(Strict):
    """A dated promise inside an action: what, how much, by when."""

    what: Text
    quantity: float | None = None
    unit: str | None = None
    by: DueDate
    wording: Text = Field(description="The plan's own words for the commitment.")


class Action(Strict):
    number: int = Field(ge=1)
    title: Text = Field(description="The short headline, usually the draft's bold words.")
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
    name: Text
    kind: Literal["board", "partnership", "strategy", "programme", "plan"]
    status: str | None = None
    url: str | None = None


class Delivery(Strict):
    text: Text = Field(description="The draft's 'delivered through' sentence.")
    bodies: list[DeliveryBody] = Field(min_length=1)
    links: list[str] = []


class Priority(Strict):
    slug: Slug
    theme: Slug
    name: Text
    ambition: Text
    introduction: list[Text] = Field(min_length=1)
    highlights: list[Text] = []
    case_studies: list[Text] = []
    what_we_heard: list[EvidenceItem] = Field(min_length=1)
    actions: list[Action] = Field(min_length=1)
    measures: list[Measure] = Field(min_length=1)
    delivered_through: Delivery
    footnotes: list[Text] = []


class Vision(Strict):
    strapline: Text
    statement: Text
    lead_in: Text
    aspirations: list[Text] = Field(min_length=1)
    closing: Text


class Engagement(Strict):
    year: int
    people: int = Field(ge=0)
    children_and_young_people: int = Field(ge=0)
    summary: list[Text] = Field(min_length=1)
    methods: list[Text] = Field(min_length=1)
    groups: list[Text] = Field(min_length=1)
    what_we_heard: list[EvidenceItem] = Field(min_length=1)


class Place(Strict):
    slug: Slug
    name: Text
    kind: Literal["borough", "town-centre", "district-centre", "village", "neighbourhood", "ward"]
    gss_code: str | None = Field(default=None, pattern=r"^[EWSN]\d{8}$")


class Geography(Strict):
    borough: Place
    summary: list[Text] = []
    counts: list[Figure] = []
    places: list[Place] = []


class Section(Strict):
    """A narrative section of the plan (e.g. 'This is Stockport')."""

    slug: Slug
    heading: Text
    paragraphs: list[Text] = []
    bullets: list[Text] = []


class PlanInfo(Strict):
    slug: Slug
    title: Text
    subtitle: str | None = None
    place: Text
    status: Text
    period_end: int = Field(ge=2000, le=2100)
    source: Text
    introduction: list[Text] = Field(min_length=1)
    sections: list[Section] = []


class PlanFile(Strict):
    """A whole plan file."""

    schema_version: Literal[1]
    plan: PlanInfo
    vision: Vision
    values: list[Value] = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)
    priorities: list[Priority] = Field(min_length=1)
    partners: list[Partner] = []
    achievements: list[Fact] = []
    facts: list[Fact] = []
    positive_changes: list[Fact] = []
    engagement: Engagement
    geography: Geography

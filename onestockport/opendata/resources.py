"""The tables of the open data package: each one's fields, keys and rows, read from the database.

One `Table` per resource, registered in `TABLES` in the order the package lists them. A table's rows
are plain dicts keyed by its field names; the formats (`formats.py`) turn them into CSV and JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch

from onestockport.delivery.selectors import approved_statuses
from onestockport.indicators.models import Indicator, Observation, Release
from onestockport.places.models import Area
from onestockport.plans.models import Action, Commitment, DeliveryBody, Measure, Partner, Plan, Priority, Theme

Row = dict[str, object]


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, number, date, boolean
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()

    def descriptor(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "type": self.type, "description": self.description}
        constraints: dict[str, object] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str  # the referenced table; "" means this table itself
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[Plan], Iterator[Row]]
    foreign_keys: tuple[ForeignKey, ...] = ()
    statistics: bool = False  # holds the publishers' statistics (their licences and sources apply)
    field_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "field_names", tuple(f.name for f in self.fields))


def _plain(text: str) -> str:
    """The plan's words without the ** marks the plan file uses for emphasis."""
    return text.replace("**", "")


def _lines(items: list) -> str:
    """Sub-items as one text cell, one per line."""
    return "\n".join(_plain(str(item.get("text", item)) if isinstance(item, dict) else str(item)) for item in items)


def _key(priority_slug: str, part: object) -> str:
    return f"{priority_slug}/{part}"


# --- The plan ------------------------------------------------------------------------------------


def theme_rows(plan: Plan) -> Iterator[Row]:
    for theme in Theme.objects.filter(plan=plan).order_by("position"):
        yield {
            "slug": theme.slug,
            "position": theme.position,
            "name": theme.name,
            "tagline": theme.tagline,
            "why": theme.why,
        }


def priority_rows(plan: Plan) -> Iterator[Row]:
    for priority in Priority.objects.filter(plan=plan).select_related("theme").order_by("position"):
        yield {
            "slug": priority.slug,
            "theme": priority.theme.slug,
            "position": priority.position,
            "name": priority.name,
            "ambition": priority.ambition,
            "introduction": "\n\n".join(priority.introduction),
            "delivered_through": priority.delivered_through,
        }


def partner_rows(plan: Plan) -> Iterator[Row]:
    for partner in Partner.objects.filter(plan=plan).order_by("position"):
        yield {"slug": partner.slug, "position": partner.position, "name": partner.name, "kind": partner.kind}


def delivery_body_rows(plan: Plan) -> Iterator[Row]:
    for body in DeliveryBody.objects.filter(plan=plan).order_by("position"):
        yield {
            "slug": body.slug,
            "position": body.position,
            "name": body.name,
            "kind": body.kind,
            "status": body.status,
            "url": body.url,
        }


def priority_delivery_body_rows(plan: Plan) -> Iterator[Row]:
    priorities = Priority.objects.filter(plan=plan).prefetch_related("delivery_bodies").order_by("position")
    for priority in priorities:
        for body in sorted(priority.delivery_bodies.all(), key=lambda body: body.position):
            yield {"priority": priority.slug, "delivery_body": body.slug}


def action_rows(plan: Plan) -> Iterator[Row]:
    actions = list(
        Action.objects.filter(priority__plan=plan)
        .select_related("priority", "lead_partner", "delivery_body")
        .prefetch_related("contributing_partners")
        .order_by("priority__position", "number")
    )
    statuses = approved_statuses(actions)
    for action in actions:
        status = statuses[action.pk]
        yield {
            "id": _key(action.priority.slug, action.number),
            "priority": action.priority.slug,
            "number": action.number,
            "title": action.title,
            "text": _plain(action.text),
            "sub_items": _lines(action.sub_items),
            "lead_partner": action.lead_partner.slug if action.lead_partner else None,
            "contributing_partners": "; ".join(sorted(p.slug for p in action.contributing_partners.all())),
            "delivery_body": action.delivery_body.slug if action.delivery_body else None,
            "contact_role": action.contact_role,
            "start_date": action.start_date,
            "due_date": action.due_date,
            "status": status.status,
            "status_label": status.label,
            "status_period": status.period,
            "status_approved_on": status.approved_on,
        }


def commitment_rows(plan: Plan) -> Iterator[Row]:
    commitments = (
        Commitment.objects.filter(action__priority__plan=plan)
        .select_related("action__priority")
        .order_by("action__priority__position", "action__number", "position")
    )
    for commitment in commitments:
        yield {
            "action": _key(commitment.action.priority.slug, commitment.action.number),
            "position": commitment.position,
            "what": commitment.what,
            "quantity": commitment.quantity,
            "unit": commitment.unit,
            "by": commitment.by,
            "due": commitment.due,
            "wording": commitment.wording,
        }


def measure_rows(plan: Plan) -> Iterator[Row]:
    measures = Measure.objects.filter(priority__plan=plan).select_related("priority")
    for measure in measures.order_by("priority__position", "position"):
        yield {
            "id": _key(measure.priority.slug, measure.slug),
            "priority": measure.priority.slug,
            "slug": measure.slug,
            "position": measure.position,
            "text": measure.text,
        }


# --- Indicators and official statistics ---------------------------------------------------------------


def indicator_rows(plan: Plan) -> Iterator[Row]:
    for indicator in Indicator.objects.filter(plan=plan).order_by("position"):
        target = indicator.target or {}
        yield {
            "id": indicator.slug,
            "title": indicator.title,
            "status": indicator.status,
            "definition": indicator.definition,
            "unit": indicator.unit,
            "polarity": indicator.polarity,
            "publisher": indicator.publisher,
            "dataset": indicator.dataset,
            "licence": indicator.licence,
            "frequency": indicator.frequency,
            "geographies": "; ".join(indicator.geographies),
            "source_file": (indicator.source or {}).get("file"),
            "caveats": indicator.caveats,
            "data_needed": indicator.data_needed,
            "target": target.get("text"),
            "target_value": target.get("value"),
            "target_year": target.get("year"),
        }


def indicator_measure_rows(plan: Plan) -> Iterator[Row]:
    measures = Measure.objects.select_related("priority").order_by("priority__position", "position")
    indicators = Indicator.objects.filter(plan=plan).prefetch_related(Prefetch("measures", queryset=measures))
    for indicator in indicators.order_by("position"):
        for measure in indicator.measures.all():
            key = _key(measure.priority.slug, measure.slug)
            yield {"indicator": indicator.slug, "measure": key, "match": indicator.match.get(key, "direct")}


def area_rows(plan: Plan) -> Iterator[Row]:
    for area in Area.objects.select_related("parent").order_by("code"):
        yield {
            "code": area.code,
            "name": area.name,
            "level": area.level,
            "vintage": area.vintage,
            "parent": area.parent.code if area.parent else None,
        }


def release_rows(plan: Plan) -> Iterator[Row]:
    releases = Release.objects.filter(observations__indicator__plan=plan, observations__is_current=True)
    for release in releases.distinct().order_by("pk"):
        yield {
            "id": release.pk,
            "format": release.format,
            "file_name": release.file_name,
            "publisher": release.publisher,
            "sha256": release.checksum,
            "rows_read": release.rows_read,
        }


def current_observations(plan: Plan):
    return Observation.objects.filter(indicator__plan=plan, is_current=True)


# Each field of observations.csv and the Observation column it is read from; most keep their column's name.
_SAME_NAMED = (
    *("period_start", "period_end", "period_kind", "sex", "age", "category_type", "category", "value"),
    *("lower_95", "upper_95", "lower_998", "upper_998", "count", "denominator", "missing_reason", "note"),
)
OBSERVATION_COLUMNS = {
    "id": "pk",
    "indicator": "indicator__slug",
    "area_code": "area__code",
    "period": "period_label",
    **{name: name for name in _SAME_NAMED},
    "release": "release_id",
}


def observation_rows(plan: Plan) -> Iterator[Row]:
    rows = current_observations(plan).order_by("indicator__position", "area__code", "period_start", "pk")
    for values in rows.values_list(*OBSERVATION_COLUMNS.values()).iterator(chunk_size=2000):
        yield dict(zip(OBSERVATION_COLUMNS, values, strict=True))


# --- The registry ----------------------------------------------------------------------------------

SLUG = "Stable identifier (lower case, hyphens), as in the site's addresses."
POSITION = "Order in the plan, starting at 0."

TABLES: tuple[Table, ...] = (
    Table(
        name="themes",
        title="Themes",
        description="The plan's themes, which group its priorities.",
        fields=(
            Field("slug", "string", SLUG, required=True),
            Field("position", "integer", POSITION, required=True),
            Field("name", "string", "The theme's name.", required=True),
            Field("tagline", "string", "The theme's one-line summary."),
            Field("why", "string", "Why the theme matters, in the plan's words."),
        ),
        primary_key=("slug",),
        rows=theme_rows,
    ),
    Table(
        name="priorities",
        title="Priorities",
        description="The plan's priorities, each with its ambition where the plan states one.",
        fields=(
            Field("slug", "string", SLUG, required=True),
            Field("theme", "string", "The theme the priority belongs to (themes.slug).", required=True),
            Field("position", "integer", POSITION, required=True),
            Field("name", "string", "The priority's name.", required=True),
            Field("ambition", "string", "The priority's ambition for the end of the plan, where it states one."),
            Field("introduction", "string", "The priority's introduction; paragraphs are separated by a blank line."),
            Field("delivered_through", "string", "How the plan says the priority will be delivered."),
        ),
        primary_key=("slug",),
        foreign_keys=(ForeignKey(("theme",), "themes", ("slug",)),),
        rows=priority_rows,
    ),
    Table(
        name="partners",
        title="Partners",
        description="The organisations and partnerships the plan names as partners.",
        fields=(
            Field("slug", "string", SLUG, required=True),
            Field("position", "integer", POSITION, required=True),
            Field("name", "string", "The partner's name.", required=True),
            Field("kind", "string", "The kind of organisation.", enum=tuple(Partner.Kind.values)),
        ),
        primary_key=("slug",),
        rows=partner_rows,
    ),
    Table(
        name="delivery-bodies",
        title="Delivery bodies",
        description="The boards, partnerships, strategies and programmes through which the priorities are delivered.",
        fields=(
            Field("slug", "string", SLUG, required=True),
            Field("position", "integer", POSITION, required=True),
            Field("name", "string", "The body's name.", required=True),
            Field(
                "kind",
                "string",
                "Board, partnership, strategy, programme or plan.",
                enum=tuple(DeliveryBody.Kind.values),
            ),
            Field("status", "string", "The body's status where the plan gives one, e.g. a strategy in development."),
            Field("url", "string", "Where the body publishes its work, if known."),
        ),
        primary_key=("slug",),
        rows=delivery_body_rows,
    ),
    Table(
        name="priority-delivery-bodies",
        title="Priorities and their delivery bodies",
        description="Which delivery bodies deliver each priority: one row per pair.",
        fields=(
            Field("priority", "string", "The priority (priorities.slug).", required=True),
            Field("delivery_body", "string", "The delivery body (delivery-bodies.slug).", required=True),
        ),
        primary_key=("priority", "delivery_body"),
        foreign_keys=(
            ForeignKey(("priority",), "priorities", ("slug",)),
            ForeignKey(("delivery_body",), "delivery-bodies", ("slug",)),
        ),
        rows=priority_delivery_body_rows,
    ),
    Table(
        name="actions",
        title="Actions",
        description=(
            "Every numbered action of the plan, with its latest approved delivery status. Until the "
            "performance team approves a partner's update the status is 'no-update' ('No update yet')."
        ),
        fields=(
            Field(
                "id",
                "string",
                "The action's identifier: priority slug and action number, e.g. 'caring-and-growing/1'.",
                required=True,
            ),
            Field("priority", "string", "The priority the action belongs to (priorities.slug).", required=True),
            Field("number", "integer", "The action's number within its priority, as in the plan.", required=True),
            Field("title", "string", "A short title for the action.", required=True),
            Field("text", "string", "The action's full text, as in the plan.", required=True),
            Field("sub_items", "string", "The action's listed sub-items, one per line."),
            Field("lead_partner", "string", "The partner leading the action (partners.slug), once assigned."),
            Field(
                "contributing_partners",
                "string",
                "Partners contributing to the action (partners.slug), separated by '; '.",
            ),
            Field(
                "delivery_body",
                "string",
                "The body delivering this action, if it is not the priority's bodies (delivery-bodies.slug).",
            ),
            Field("contact_role", "string", "The named role to contact about the action."),
            Field("start_date", "date", "When work on the action starts, if set."),
            Field("due_date", "date", "When the action is due, if set."),
            Field(
                "status",
                "string",
                "Latest approved delivery status.",
                required=True,
                enum=("not-started", "on-track", "at-risk", "off-track", "complete", "no-update"),
            ),
            Field("status_label", "string", "The status in words, as the site shows it.", required=True),
            Field(
                "status_period",
                "string",
                "Reporting period of the approved update the status comes from, e.g. 2026-Q3.",
            ),
            Field("status_approved_on", "date", "When that update was approved for publication."),
        ),
        primary_key=("id",),
        foreign_keys=(
            ForeignKey(("priority",), "priorities", ("slug",)),
            ForeignKey(("lead_partner",), "partners", ("slug",)),
            ForeignKey(("delivery_body",), "delivery-bodies", ("slug",)),
        ),
        rows=action_rows,
    ),
    Table(
        name="commitments",
        title="Dated commitments",
        description="The dated promises inside the plan's actions.",
        fields=(
            Field("action", "string", "The action the commitment belongs to (actions.id).", required=True),
            Field("position", "integer", "Order within the action, starting at 0.", required=True),
            Field("what", "string", "What is promised.", required=True),
            Field("quantity", "number", "How many, where the plan gives a number."),
            Field("unit", "string", "The unit of the quantity."),
            Field(
                "by",
                "string",
                "When, as precisely as the plan says it: a year, a month (YYYY-MM) or a date.",
                required=True,
            ),
            Field("due", "date", "The last day of that period.", required=True),
            Field("wording", "string", "The plan's own words for the commitment.", required=True),
        ),
        primary_key=("action", "position"),
        foreign_keys=(ForeignKey(("action",), "actions", ("id",)),),
        rows=commitment_rows,
    ),
    Table(
        name="measures",
        title="Measures of success",
        description="How the plan will measure success: each priority's measures.",
        fields=(
            Field(
                "id",
                "string",
                "The measure's identifier: priority slug and measure slug, e.g. 'caring-and-growing/school-readiness'.",
                required=True,
            ),
            Field("priority", "string", "The priority the measure belongs to (priorities.slug).", required=True),
            Field("slug", "string", SLUG, required=True),
            Field("position", "integer", "Order within the priority, starting at 0.", required=True),
            Field("text", "string", "The measure, in the plan's words.", required=True),
        ),
        primary_key=("id",),
        foreign_keys=(ForeignKey(("priority",), "priorities", ("slug",)),),
        rows=measure_rows,
    ),
    Table(
        name="indicators",
        title="Indicator catalogue",
        description=(
            "The published statistics that show progress on the measures, and, where no published statistic "
            "serves a measure, the local data it needs (status 'local-data-needed', with no figures)."
        ),
        fields=(
            Field("id", "string", SLUG, required=True),
            Field("title", "string", "The indicator's name.", required=True),
            Field(
                "status",
                "string",
                "'published' (official figures) or 'local-data-needed'.",
                required=True,
                enum=tuple(Indicator.Status.values),
            ),
            Field("definition", "string", "What the indicator measures."),
            Field("unit", "string", "The unit of the values."),
            Field(
                "polarity",
                "string",
                "Whether a higher value is better, worse, or neither.",
                required=True,
                enum=tuple(Indicator.Polarity.values),
            ),
            Field("publisher", "string", "Who publishes the statistic, and any intermediary whose copy is used."),
            Field("dataset", "string", "The publisher's dataset."),
            Field("licence", "string", "The licence, as the publisher states it."),
            Field("frequency", "string", "How often the publisher updates it."),
            Field("geographies", "string", "The levels of geography with figures, separated by '; '."),
            Field("source_file", "string", "The publisher's file the figures are read from, as shipped with the plan."),
            Field("caveats", "string", "What to bear in mind when using the figures."),
            Field("data_needed", "string", "For local-data-needed indicators: the data that would serve the measure."),
            Field("target", "string", "The plan's dated target for the indicator, in words, if it has one."),
            Field("target_value", "number", "The target's value."),
            Field("target_year", "integer", "The year the target is for."),
        ),
        primary_key=("id",),
        rows=indicator_rows,
        statistics=True,
    ),
    Table(
        name="indicator-measures",
        title="Which indicators serve which measures",
        description="One row per indicator and measure it serves, with how well it serves it.",
        fields=(
            Field("indicator", "string", "The indicator (indicators.id).", required=True),
            Field("measure", "string", "The measure (measures.id).", required=True),
            Field(
                "match",
                "string",
                "direct: measures what the plan says; partial: part of it or a close proxy; context: background only.",
                required=True,
                enum=("direct", "partial", "context"),
            ),
        ),
        primary_key=("indicator", "measure"),
        foreign_keys=(
            ForeignKey(("indicator",), "indicators", ("id",)),
            ForeignKey(("measure",), "measures", ("id",)),
        ),
        rows=indicator_measure_rows,
    ),
    Table(
        name="areas",
        title="Areas",
        description=(
            "The areas figures are given for, by their ONS (GSS) codes: England, region, boroughs, wards "
            "and neighbourhoods (LSOAs)."
        ),
        fields=(
            Field(
                "code", "string", "The area's GSS code: a letter and eight digits, as ONS publishes it.", required=True
            ),
            Field("name", "string", "The area's name.", required=True),
            Field("level", "string", "The kind of area.", required=True, enum=tuple(Area.Level.values)),
            Field(
                "vintage", "string", "For wards and LSOAs, the boundary set(s) the code belongs to, e.g. '2011 2021'."
            ),
            Field("parent", "string", "The area it lies in (areas.code), where known."),
        ),
        primary_key=("code",),
        foreign_keys=(ForeignKey(("parent",), "", ("code",)),),
        rows=area_rows,
        statistics=True,
    ),
    Table(
        name="releases",
        title="Publisher files",
        description="The publishers' files the figures were imported from, with each file's SHA-256 checksum.",
        fields=(
            Field("id", "integer", "The file's number in this package (observations.release).", required=True),
            Field("format", "string", "The publisher's file layout.", required=True),
            Field("file_name", "string", "The file's name.", required=True),
            Field("publisher", "string", "Who published the file."),
            Field("sha256", "string", "SHA-256 of the file's bytes.", required=True),
            Field("rows_read", "integer", "Rows read from the file."),
        ),
        primary_key=("id",),
        rows=release_rows,
        statistics=True,
    ),
    Table(
        name="observations",
        title="Official figures",
        description=(
            "Every current figure for every indicator: one value per indicator, area, period and breakdown, "
            "as its publisher's latest file gives it. A revised figure replaces the earlier one."
        ),
        fields=(
            Field("id", "integer", "The figure's number in this package.", required=True),
            Field("indicator", "string", "The indicator (indicators.id).", required=True),
            Field("area_code", "string", "The area's GSS code (areas.code).", required=True),
            Field(
                "period", "string", "The period as the publisher labels it, e.g. 2021/22 or 2018 - 20.", required=True
            ),
            Field("period_start", "date", "First day of the period.", required=True),
            Field("period_end", "date", "Last day of the period.", required=True),
            Field(
                "period_kind", "string", "The kind of period.", required=True, enum=tuple(Observation.PeriodKind.values)
            ),
            Field("sex", "string", "Sex breakdown, if any (e.g. Female)."),
            Field("age", "string", "Age breakdown, if any."),
            Field("category_type", "string", "Other breakdown's kind, e.g. deprivation quintile."),
            Field("category", "string", "Other breakdown's category."),
            Field("value", "number", "The figure, in the indicator's unit; empty where the publisher gives none."),
            Field("lower_95", "number", "Lower limit of the 95% confidence interval, where published."),
            Field("upper_95", "number", "Upper limit of the 95% confidence interval, where published."),
            Field("lower_998", "number", "Lower limit of the 99.8% confidence interval, where published."),
            Field("upper_998", "number", "Upper limit of the 99.8% confidence interval, where published."),
            Field("count", "number", "The count behind the figure (numerator), where published."),
            Field("denominator", "number", "The population or total behind the figure, where published."),
            Field("missing_reason", "string", "Why the value is missing or suppressed, as the publisher says."),
            Field("note", "string", "The publisher's note on the figure."),
            Field("release", "integer", "The publisher file it came from (releases.id).", required=True),
        ),
        primary_key=("id",),
        foreign_keys=(
            ForeignKey(("indicator",), "indicators", ("id",)),
            ForeignKey(("area_code",), "areas", ("code",)),
            ForeignKey(("release",), "releases", ("id",)),
        ),
        rows=observation_rows,
        statistics=True,
    ),
)

TABLES_BY_NAME = {table.name: table for table in TABLES}

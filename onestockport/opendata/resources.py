"""The tables of the open data package: each one's fields, keys and rows, read from the database.

One `Table` per resource, registered in `TABLES` in the order the package lists them. A table's rows
are plain dicts keyed by its field names (`rows.py`, `place_tables.py`); the formats (`formats.py`) turn
them into CSV and JSON.
"""

from __future__ import annotations

from onestockport.casestudies.opendata import CASE_STUDIES_TABLE
from onestockport.indicators.models import Indicator, Observation
from onestockport.places.models import Area
from onestockport.plans.models import DeliveryBody, Partner

from .place_tables import PLACE_TABLES
from .rows import (
    action_rows,
    area_rows,
    commitment_rows,
    delivery_body_rows,
    indicator_measure_rows,
    indicator_rows,
    measure_rows,
    observation_rows,
    partner_rows,
    priority_delivery_body_rows,
    priority_rows,
    release_rows,
    theme_rows,
)
from .table_types import Field, ForeignKey, Row, Table

__all__ = ["TABLES", "TABLES_BY_NAME", "Field", "ForeignKey", "Row", "Table"]
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

TABLES = (*TABLES, CASE_STUDIES_TABLE, *PLACE_TABLES)
TABLES_BY_NAME = {table.name: table for table in TABLES}

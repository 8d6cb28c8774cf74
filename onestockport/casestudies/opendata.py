"""The case studies' table of the open data package (onestockport/opendata/resources.py registers it):
approved case studies only, one row each, with the priorities and actions they show and their images."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from onestockport.opendata.table_types import Field, ForeignKey, Row, Table
from onestockport.plans.models import Plan

from . import selectors
from .models import CaseStudy


def case_study_rows(plan: Plan) -> Iterator[Row]:
    for case_study in selectors.approved_of_plan(plan).order_by("pk"):
        yield {
            "id": case_study.pk,
            "title": case_study.title,
            "summary": case_study.summary,
            "text": case_study.text,
            "partner": case_study.partner.slug,
            "priorities": "; ".join(priority.slug for priority in case_study.priorities.all()),
            "actions": "; ".join(f"{action.priority.slug}/{action.number}" for action in case_study.actions.all()),
            "plan_title": case_study.plan_title,
            "approved_on": timezone.localdate(case_study.reviewed_at) if case_study.reviewed_at else None,
            "page": reverse("casestudies:case-study", args=[case_study.pk]),
            "images": "\n".join(image.url for image in case_study.images.all()),
            "image_alt_texts": "\n".join(image.alt_text for image in case_study.images.all()),
        }


def approval_state(plan: Plan) -> tuple[int, object]:
    """How many case studies are approved and when the latest was: the package's sign that they changed."""
    found = CaseStudy.objects.filter(plan=plan, state=CaseStudy.State.APPROVED).aggregate(
        rows=Count("pk"), last=Max("reviewed_at")
    )
    return found["rows"], found["last"]


CASE_STUDIES_TABLE = Table(
    name="case-studies",
    title="Case studies",
    description=(
        "Short case studies of work that already shows the priorities' ambitions, written by partners and "
        "approved by the performance team. Only approved case studies are listed; the table is in the "
        "package once there is one."
    ),
    fields=(
        Field("id", "integer", "The case study's number, as in its page's address.", required=True),
        Field("title", "string", "The case study's title.", required=True),
        Field("summary", "string", "One or two sentences.", required=True),
        Field("text", "string", "The case study; paragraphs are separated by a blank line.", required=True),
        Field("partner", "string", "The organisation it is about (partners.slug).", required=True),
        Field("priorities", "string", "The priorities it shows (priorities.slug), separated by '; '.", required=True),
        Field("actions", "string", "The actions it shows (actions.id), separated by '; '."),
        Field("plan_title", "string", "The plan's listed case study it fulfils, in the plan's words, if any."),
        Field("approved_on", "date", "When the performance team approved it for publication.", required=True),
        Field("page", "string", "Its page's address on the site.", required=True),
        Field("images", "string", "Addresses of its images on the site, one per line."),
        Field("image_alt_texts", "string", "Each image's alt text, one per line, in the same order."),
    ),
    primary_key=("id",),
    foreign_keys=(ForeignKey(("partner",), "partners", ("slug",)),),
    rows=case_study_rows,
    omit_when_empty=True,  # until a case study is approved
)

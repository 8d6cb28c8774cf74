"""Delivery fixtures: a small synthetic plan, two partner organisations and a user for every role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from onestockport.delivery.permissions import Role

from .factories import (
    ActionFactory,
    CommitmentFactory,
    DeliveryBodyFactory,
    PartnerFactory,
    PlanFactory,
    PriorityFactory,
    make_user,
)

# Filled by the permission matrix test, printed at the end of the run.
MATRIX_SUMMARY: list[str] = []


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if MATRIX_SUMMARY:
        terminalreporter.section("delivery permission matrix")
        for line in MATRIX_SUMMARY:
            terminalreporter.write_line(line)


@dataclass
class World:
    plan: object
    body: object
    priority: object
    own: object  # the partner organisation of the "own" partner users
    other: object
    own_action: object  # led by `own`
    other_action: object  # led by `other`
    contributed_action: object  # led by `other`, `own` contributes
    commitment: object  # a dated commitment of own_action
    users: dict


ROLE_USERS = {
    "partner-editor-own": (Role.PARTNER_EDITOR, "own"),
    "partner-editor-other": (Role.PARTNER_EDITOR, "other"),
    "partner-lead-own": (Role.PARTNER_LEAD, "own"),
    "partner-lead-other": (Role.PARTNER_LEAD, "other"),
    "performance-officer": (Role.PERFORMANCE_OFFICER, None),
    "engagement-officer": (Role.ENGAGEMENT_OFFICER, None),
    "administrator": (Role.ADMINISTRATOR, None),
    "no-role": (None, None),
}


@pytest.fixture
def world(db) -> World:
    plan = PlanFactory()
    body = DeliveryBodyFactory(plan=plan, slug="work-and-skills-board", name="Work and Skills Board")
    priority = PriorityFactory(plan=plan, slug="skilled", name="Skilled and confident")
    priority.delivery_bodies.add(body)
    own = PartnerFactory(plan=plan, slug="own-org", name="Own Organisation")
    other = PartnerFactory(plan=plan, slug="other-org", name="Other Organisation")
    own_action = ActionFactory(priority=priority, number=1, title="Own action", lead_partner=own)
    other_action = ActionFactory(priority=priority, number=2, title="Other action", lead_partner=other)
    contributed = ActionFactory(priority=priority, number=3, title="Shared action", lead_partner=other)
    contributed.contributing_partners.add(own)
    commitment = CommitmentFactory(action=own_action)
    partners = {"own": own, "other": other}
    users = {key: make_user(key, role, partners.get(org) if org else None) for key, (role, org) in ROLE_USERS.items()}
    return World(plan, body, priority, own, other, own_action, other_action, contributed, commitment, users)


@pytest.fixture
def run_cli():
    """Invoke the delivery commands as `onestockport` would, in process (cli.py registers them)."""
    import click
    from click.testing import CliRunner

    from onestockport.delivery.commands import delivery, demo

    group = click.Group("onestockport", commands={"delivery": delivery, "demo": demo})

    def invoke(*args: str):
        return CliRunner().invoke(group, list(args))

    return invoke


# Unique strings planted in one organisation's unpublished and published content, so a test can tell
# from a page's text what it disclosed.
MARKERS = {
    "draft narrative": "Zq7DraftNarrative",
    "draft file": "Zq7DraftFile.pdf",
    "review comment": "Zq7ReviewComment",
    "returned narrative": "Zq7ReturnedNarrative",
    "submitted narrative": "Zq7SubmittedNarrative",
    "approved narrative": "Zq7ApprovedNarrative",
    "approved file": "Zq7ApprovedFile.pdf",
}
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Planted:
    """Updates on world.own_action in every state, written through the services so history records them."""

    draft: object  # this period: edited once, with a file
    returned: object  # last period: returned with a comment, then edited
    submitted: object  # two periods ago
    approved: object  # three periods ago: edited, with a file, then approved
    draft_file: object
    approved_file: object


@pytest.fixture
def planted(world) -> Planted:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onestockport.delivery import selectors, services

    editor, lead = world.users["partner-editor-own"], world.users["partner-lead-own"]
    officer, action = world.users["performance-officer"], world.own_action
    current = selectors.current_period()
    periods = [current, current.previous(), current.previous().previous(), current.previous().previous().previous()]

    def write(period, first: str, second: str | None = None, file: str | None = None, status: str = "on-track"):
        content = services.UpdateContent("on-track", first)
        update = services.create_update(user=editor, action=action, content=content, period=period)
        if second is not None or file is not None:
            files = [SimpleUploadedFile(file, PDF_BYTES)] if file else []
            content = services.UpdateContent(status, second or first)
            update = services.edit_update(
                user=editor, update_id=update.pk, expected_version=update.version, content=content, files=files
            )
        return update

    approved = write(
        periods[3],
        "Approved first words.",
        f"{MARKERS['approved narrative']} done.",
        MARKERS["approved file"],
        "at-risk",
    )
    approved = services.submit_update(user=lead, update_id=approved.pk, expected_version=approved.version)
    approved = services.approve_update(user=officer, update_id=approved.pk, expected_version=approved.version)
    submitted = write(periods[2], f"{MARKERS['submitted narrative']} sent.")
    submitted = services.submit_update(user=lead, update_id=submitted.pk, expected_version=submitted.version)
    returned = write(periods[1], "Returned first words.")
    returned = services.submit_update(user=lead, update_id=returned.pk, expected_version=returned.version)
    returned = services.return_update(
        user=officer, update_id=returned.pk, expected_version=returned.version, comment=MARKERS["review comment"]
    )
    returned = services.edit_update(
        user=editor,
        update_id=returned.pk,
        expected_version=returned.version,
        content=services.UpdateContent("at-risk", f"{MARKERS['returned narrative']} again."),
    )
    draft = write(
        periods[0], "Draft first words.", f"{MARKERS['draft narrative']} so far.", MARKERS["draft file"], "off-track"
    )
    # A completion a partner recorded after the last approval: not public until the next one.
    services.complete_commitment(user=editor, commitment_id=world.commitment.pk, done=world.commitment.due)
    return Planted(
        draft=draft,
        returned=returned,
        submitted=submitted,
        approved=approved,
        draft_file=draft.files.get(),
        approved_file=approved.files.get(),
    )

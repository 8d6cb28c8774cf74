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

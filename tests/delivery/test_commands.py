"""`onestockport delivery remind` and `onestockport demo`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from onestockport.delivery.models import Membership, Update
from onestockport.delivery.permissions import ORGANISATION_ROLES, Role
from onestockport.plans.models import Action, Plan
from onestockport.voice.models import Response
from onestockport.voice.website_comments import WEBSITE_ENGAGEMENT
from tests.conftest import REPO_ROOT

from .factories import make_update


@pytest.fixture
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()


@pytest.mark.django_db
def test_remind_emails_the_editors_of_actions_missing_an_update(world, run_cli, locmem_email):
    make_update(world.own_action, state=Update.State.SUBMITTED)  # reported: no reminder for Own Organisation
    make_update(world.other_action, state=Update.State.DRAFT)  # a draft still counts as missing
    result = run_cli("delivery", "remind")
    assert result.exit_code == 0, result.output
    # Own Organisation is reminded only of the action it contributes to (its own is reported).
    assert "Sent 4 reminder(s) for" in result.output
    assert {m.to[0] for m in mail.outbox} == {
        "partner-editor-other@example.invalid",
        "partner-lead-other@example.invalid",
        "partner-editor-own@example.invalid",
        "partner-lead-own@example.invalid",
    }
    body = next(m.body for m in mail.outbox if m.to == ["partner-editor-other@example.invalid"])
    assert "Other Organisation leads 2 actions" in body
    assert f"/delivery/actions/{world.other_action.pk}/" in body
    assert f"/delivery/actions/{world.contributed_action.pk}/" in body
    own = next(m.body for m in mail.outbox if m.to == ["partner-editor-own@example.invalid"])
    assert "Own Organisation contributes to 1 action" in own
    assert f"/delivery/actions/{world.own_action.pk}/" not in own


@pytest.mark.django_db
def test_remind_dry_run_sends_nothing(world, run_cli, locmem_email):
    result = run_cli("delivery", "remind", "--dry-run", "--period", "2026-Q1")
    assert result.exit_code == 0
    assert "Would send 4 reminder(s) for 2026-Q1 covering 3 action(s)" in result.output
    assert mail.outbox == []


@pytest.mark.django_db
def test_remind_names_actions_nobody_can_be_reminded_about(world, run_cli, locmem_email):
    world.own_action.lead_partner = None
    world.own_action.save()
    result = run_cli("delivery", "remind")
    assert "1 action(s) missing an update have no lead partner to remind" in result.output
    assert f"no lead partner: {world.priority.slug}/1" in result.output


@pytest.mark.django_db
def test_remind_from_the_dashboard(world, client, locmem_email):
    client.force_login(world.users["performance-officer"])
    assert "Send 4 reminders" in client.get("/delivery/dashboard/remind/").content.decode()  # the preview
    assert mail.outbox == []
    response = client.post("/delivery/dashboard/remind/", {"confirm": "send"}, follow=True)
    assert "Sent 4 reminder(s)" in response.content.decode()
    assert len(mail.outbox) == 4


def test_demo_builds_a_separate_database_and_leaves_the_default_untouched(tmp_path):
    """Run as the real command, in its own process: the demo settings never reach the default database,
    even with DATABASE_URL and DJANGO_SETTINGS_MODULE pointing elsewhere."""
    var = tmp_path / "var"
    default_db = tmp_path / "real.sqlite3"
    sqlite3.connect(default_db).close()
    before = default_db.read_bytes()
    env = {
        **os.environ,
        "ONESTOCKPORT_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{default_db}",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    script = (
        "import click, sys\n"
        "from onestockport.delivery.commands import demo\n"
        "group = click.Group('onestockport', commands={'demo': demo})\n"
        "group.main(['demo', '--password', 'demo-pass-1234'], standalone_mode=False)\n"
        # What the demo's public pages say where delivery and measures disagree (docs/methods.md).
        "from django.utils import timezone\n"
        "from onestockport.delivery.rollup import disagreements, priority_rollups\n"
        "from onestockport.plans.selectors import get_plan\n"
        "for found in disagreements(priority_rollups(get_plan(), today=timezone.localdate())):\n"
        "    print('Disagreement:', found.priority.slug, found.sentence.text)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert f"Demonstration database: {var / 'demo.sqlite3'}" in result.stdout
    assert "demo-officer" in result.stdout
    assert "password for all: demo-pass-1234" in result.stdout
    assert "importing " in result.stdout  # progress through the long data load
    assert "Adding demonstration accounts" in result.stdout
    assert default_db.read_bytes() == before  # the real database was never touched

    demo = sqlite3.connect(var / "demo.sqlite3")
    narratives = [row[0] for row in demo.execute("select narrative from delivery_update")]
    users = [row[0] for row in demo.execute("select last_name from auth_user")]
    states = {row[0] for row in demo.execute("select state from delivery_update")}
    observations = demo.execute("select count(*) from indicators_observation where is_current").fetchone()[0]
    groups = {
        name
        for (name,) in demo.execute(
            "select g.name from auth_user u join auth_user_groups ug on ug.user_id = u.id"
            " join auth_group g on g.id = ug.group_id where u.is_active and u.username like 'demo-%'"
        )
    }
    demo.close()
    assert groups == {role.group_name for role in Role}  # an active account for every role
    assert observations > 10_000  # the real published statistics, so the measures have statuses
    assert "Disagreement: " in result.stdout  # at least one priority shows the sentence
    assert narratives
    assert all(text.startswith("Demonstration update, not real progress.") for text in narratives)
    assert users
    assert all(name for name in users)
    assert states == {"draft", "submitted", "returned", "approved"}


@pytest.mark.django_db
def test_demo_refuses_to_run_inside_a_process_set_up_with_real_settings(run_cli):
    result = run_cli("demo")
    assert result.exit_code == 1
    assert "run `onestockport demo` in its own process" in result.output
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_demo_data_is_labelled_and_built_once(loaded_plan):
    from onestockport.delivery.demo import build_demo

    result = build_demo(password="demo-pass-1234")
    assert result.updates == {"approved": 27, "draft": 7, "submitted": 7, "returned": 7}
    # An active account for every role, partner roles in a real partner organisation of the plan.
    users = get_user_model().objects.filter(username__startswith="demo-", is_active=True)
    for role in Role:
        holders = users.filter(groups__name=role.group_name)
        assert holders.exists(), role
        if role in ORGANISATION_ROLES:
            assert all(user.delivery_membership.partner.plan == loaded_plan for user in holders)
        else:
            assert holders.count() == 1
            assert not Membership.objects.filter(user__in=holders).exists()
    assert {username for username, _ in result.accounts} == set(users.values_list("username", flat=True))
    # Residents' comments for the engagement officer's review desk, labelled as demonstration.
    answers = Response.objects.filter(respondent__engagement__slug=WEBSITE_ENGAGEMENT)
    assert result.comments == answers.count() == 3
    assert all(answer.text.startswith("Demonstration comment") for answer in answers)
    assert all(u.narrative.startswith("Demonstration update") for u in Update.objects.all())
    assert all(a.contact_role.startswith("Demonstration") for a in Action.objects.exclude(contact_role=""))
    assert build_demo(password="x").already_built

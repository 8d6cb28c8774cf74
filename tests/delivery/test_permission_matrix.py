"""Every role x every write URL and command x own/other organisation: who may change what.
And every role x every page that shows update content: what each of them is shown.

Each write cell runs in its own savepoint, rolled back afterwards, so every cell starts from the same state.
A cell is "allowed" when the write really happened (checked in the database, outbox or file system),
not merely when the response looked successful. A read cell is judged by the content served: unique
markers planted in unpublished and published content must appear exactly where they may.
"""

from __future__ import annotations

import logging

import click
import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from onestockport.delivery import services
from onestockport.delivery.commands import delivery
from onestockport.delivery.models import Membership, Milestone, NotificationPreference, Update
from onestockport.delivery.permissions import Role
from onestockport.plans.models import Action, Partner

from . import matrix_case_studies, matrix_voice
from .conftest import MATRIX_SUMMARY, World
from .factories import UserFactory, make_update, make_user
from .matrix_core import Cell, Endpoint
from .matrix_core import read as _read
from .matrix_pages import (
    ACCOUNT_MANAGERS,
    ADMIN_SITE,
    INSIDERS,
    OWN_WRITERS,
    PAGES,
    ROLES,
    SIGNED_IN_ROLES,
    TEAM,
    markers_of,
)

pytestmark = pytest.mark.django_db

COMMANDS = click.Group("onestockport", commands={"delivery": delivery})  # as cli.py registers it


def _post(client: Client, url: str, data: dict | None = None) -> tuple[int, str]:
    response = client.post(url, data or {})
    return response.status_code, response.get("Location", "")


def _draft(world: World, **kwargs) -> Update:
    return make_update(world.own_action, **kwargs)


# --- the attempts ----------------------------------------------------------------------------------


def update_create(world, client, role, tmp):
    status, location = _post(
        client,
        f"/delivery/actions/{world.own_action.pk}/updates/new/",
        {"version": 1, "status": "on-track", "narrative": f"Written by {role}"},
    )
    return Cell(Update.objects.filter(action=world.own_action).exists(), status, location)


def update_edit(world, client, role, tmp):
    update = _draft(world)
    status, location = _post(
        client,
        f"/delivery/updates/{update.pk}/edit/",
        {"version": update.version, "status": "at-risk", "narrative": f"Changed by {role}"},
    )
    update.refresh_from_db()
    return Cell(update.narrative == f"Changed by {role}", status, location)


def _state_change(action_name: str, start: str):
    def attempt(world, client, role, tmp):
        update = _draft(world, state=start)
        status, location = _post(
            client, f"/delivery/updates/{update.pk}/{action_name}/", {"version": update.version, "comment": "Fix it"}
        )
        before = update.state
        update.refresh_from_db()
        return Cell(update.state != before, status, location)

    return attempt


def evidence_delete(world, client, role, tmp):
    update = _draft(world)
    evidence = services._attach(update, SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"), None)
    status, location = _post(client, f"/delivery/evidence/{evidence.pk}/delete/")
    return Cell(not update.files.filter(pk=evidence.pk).exists(), status, location)


def milestone_create(world, client, role, tmp):
    status, location = _post(
        client, f"/delivery/actions/{world.own_action.pk}/milestones/new/", {"title": "By " + role, "due": "2027-03-31"}
    )
    return Cell(Milestone.objects.filter(title="By " + role).exists(), status, location)


def _milestone(world) -> Milestone:
    return Milestone.objects.create(action=world.own_action, title="Original", due="2027-03-31")


def milestone_edit(world, client, role, tmp):
    milestone = _milestone(world)
    status, location = _post(
        client, f"/delivery/milestones/{milestone.pk}/edit/", {"title": "Renamed", "due": "2027-06-30"}
    )
    milestone.refresh_from_db()
    return Cell(milestone.title == "Renamed", status, location)


def milestone_complete(world, client, role, tmp):
    milestone = _milestone(world)
    status, location = _post(client, f"/delivery/milestones/{milestone.pk}/complete/", {"done": "2025-01-15"})
    milestone.refresh_from_db()
    return Cell(milestone.done is not None, status, location)


def commitment_complete(world, client, role, tmp):
    status, location = _post(
        client,
        f"/delivery/actions/{world.own_action.pk}/commitments/{world.commitment.pk}/complete/",
        {"done": "2025-01-15"},
    )
    return Cell(Milestone.objects.filter(commitment=world.commitment, done__isnull=False).exists(), status, location)


def ownership_edit(world, client, role, tmp):
    status, location = _post(
        client,
        f"/delivery/actions/{world.own_action.pk}/ownership/",
        {"lead_partner": world.other.pk, "contact_role": "Changed", "contributing_partners": [world.own.pk]},
    )
    return Cell(Action.objects.get(pk=world.own_action.pk).contact_role == "Changed", status, location)


def remind_url(world, client, role, tmp):
    mail.outbox.clear()
    status, location = _post(client, "/delivery/dashboard/remind/", {"confirm": "send"})  # the preview's button
    return Cell(bool(mail.outbox), status, location)


def email_settings(world, client, role, tmp):
    """Choose the weekly digest: every delivery user may, for themselves."""
    status, location = _post(client, "/delivery/email-settings/", {"how": "digest"})
    user = world.users.get(role)
    chosen = user is not None and NotificationPreference.objects.filter(user=user, digest=True).exists()
    return Cell(chosen, status, location)


def admin_plan_content(world, client, role, tmp):
    partner = world.other
    status, location = _post(
        client,
        f"/admin/plans/partner/{partner.pk}/change/",
        {"plan": partner.plan_id, "position": 0, "slug": partner.slug, "name": "Renamed", "kind": partner.kind},
    )
    return Cell(Partner.objects.get(pk=partner.pk).name == "Renamed", status, location)


def admin_membership(world, client, role, tmp):
    newcomer = UserFactory(username="newcomer")
    status, location = _post(client, "/admin/delivery/membership/add/", {"user": newcomer.pk, "partner": world.own.pk})
    return Cell(Membership.objects.filter(user=newcomer).exists(), status, location)


def invite(world, client, role, tmp):
    """Invite a partner editor into the "own" organisation: its lead and the administrator may."""
    mail.outbox.clear()
    email = f"invited-by-{role}@example.invalid"
    status, location = _post(
        client,
        "/delivery/people/invite/",
        {"email": email, "name": "Invited Person", "organisation": world.own.pk, "role": "partner-editor"},
    )
    created = get_user_model().objects.filter(email=email).exists()
    return Cell(created and bool(mail.outbox), status, location)


def _account_change(verb: str, active_before: bool):
    def attempt(world, client, role, tmp):
        editor = make_user(f"editor-for-{role}", Role.PARTNER_EDITOR, world.own)
        editor.is_active = active_before
        editor.save()
        status, location = _post(client, f"/delivery/people/{editor.pk}/{verb}/")
        editor.refresh_from_db()
        return Cell(editor.is_active != active_before, status, location)

    return attempt


def resend_invitation(world, client, role, tmp):
    """Send again the link of an invited partner editor of the "own" organisation."""
    invited = make_user(f"invited-for-{role}", Role.PARTNER_EDITOR, world.own)
    invited.set_unusable_password()
    invited.save()
    mail.outbox.clear()
    status, location = _post(client, f"/delivery/people/{invited.pk}/resend/")
    return Cell(any(invited.email in message.to for message in mail.outbox), status, location)


def bulk_ownership(world, client, role, tmp):
    status, location = _post(
        client, "/delivery/ownership/", {"actions": [world.other_action.pk], "lead_partner": world.own.pk}
    )
    return Cell(Action.objects.get(pk=world.other_action.pk).lead_partner_id == world.own.pk, status, location)


def ownership_upload_apply(world, client, role, tmp):
    text = "priority,action,lead partner,contributing partners\r\nskilled,2,own-org,\r\n"
    status, location = _post(client, "/delivery/ownership/upload/", {"text": text, "name": "owners.csv"})
    return Cell(Action.objects.get(pk=world.other_action.pk).lead_partner_id == world.own.pk, status, location)


def _command(args: list[str]):
    def attempt(world, client, role, tmp):
        mail.outbox.clear()
        username = world.users[role].username if role in world.users else "nobody-at-all"
        output = tmp / f"{role}.csv"
        replaced = [str(output) if arg == "{output}" else arg for arg in args]
        result = CliRunner().invoke(COMMANDS, [*replaced, "--user", username])
        wrote = output.exists() if "{output}" in args else bool(mail.outbox)
        return Cell(wrote, result.exit_code)

    return attempt


ENDPOINTS = [
    Endpoint("update create", "url", frozenset(OWN_WRITERS), update_create),
    Endpoint("update edit", "url", frozenset(OWN_WRITERS), update_edit),
    Endpoint("update submit", "url", frozenset({"partner-lead-own", *TEAM}), _state_change("submit", "draft")),
    Endpoint("update approve", "url", frozenset(TEAM), _state_change("approve", "submitted")),
    Endpoint("update return", "url", frozenset(TEAM), _state_change("return", "submitted")),
    Endpoint("evidence delete", "url", frozenset(OWN_WRITERS), evidence_delete),
    Endpoint("milestone create", "url", frozenset(OWN_WRITERS), milestone_create),
    Endpoint("milestone edit", "url", frozenset(OWN_WRITERS), milestone_edit),
    Endpoint("milestone complete", "url", frozenset(OWN_WRITERS), milestone_complete),
    Endpoint("commitment complete", "url", frozenset(OWN_WRITERS), commitment_complete),
    Endpoint("ownership edit", "url", frozenset(TEAM), ownership_edit),
    Endpoint("send reminders", "url", frozenset(TEAM), remind_url),
    Endpoint("your email settings", "url", frozenset(SIGNED_IN_ROLES), email_settings),
    Endpoint("ownership of many actions", "url", frozenset(TEAM), bulk_ownership),
    Endpoint("ownership CSV, apply", "url", frozenset(TEAM), ownership_upload_apply),
    Endpoint("admin: plan content", "admin", frozenset(TEAM), admin_plan_content),
    Endpoint("admin: memberships", "admin", frozenset({"administrator"}), admin_membership),
    Endpoint("invite into own organisation", "url", frozenset({"partner-lead-own", "administrator"}), invite),
    Endpoint(
        "deactivate own editor",
        "url",
        frozenset({"partner-lead-own", "administrator"}),
        _account_change("deactivate", active_before=True),
    ),
    Endpoint("resend an invitation", "url", frozenset({"partner-lead-own", "administrator"}), resend_invitation),
    Endpoint(
        "reactivate own editor",
        "url",
        frozenset({"partner-lead-own", "administrator"}),
        _account_change("reactivate", active_before=False),
    ),
    Endpoint("command: delivery remind", "command", frozenset(TEAM), _command(["delivery", "remind"])),
    Endpoint(
        "command: delivery report",
        "command",
        frozenset(TEAM),
        _command(["delivery", "report", "--body", "Work and Skills Board", "--format", "csv", "-o", "{output}"]),
    ),
    Endpoint("read: dashboard", "read", frozenset(TEAM), _read(lambda w: "/delivery/dashboard/", b"dashboard")),
    Endpoint(
        "read: reminder preview",
        "read",
        frozenset(TEAM),
        _read(lambda w: "/delivery/dashboard/remind/", b"Check the reminders before sending"),
    ),
    Endpoint(
        "read: your email settings",
        "read",
        frozenset(SIGNED_IN_ROLES),
        _read(lambda w: "/delivery/email-settings/", b"Your email settings"),
    ),
    Endpoint(
        "read: board pack",
        "read",
        frozenset(TEAM),
        _read(lambda w: "/delivery/board-packs/?body=work-and-skills-board&period=2026-Q3&format=csv", b"Priority"),
    ),
    Endpoint(
        "read: history",
        "read",
        frozenset(OWN_WRITERS),  # unpublished drafts and comments: the action's own partners and the team
        _read(lambda w: f"/delivery/actions/{w.own_action.pk}/history/", b"History of changes"),
    ),
    Endpoint(
        "read: ownership of many actions",
        "read",
        frozenset(TEAM),
        _read(lambda w: "/delivery/ownership/", b"Who delivers the actions"),
    ),
    Endpoint(
        "read: ownership CSV",
        "read",
        frozenset(TEAM),
        _read(lambda w: "/delivery/ownership/ownership.csv", b"priority,action"),
    ),
    Endpoint(
        "read: people", "read", frozenset(ACCOUNT_MANAGERS), _read(lambda w: "/delivery/people/", b"Invite someone")
    ),
    Endpoint(
        "read: invite form",
        "read",
        frozenset(ACCOUNT_MANAGERS),
        _read(lambda w: "/delivery/people/invite/", b"Send the invitation"),
    ),
    Endpoint(
        "read: forgotten password",
        "read",
        frozenset(ROLES),
        _read(lambda w: "/delivery/password/forgotten/", b"Forgotten your password"),
    ),
    *matrix_case_studies.ENDPOINTS,
    *matrix_voice.ENDPOINTS,
]


def _refused_properly(endpoint: Endpoint, role: str, cell: Cell) -> bool:
    """A refusal must look like one: 403, a redirect to sign in, or a command's non-zero exit."""
    if endpoint.kind == "command":
        return cell.status != 0
    if role == "anonymous" or (endpoint.kind == "admin" and role not in ADMIN_SITE):
        return cell.status == 302 and ("sign-in" in cell.location or "login" in cell.location)
    return cell.status == 403


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def refusals():
    """Warnings of the permissions logger, caught on the logger itself: the commands call django.setup(),
    which reconfigures logging and would drop a handler on the root logger (as caplog's is)."""
    handler = _Records()
    logger = logging.getLogger("onestockport.delivery.permissions")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def test_permission_matrix(world, tmp_path, refusals, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    unexpected_allows, unexpected_denials, badly_refused, unlogged = [], [], [], []
    rows = []
    for endpoint in ENDPOINTS:
        row = []
        for role in ROLES:
            client = Client()
            with transaction.atomic():
                if role in world.users:
                    client.force_login(world.users[role])
                refusals.messages.clear()
                cell = endpoint.attempt(world, client, role, tmp_path)
                transaction.set_rollback(True)
            expected = role in endpoint.allowed
            row.append("allow" if cell.wrote else "deny")
            where = f"{endpoint.name} x {role} (status {cell.status})"
            if cell.wrote and not expected:
                unexpected_allows.append(where)
            elif expected and not cell.wrote:
                unexpected_denials.append(where)
            elif not expected and not _refused_properly(endpoint, role, cell):
                badly_refused.append(where)
            if (
                not expected
                and endpoint.kind in {"url", "command", "read"}
                and role != "anonymous"
                and not any(message.startswith("refused") for message in refusals.messages)
            ):
                unlogged.append(where)
        rows.append((endpoint.name, row))

    cells = len(ENDPOINTS) * len(ROLES)
    allows = sum(row.count("allow") for _, row in rows)
    MATRIX_SUMMARY.append(
        f"{len(ROLES)} roles x {len(ENDPOINTS)} write URLs, admin pages, commands and restricted reads = {cells} cells "
        f"({allows} allowed, {cells - allows} refused); unexpected allows: {len(unexpected_allows)}, "
        f"unexpected denials: {len(unexpected_denials)}"
    )
    width = max(len(name) for name, _ in rows)
    MATRIX_SUMMARY.append(f"{'':{width}}  " + " ".join(f"{role[:14]:>14}" for role in ROLES))
    MATRIX_SUMMARY.extend(f"{name:{width}}  " + " ".join(f"{v:>14}" for v in row) for name, row in rows)
    print("\n".join(MATRIX_SUMMARY))

    assert cells >= 150
    assert not unexpected_allows, f"unexpected allows: {unexpected_allows}"
    assert not unexpected_denials, f"unexpected denials: {unexpected_denials}"
    assert not badly_refused, f"refused without a 403, sign-in redirect or failing exit: {badly_refused}"
    assert not unlogged, f"refused without a logged warning: {unlogged}"


def _served(response) -> str:
    """What the user is given: the body and the headers (a download's file name is in a header)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return headers + "\n" + body.decode("utf-8", errors="replace")


def test_content_matrix(world, planted):
    """Each role x each page that shows update content: the markers it must and must not be shown."""
    markers = markers_of(world, planted)
    unexpected_allows, unexpected_denials, rows = [], [], []
    for page in PAGES:
        row = []
        for role in ROLES:
            client = Client()
            if role in world.users:
                client.force_login(world.users[role])
            response = client.get(page.url(world, planted))
            served = _served(response)
            shown = {name for name, text in markers.items() if text in served}
            where = f"{page.name} x {role} (status {response.status_code})"
            too_much, too_little = [], []
            if role not in page.viewers:
                must, may = set(), set()
                if response.status_code == 200:
                    too_much.append("served")
            else:
                insider = role in INSIDERS and page.kind == "staff"
                must = set(page.public) | (set(page.private) if insider else set())
                may = set(markers) if insider else must
                if response.status_code != 200 or (page.sanity and page.sanity not in served):
                    too_little.append("not served")
            too_much += sorted(shown - may) + [text for text in page.forbidden if text in served]
            too_little += [f"missing {name}" for name in sorted(must - shown)]
            if too_much:
                unexpected_allows.append(f"{where}: {', '.join(too_much)}")
            if too_little:
                unexpected_denials.append(f"{where}: {', '.join(too_little)}")
            row.append("full" if shown - set(page.public) else "public" if shown else "-")
        rows.append((page.name, row))

    cells = len(PAGES) * len(ROLES)
    MATRIX_SUMMARY.append(
        f"{len(ROLES)} roles x {len(PAGES)} pages showing update content = {cells} cells, content checked; "
        f"unexpected allows: {len(unexpected_allows)}, unexpected denials: {len(unexpected_denials)}"
    )
    width = max(len(name) for name, _ in rows)
    MATRIX_SUMMARY.append(f"{'':{width}}  " + " ".join(f"{role[:14]:>14}" for role in ROLES))
    MATRIX_SUMMARY.extend(f"{name:{width}}  " + " ".join(f"{v:>14}" for v in row) for name, row in rows)

    assert cells >= 150
    assert not unexpected_allows, "unexpected allows:\n" + "\n".join(unexpected_allows)
    assert not unexpected_denials, "unexpected denials:\n" + "\n".join(unexpected_denials)

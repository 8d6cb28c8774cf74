"""Onboarding in the browser: invitations, setting a password from the link, password reset, deactivation.

Users, partners and addresses are synthetic (tests/delivery/conftest.py).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.test import Client

from onestockport.delivery import accounts
from onestockport.delivery.models import Membership
from onestockport.delivery.permissions import Role, roles_of

pytestmark = pytest.mark.django_db
User = get_user_model()
STRONG = "a quiet harbour at 6 knots"


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ONESTOCKPORT_SITE_URL = "https://delivery.example.org"
    cache.clear()  # the reset rate limit counts in the cache


def _signed_in(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _invite(client, world, **overrides):
    data = {
        "email": "new.person@example.org",
        "name": "New Person",
        "organisation": world.own.pk,
        "role": "partner-editor",
    }
    return client.post("/delivery/people/invite/", {**data, **overrides})


def _signs_in(username: str, password: str) -> bool:
    response = Client().post("/delivery/sign-in/", {"username": username, "password": password})
    return response.status_code == 302 and response["Location"] == "/delivery/"


def _link(message) -> str:
    match = re.search(r"https://delivery\.example\.org(/delivery/password/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_invite_set_password_sign_in(world):
    response = _invite(_signed_in(world, "administrator"), world)
    assert response.status_code == 302
    assert response["Location"] == "/delivery/people/"
    user = User.objects.get(email="new.person@example.org")
    assert not user.has_usable_password()
    assert roles_of(user) == {Role.PARTNER_EDITOR}
    assert Membership.objects.get(user=user).partner == world.own
    assert accounts.state_of(user) == "Invited"
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert "partner editor of Own Organisation" in message.body
    assert "https://delivery.example.org/delivery/sign-in/" in message.body
    # The link: once to the form (the token moves into the session), then set a password.
    visitor = Client()
    link = _link(message)
    opened = visitor.get(link)
    assert opened.status_code == 302
    form_page = visitor.get(opened["Location"])
    assert "Set your password" in form_page.content.decode()
    weak = visitor.post(opened["Location"], {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    assert "There is a problem" in weak.content.decode()
    assert "12345678" not in weak.content.decode()  # a password is never written back into the page
    done = visitor.post(opened["Location"], {"new_password1": STRONG, "new_password2": STRONG})
    assert done.status_code == 302
    assert done["Location"] == "/delivery/sign-in/"
    signed_in = Client().post("/delivery/sign-in/", {"username": "new.person@example.org", "password": STRONG})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/delivery/"
    # The link worked once.
    assert "This link does not work" in Client().get(link, follow=True).content.decode()


def test_a_link_expires(world, settings):
    _invite(_signed_in(world, "administrator"), world)
    link = _link(mail.outbox[0])
    settings.PASSWORD_RESET_TIMEOUT = -1  # already past
    assert "This link does not work" in Client().get(link, follow=True).content.decode()


def test_a_partner_lead_invites_into_their_own_organisation_only(world):
    lead = _signed_in(world, "partner-lead-own")
    page = lead.get("/delivery/people/invite/").content.decode()
    assert "Own Organisation" in page
    assert "Other Organisation" not in page
    assert 'value="performance-officer"' not in page
    assert _invite(lead, world, email="own@example.org").status_code == 302
    refused = _invite(lead, world, email="other@example.org", organisation=world.other.pk)
    assert refused.status_code == 403
    offered = _invite(lead, world, email="officer@example.org", organisation="", role="performance-officer")
    assert offered.status_code == 200
    assert "Select a role" in offered.content.decode()
    assert not User.objects.filter(email__in=["other@example.org", "officer@example.org"]).exists()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"email": "partner-editor-own@example.invalid"}, "An account already uses this email address"),
        ({"email": "PARTNER-EDITOR-OWN@example.invalid"}, "An account already uses this email address"),
        ({"email": "not an email"}, "Enter an email address in the correct format"),
        ({"email": "<script>@x"}, "Enter an email address in the correct format"),
        ({"name": ""}, "Enter their full name"),
        ({"name": "x" * 151}, "150 characters or fewer"),
        ({"organisation": "99999999999999999999999"}, "Select an organisation from the list"),
        ({"organisation": "'; DROP TABLE auth_user; --"}, "Select an organisation from the list"),
        ({"organisation": ""}, "Select the organisation a partner editor or lead belongs to"),
        ({"role": "superuser"}, "Select a role"),
        ({"role": "engagement-officer"}, "Only partner editors and leads belong to an organisation"),
    ],
)
def test_bad_invitations_create_nothing(world, overrides, error):
    before = User.objects.count()
    response = _invite(_signed_in(world, "administrator"), world, **overrides)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert User.objects.count() == before
    assert not mail.outbox


def test_an_administrator_invites_an_engagement_officer(world):
    response = _invite(_signed_in(world, "administrator"), world, organisation="", role="engagement-officer")
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert roles_of(user) == {Role.ENGAGEMENT_OFFICER}
    assert user.is_staff
    assert not Membership.objects.filter(user=user).exists()


def test_invitation_is_undone_if_the_email_fails(world, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    with pytest.raises(OSError, match="mail server down"):
        _invite(_signed_in(world, "administrator"), world)
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_password_reset_says_the_same_whether_or_not_the_account_exists(world):
    login = Client().get("/delivery/sign-in/").content.decode()
    assert 'href="/delivery/password/forgotten/"' in login
    known = Client().post("/delivery/password/forgotten/", {"email": "partner-editor-own@example.invalid"}, follow=True)
    unknown = Client().post("/delivery/password/forgotten/", {"email": "nobody@example.org"}, follow=True)
    assert known.content.decode() == unknown.content.decode()
    assert "If an account has that email address" in known.content.decode()
    [message] = mail.outbox
    assert message.to == ["partner-editor-own@example.invalid"]
    visitor = Client()
    form = visitor.get(_link(message))["Location"]
    assert visitor.post(form, {"new_password1": STRONG, "new_password2": STRONG}).status_code == 302
    assert _signs_in("partner-editor-own", STRONG)


def test_password_reset_is_rate_limited_per_address(world):
    client = Client()
    for _ in range(accounts.RESET_LIMIT_PER_EMAIL):
        assert (
            client.post("/delivery/password/forgotten/", {"email": "partner-editor-own@example.invalid"}).status_code
            == 302
        )
    over = client.post("/delivery/password/forgotten/", {"email": "partner-editor-own@example.invalid"})
    assert over.status_code == 429
    assert "Too many requests" in over.content.decode()
    assert len(mail.outbox) == accounts.RESET_LIMIT_PER_EMAIL


def test_no_reset_email_for_a_deactivated_account(world):
    user = world.users["partner-editor-own"]
    user.is_active = False
    user.save()
    Client().post("/delivery/password/forgotten/", {"email": user.email})
    assert not mail.outbox


def test_deactivation_ends_sessions_and_sign_in(world):
    editor = world.users["partner-editor-own"]
    session = Client()
    session.post("/delivery/sign-in/", {"username": "partner-editor-own", "password": "a-long-test-password"})
    assert session.get("/delivery/").status_code == 200
    admin = _signed_in(world, "administrator")
    people = admin.get("/delivery/people/").content.decode()
    assert "partner-editor-own" in people
    assert "Deactivate" in people
    response = admin.post(f"/delivery/people/{editor.pk}/deactivate/")
    assert response.status_code == 302
    editor.refresh_from_db()
    assert not editor.is_active
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(editor.pk)]
    assert session.get("/delivery/").status_code == 302  # signed out
    assert not _signs_in("partner-editor-own", "a-long-test-password")
    assert "Deactivated" in admin.get("/delivery/people/").content.decode()
    admin.post(f"/delivery/people/{editor.pk}/reactivate/")
    assert _signs_in("partner-editor-own", "a-long-test-password")


def test_a_partner_lead_deactivates_own_editors_only(world):
    lead = _signed_in(world, "partner-lead-own")
    page = lead.get("/delivery/people/").content.decode()
    assert "partner-editor-own" in page
    assert "partner-editor-other" not in page
    assert lead.post(f"/delivery/people/{world.users['partner-editor-other'].pk}/deactivate/").status_code == 403
    assert lead.post(f"/delivery/people/{world.users['administrator'].pk}/deactivate/").status_code == 403
    assert lead.post(f"/delivery/people/{world.users['partner-lead-own'].pk}/deactivate/").status_code == 403
    assert lead.post(f"/delivery/people/{world.users['partner-editor-own'].pk}/deactivate/").status_code == 302


def test_no_one_deactivates_themselves(world):
    admin = world.users["administrator"]
    assert _signed_in(world, "administrator").post(f"/delivery/people/{admin.pk}/deactivate/").status_code == 403


def test_people_is_for_account_managers(world):
    for role in ("partner-editor-own", "performance-officer", "engagement-officer"):
        assert _signed_in(world, role).get("/delivery/people/").status_code == 403
    assert "People</a>" in _signed_in(world, "administrator").get("/delivery/").content.decode()
    assert "People</a>" not in _signed_in(world, "performance-officer").get("/delivery/").content.decode()


def test_emails_name_the_plan_site_not_a_literal(world):
    _invite(_signed_in(world, "administrator"), world)
    from onestockport.plans.place import current_place

    assert current_place().site_name in mail.outbox[0].subject


def test_engagement_officers_group_gets_the_review_desk_only():
    from django.contrib.auth.models import Group

    apps = set(
        Group.objects.get(name="Engagement officers").permissions.values_list("content_type__app_label", flat=True)
    )
    assert apps == {"voice"}
    admin_apps = set(
        Group.objects.get(name="Administrators").permissions.values_list("content_type__app_label", flat=True)
    )
    assert "voice" in admin_apps
    officer_apps = set(
        Group.objects.get(name="Performance officers").permissions.values_list("content_type__app_label", flat=True)
    )
    assert "voice" not in officer_apps


def test_an_engagement_officer_reports_on_no_action(world):
    client = Client()
    client.force_login(world.users["engagement-officer"])
    page = client.get("/delivery/").content.decode()
    assert "Own action" not in page
    assert client.get(f"/delivery/actions/{world.own_action.pk}/updates/new/").status_code == 403


def test_an_invitation_can_be_sent_again_until_the_password_is_set(world):
    admin = _signed_in(world, "administrator")
    _invite(admin, world)
    user = User.objects.get(email="new.person@example.org")
    assert "Send the link again" in admin.get("/delivery/people/").content.decode()
    assert admin.post(f"/delivery/people/{user.pk}/resend/").status_code == 302
    assert len(mail.outbox) == 2
    assert _signed_in(world, "partner-lead-other").post(f"/delivery/people/{user.pk}/resend/").status_code == 403
    visitor = Client()
    form = visitor.get(_link(mail.outbox[1]))["Location"]
    visitor.post(form, {"new_password1": STRONG, "new_password2": STRONG})
    assert admin.post(f"/delivery/people/{user.pk}/resend/").status_code == 403  # no longer invited
    assert len(mail.outbox) == 2

"""Accounts: sign-in throttling, password rules, roles and production security settings."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from onestockport.delivery import services
from onestockport.delivery.errors import DeliveryError
from onestockport.delivery.models import Membership
from onestockport.delivery.permissions import GROUP_NAMES, Role, roles_of

pytestmark = pytest.mark.django_db


def test_sign_in_works_and_lands_on_your_actions(world):
    client = Client()
    response = client.post("/delivery/sign-in/", {"username": "partner-editor-own", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert response["Location"] == "/delivery/"
    assert "Own action" in client.get("/delivery/").content.decode()


def test_repeated_failures_pause_sign_in(world):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/delivery/sign-in/", {"username": "partner-editor-own", "password": "wrong"})
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()
    locked = client.post("/delivery/sign-in/", {"username": "partner-editor-own", "password": "wrong"})
    assert locked.status_code == 429
    assert "Sign-in is paused" in locked.content.decode()
    # Even the right password is refused while paused.
    again = client.post("/delivery/sign-in/", {"username": "partner-editor-own", "password": "a-long-test-password"})
    assert again.status_code == 429


def test_password_validators_refuse_weak_passwords(world):
    user = world.users["partner-editor-own"]
    for weak in ("password", "12345678", "short", "partner-editor-own"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("correct horse battery staple 42", user)


def test_partner_roles_need_an_organisation(world):
    with pytest.raises(DeliveryError, match="must belong to a partner organisation"):
        services.assign_role(user=world.users["no-role"], role=Role.PARTNER_EDITOR)


def test_a_user_has_one_delivery_role_at_a_time(world):
    user = world.users["partner-lead-own"]
    services.assign_role(user=user, role=Role.PERFORMANCE_OFFICER)
    assert roles_of(user) == {Role.PERFORMANCE_OFFICER}
    assert user.is_staff  # the performance team edits plan content in the admin
    assert not Membership.objects.filter(user=user).exists()
    assert set(user.groups.values_list("name", flat=True)) == {GROUP_NAMES[Role.PERFORMANCE_OFFICER]}


def test_groups_exist_after_migrate_with_admin_permissions():
    from django.contrib.auth.models import Group

    officers = Group.objects.get(name="Performance officers")
    codenames = set(officers.permissions.values_list("codename", flat=True))
    assert {"change_action", "change_partner", "view_update"} <= codenames
    assert "change_update" not in codenames  # updates change only through the workflow
    assert not Group.objects.get(name="Partner editors").permissions.exists()


def test_sign_out_is_a_post(world):
    client = Client()
    client.force_login(world.users["partner-editor-own"])
    assert client.get("/delivery/sign-out/").status_code == 405
    assert client.post("/delivery/sign-out/").status_code == 302
    assert client.get("/delivery/").status_code == 302


PRODUCTION = Path(settings.BASE_DIR) / "config" / "settings" / "production.py"
EXAMPLES = {
    "DATABASE_URL": "postgres://u@db/onestockport",
    "DJANGO_ALLOWED_HOSTS": "plan.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "ONESTOCKPORT_SITE_URL": "https://plan.example.org",
    # production.py refuses a key Django's deployment check would warn about (tests/security)
    "DJANGO_SECRET_KEY": "test-only-production-secret-key-0123456789-abcdefghijklmnop",
}


def _set_required_environment(monkeypatch, *, leave_out: str = "") -> None:
    """Every variable production requires (read from the settings file, so new ones are picked up)."""
    for name in re.findall(r'_required\("([A-Z0-9_]+)"\)', PRODUCTION.read_text(encoding="utf-8")):
        if name == leave_out:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, EXAMPLES.get(name, "x" * 50))


def test_production_settings_are_secure(monkeypatch):
    _set_required_environment(monkeypatch)
    sys.modules.pop("config.settings.production", None)
    production = importlib.import_module("config.settings.production")
    sys.modules.pop("config.settings.production", None)
    assert production.SESSION_COOKIE_SECURE
    assert production.CSRF_COOKIE_SECURE
    assert production.SECURE_HSTS_SECONDS >= 31_536_000
    assert production.SECURE_SSL_REDIRECT
    assert production.EMAIL_BACKEND.endswith("smtp.EmailBackend")
    assert production.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert production.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_production_refuses_to_start_without_an_email_server(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    _set_required_environment(monkeypatch, leave_out="EMAIL_HOST")
    sys.modules.pop("config.settings.production", None)
    with pytest.raises(ImproperlyConfigured, match="EMAIL_HOST"):
        importlib.import_module("config.settings.production")
    sys.modules.pop("config.settings.production", None)

"""Production refuses to start with a weak secret key, and sends the browser security headers.

Each case imports config.settings.production in a fresh process with its own environment, as a server
starting up would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
STRONG = get_random_secret_key()  # 50 characters from 50 symbols, as `startproject` makes
ENVIRONMENT = {
    "DATABASE_URL": "postgres://u@db/onestockport",
    "DJANGO_ALLOWED_HOSTS": "plan.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "ONESTOCKPORT_SITE_URL": "https://plan.example.org",
    "ONESTOCKPORT_VOICE_HASH_KEY": get_random_secret_key(),
}
REPORT = """
import json
from config.settings import production as p
print(json.dumps({name: getattr(p, name) for name in (
    "SECURE_HSTS_SECONDS", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "MIDDLEWARE",
    "CONTENT_SECURITY_POLICY", "X_FRAME_OPTIONS")}))
"""


def _start(secret_key: str | None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(ENVIRONMENT, PYTHONPATH=str(REPO_ROOT))
    if secret_key is not None:
        env["DJANGO_SECRET_KEY"] = secret_key
    return subprocess.run(
        [sys.executable, "-c", REPORT], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("secret_key", "reason"),
    [
        ("abcde", "at least 50 characters"),
        ("ab" * 30, "at least 5 different characters"),
        ("django-insecure-" + STRONG, "django-insecure-"),
        ("insecure-local-development-key", "development"),
        (None, "must be set"),
    ],
    ids=["five-characters", "two-distinct-characters", "django-insecure", "local-default", "missing"],
)
def test_a_weak_secret_key_stops_production_from_starting(secret_key, reason):
    result = _start(secret_key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert reason in result.stderr
    if secret_key:
        assert secret_key not in result.stderr  # the message never repeats the secret


def test_a_strong_secret_key_starts_and_the_security_headers_are_configured():
    result = _start(STRONG)
    assert result.returncode == 0, result.stderr[-2000:]
    settings = json.loads(result.stdout)
    assert settings["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert settings["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert settings["SECURE_REFERRER_POLICY"] == "same-origin"
    assert settings["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert settings["X_FRAME_OPTIONS"] == "DENY"
    assert settings["SESSION_COOKIE_SECURE"]
    assert settings["CSRF_COOKIE_SECURE"]
    assert "csp.middleware.CSPMiddleware" in settings["MIDDLEWARE"]
    assert "onestockport.security.headers.PrivatePagesNoStoreMiddleware" in settings["MIDDLEWARE"]
    assert "onestockport.security.uploads.RequestBodyLimitMiddleware" in settings["MIDDLEWARE"]
    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["default-src"] == ["'self'"]

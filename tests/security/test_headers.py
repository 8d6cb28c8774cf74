"""Every response carries a Content-Security-Policy; staff and signed-in pages are never stored by caches.

The policy allows no inline script at all (GOV.UK Frontend's "js-enabled" marker is a static file); no
template may add an inline script, an inline event handler or a style attribute (the policy would block
them), so these tests read the templates as well as the headers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

import onestockport

PACKAGE = Path(onestockport.__file__).resolve().parent
# Templates rendered to PDF by WeasyPrint, never served to a browser: their <style> elements are fine.
PDF_TEMPLATES = ("reports/templates/reports", "delivery/templates/delivery/reports")
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _html_templates() -> list[Path]:
    return [
        path
        for path in PACKAGE.glob("*/templates/**/*.html")
        if not any(str(path.relative_to(PACKAGE)).startswith(pdf) for pdf in PDF_TEMPLATES)
    ]


@pytest.mark.parametrize("path", ["/", "/no-such-page/", "/delivery/sign-in/", "/admin/login/", "/api/"])
def test_every_response_has_the_content_security_policy(client, path):
    policy = _policy(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy.get("script-src", []) + policy.get("style-src", [])
    assert "'unsafe-eval'" not in policy.get("script-src", [])


def test_scripts_come_only_from_the_site_itself(client):
    assert _policy(client.get("/no-such-page/"))["script-src"] == ["'self'"]


@pytest.mark.parametrize("template", _html_templates(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_template_needs_unsafe_inline(template):
    text = template.read_text(encoding="utf-8")
    assert ' style="' not in text, "move the style attribute into the stylesheet: the policy blocks it"
    assert "<style" not in text, "move the <style> element into the stylesheet: the policy blocks it"
    assert not re.search(r"\son[a-z]+=", text), "inline event handlers are blocked by the policy"
    scripts = [m for m in INLINE_SCRIPT.finditer(text) if "src=" not in m["attrs"]]
    assert not scripts, "inline scripts are blocked by the policy: use a static file"


def test_server_drawn_charts_and_maps_use_no_style_attributes():
    for module in ("publish/charts.py", "places/maps.py", "voice/charts.py"):
        source = (PACKAGE / module).read_text(encoding="utf-8")
        assert "style=" not in source, module
        assert "<style" not in source, module


# --- Cache-Control ---------------------------------------------------------------------------------


@pytest.fixture
def signed_in() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_user("cache-test", password="x"))
    return client


@pytest.mark.parametrize("path", ["/delivery/sign-in/", "/delivery/", "/admin/login/", "/admin/"])
def test_staff_pages_are_never_stored_even_signed_out(client, path):
    response = client.get(path)
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize("path", ["/delivery/", "/", "/no-such-page/", "/open-data/themes.csv"])
def test_every_page_a_signed_in_person_sees_is_never_stored(signed_in, loaded_plan, path):
    assert signed_in.get(path)["Cache-Control"] == "no-store, private"


def test_public_pages_keep_their_caching_and_do_not_vary_on_the_cookie(client, loaded_plan):
    home = client.get("/")
    assert home.status_code == 200
    assert not home.has_header("Cache-Control")
    assert "Cookie" not in home.get("Vary", "")
    download = client.get("/open-data/themes.csv")
    assert download.status_code == 200
    assert download["Cache-Control"].startswith("public") or "public" in download["Cache-Control"]
    assert "no-store" not in download["Cache-Control"]


def test_a_stale_session_cookie_on_a_public_page_is_not_private(client, loaded_plan):
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    assert "no-store" not in client.get("/open-data/themes.csv")["Cache-Control"]


def test_browser_security_headers_are_sent(client):
    response = client.get("/no-such-page/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"

"""Sessions end after a period of inactivity, and text typed into a form outlives the session.

A POST that arrives after the session ended, or with a form whose CSRF token was rotated by signing in
again, keeps the text fields server-side; after signing in, the same form shows them back.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from onestockport.delivery.models import Update

from .factories import make_update

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
NARRATIVE = ("The skills hub opened in July & 40 residents <enrolled>. " * 12)[:640]


def _token(response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert found, "no CSRF token on the page"
    return found.group(1)


def _sign_in(client: Client, username: str, next_url: str = "") -> object:
    page = client.get(f"/delivery/sign-in/?next={next_url}" if next_url else "/delivery/sign-in/")
    data = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": _token(page)}
    if next_url:
        data["next"] = next_url
    return client.post("/delivery/sign-in/", data)


def _end_sessions() -> None:
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))


def _form(update: Update, token: str, **changes) -> dict:
    return {
        "csrfmiddlewaretoken": token,
        "version": update.version,
        "status": "at-risk",
        "percent_complete": "40",
        "narrative": NARRATIVE,
        "evidence_links": "https://example.org/report",
        **changes,
    }


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert found, f"no {name} field on the page"
    return found.group(1)


def test_sessions_end_after_inactivity_not_at_a_fixed_time(world):
    """Each staff request moves the end of the session on by the idle limit (sliding expiry)."""
    client = Client()
    client.force_login(world.users["partner-editor-own"])
    own = Session.objects.filter(session_key=client.session.session_key)
    own.update(expire_date=timezone.now() + dt.timedelta(minutes=1))  # nearly idle too long
    assert client.get("/delivery/").status_code == 200
    # This client's own session: a browser test before it may have left other sessions committed.
    remaining = own.get().expire_date - timezone.now()
    assert remaining > dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert settings.SESSION_COOKIE_AGE <= 4 * 60 * 60  # an idle limit, not a working day


def test_public_pages_set_no_session_cookie(world):
    """Sliding expiry touches the session on staff pages only: public, cacheable answers carry no cookie."""
    client = Client()
    client.force_login(world.users["partner-editor-own"])
    for path in ("/priorities/skilled/actions/1/", "/api/v1/actions"):
        response = client.get(path)
        assert response.status_code == 200
        assert settings.SESSION_COOKIE_NAME not in response.cookies, path


def test_a_post_after_the_session_ended_keeps_the_text_for_after_signing_in(world):
    update = make_update(world.own_action, narrative="Before.")
    url = f"/delivery/updates/{update.pk}/edit/"
    client = Client(enforce_csrf_checks=True)
    _sign_in(client, "partner-editor-own")
    token = _token(client.get(url))
    _end_sessions()

    response = client.post(url, _form(update, token, password="never-kept", evidence_file=""))
    assert response.status_code == 302
    assert response["Location"].startswith("/delivery/sign-in/")
    assert f"next={url}" in response["Location"].replace("%2F", "/")
    sign_in_page = client.get(response["Location"]).content.decode()
    assert "Your session has ended" in sign_in_page
    kept = str(Session.objects.order_by("-expire_date").first().get_decoded())
    assert "never-kept" not in kept  # no password
    assert token not in kept  # no CSRF token

    signed_in = _sign_in(client, "partner-editor-own", next_url=url)
    assert signed_in["Location"] == url
    page = client.get(url).content.decode()
    assert "govuk-notification-banner" in page
    assert "Your session had ended" in page
    assert "check it and save again" in page
    assert _textarea(page, "narrative") == escape(NARRATIVE)
    assert 'value="at-risk" checked' in page
    assert "<enrolled>" not in page  # escaped

    saved = client.post(url, _form(update, _token(client.get(url))))
    assert saved.status_code == 302
    update.refresh_from_db()
    assert update.narrative == NARRATIVE.strip()
    assert "Your session had ended" not in client.get(url).content.decode()  # shown once


def test_a_new_update_is_kept_too(world):
    url = f"/delivery/actions/{world.own_action.pk}/updates/new/"
    client = Client(enforce_csrf_checks=True)
    _sign_in(client, "partner-editor-own")
    token = _token(client.get(url))
    _end_sessions()
    client.post(url, {"csrfmiddlewaretoken": token, "version": 1, "status": "on-track", "narrative": NARRATIVE})
    _sign_in(client, "partner-editor-own", next_url=url)
    assert escape(NARRATIVE[:200]) in client.get(url).content.decode()
    assert not Update.objects.exists()  # nothing was saved behind the user's back


def test_a_return_comment_is_kept_on_the_update_page(world):
    update = make_update(world.own_action, state=Update.State.SUBMITTED)
    page_url = f"/delivery/updates/{update.pk}/"
    client = Client(enforce_csrf_checks=True)
    _sign_in(client, "performance-officer")
    token = _token(client.get(page_url))
    _end_sessions()
    response = client.post(
        f"/delivery/updates/{update.pk}/return/",
        {"csrfmiddlewaretoken": token, "version": update.version, "comment": "Say which wards."},
    )
    assert response.status_code == 302
    signed_in = _sign_in(client, "performance-officer", next_url=page_url)
    assert signed_in["Location"] == page_url  # the page with the form, not the POST-only address
    page = client.get(page_url).content.decode()
    assert _textarea(page, "comment") == "Say which wards."
    assert Update.objects.get(pk=update.pk).state == Update.State.SUBMITTED


def test_a_form_sent_after_signing_in_again_elsewhere_is_explained_and_kept(world):
    """Signing in rotates the CSRF token, so a form opened before fails the check: the 403 explains, keeps."""
    update = make_update(world.own_action, narrative="Before.")
    url = f"/delivery/updates/{update.pk}/edit/"
    client = Client(enforce_csrf_checks=True)
    _sign_in(client, "partner-editor-own")
    old_token = _token(client.get(url))
    _end_sessions()
    _sign_in(client, "partner-editor-own")  # in another tab

    response = client.post(url, _form(update, old_token), HTTP_ORIGIN="http://testserver")
    assert response.status_code == 403
    page = response.content.decode()
    assert "The form had expired" in page
    assert "Nothing has been saved" in page
    assert f'href="{url}"' in page
    assert Update.objects.get(pk=update.pk).narrative == "Before."

    form_page = client.get(url).content.decode()
    assert "check it and save again" in form_page
    assert _textarea(form_page, "narrative").startswith("The skills hub opened in July &amp; 40 residents &lt;")


def test_a_cross_site_post_is_refused_and_its_text_is_not_kept(world):
    """Text from another site's form must never be offered back as the user's own."""
    update = make_update(world.own_action, narrative="Before.")
    url = f"/delivery/updates/{update.pk}/edit/"
    client = Client(enforce_csrf_checks=True)
    _sign_in(client, "partner-editor-own")
    response = client.post(url, _form(update, "forged", narrative="Planted text"), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert "Planted text" not in client.get(url).content.decode()


def test_a_csrf_failure_elsewhere_explains_and_keeps_nothing(world):
    client = Client(enforce_csrf_checks=True)
    client.get("/delivery/sign-in/")
    response = client.post(
        "/delivery/sign-in/",
        {"username": "partner-editor-own", "password": PASSWORD, "csrfmiddlewaretoken": "stale"},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "The form had expired" in page
    assert 'href="/delivery/sign-in/"' in page
    assert PASSWORD not in str([s.get_decoded() for s in Session.objects.all()])

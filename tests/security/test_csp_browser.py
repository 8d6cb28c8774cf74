"""Pages of every kind in real Chromium under the Content-Security-Policy: nothing is blocked.

Chromium reports each blocked script, style or resource on the console ("...violates the following Content
Security Policy directive..."), and the page fires a `securitypolicyviolation` event; either fails the test.
The pages still work: GOV.UK Frontend's script runs (the hashed inline script and the init module).
Reuses tests/browser's `site` (the site as production serves it) and `browser` fixtures.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from onestockport.delivery import services
from onestockport.delivery.permissions import Role
from onestockport.plans.models import Action
from onestockport.publish.static_files import UNUSED_STATIC
from tests.browser import conftest as browser_fixtures
from tests.browser.support import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

site = browser_fixtures.site
browser = browser_fixtures.browser
STATIC_IGNORE_PATTERNS = [pattern for pattern in UNUSED_STATIC if pattern != "admin"]  # admin pages are visited

# Reported by the page itself as well as by Chromium's console, in case a message is worded differently.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""

PUBLIC = [
    "/",
    "/actions/",
    "/priorities/climate-friendly/",
    "/indicators/healthy-life-expectancy-female/",  # server-drawn SVG chart
    "/indicators/claimant-count-ward-2015-2017/",  # server-drawn SVG map
    "/what-we-heard/",
    "/what-we-heard/who-we-heard-from/",  # resident-voice chart and tables
    "/open-data/",
    "/api/",
    "/statuses/",
    "/no-such-page/",
    "/delivery/sign-in/",
    "/admin/login/",
]
SIGNED_IN = ["/delivery/", "/delivery/dashboard/", "/delivery/board-packs/", "/admin/", "/admin/plans/action/"]


@pytest.fixture(scope="module")
def staff_session(site, django_db_blocker):
    """A session cookie for an administrator who may use both delivery and the admin site; removed after."""
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_user(
            "csp-browser-admin", "csp@example.invalid", "csp-browser-password-42", is_superuser=True
        )
        services.assign_role(user=user, role=Role.ADMINISTRATOR)
        client = Client()
        client.force_login(user)
        action = Action.objects.order_by("pk").first()
    yield client.cookies["sessionid"].value, action.pk
    with django_db_blocker.unblock():
        get_user_model().objects.filter(username="csp-browser-admin").delete()


def _visit(browser, url: str, *, session: str | None = None) -> tuple[int, list[str], dict]:
    context = browser.new_context(viewport=DESKTOP)
    try:
        if session:
            context.add_cookies([{"name": "sessionid", "value": session, "url": url}])
        context.add_init_script(REPORT_VIOLATIONS)
        tab = context.new_page()
        messages: list[str] = []
        tab.on("console", lambda message: messages.append(message.text))
        tab.on("pageerror", lambda error: messages.append(f"page error: {error}"))
        response = tab.goto(url, wait_until="load")
        tab.wait_for_load_state("networkidle")
        state = tab.evaluate(
            """() => ({
              bodyClass: document.body.className,
              skipLinkReady: !!document.querySelector("[data-govuk-skip-link-init]"),
            })"""
        )
        blocked = [text for text in messages if "Content Security Policy" in text or text.startswith("page error")]
        return response.status, blocked, state
    finally:
        context.close()


@pytest.mark.parametrize("path", PUBLIC)
def test_public_and_sign_in_pages_run_under_the_policy(browser, site, path):
    status, blocked, state = _visit(browser, site(path))
    assert status in (200, 404), status
    assert not blocked, "\n".join(blocked)
    if not path.startswith("/admin/"):
        assert "govuk-frontend-supported" in state["bodyClass"]  # the hashed inline script ran
        assert state["skipLinkReady"]  # and so did GOV.UK Frontend's components, from the init module


@pytest.mark.parametrize("path", [*SIGNED_IN, "/admin/plans/action/{action}/change/"])
def test_signed_in_staff_and_admin_pages_run_under_the_policy(browser, site, staff_session, path):
    session, action = staff_session
    status, blocked, state = _visit(browser, site(path.format(action=action)), session=session)
    assert status == 200, status
    assert not blocked, "\n".join(blocked)
    if not path.startswith("/admin/"):
        assert state["skipLinkReady"]

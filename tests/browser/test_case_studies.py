"""A partner lead writes a case study with an image (JavaScript off), sends it, a performance officer
approves it, and it shows on its priority's page and a page of its own, with the image's alt text.
The case study, its image and the accounts are SYNTHETIC, made for this test and removed afterwards."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image, ImageDraw

from onestockport.casestudies.models import CaseStudy
from onestockport.delivery.models import Membership
from onestockport.delivery.permissions import Role
from onestockport.plans.models import Partner, Priority

from ..delivery.factories import make_user
from .support import AXE_TAGS, DESKTOP, SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
SLUG = "climate-friendly"
TITLE = "SYNTHETIC TEST: a repair café"
ALT = "Synthetic drawing: a green rectangle with a yellow circle"
PASSWORD = "a-long-test-password"


def _sign_in(tab, site, username: str, next_path: str) -> None:
    tab.goto(site(f"/delivery/sign-in/?next={next_path}"))
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Sign in").click()


@pytest.fixture(scope="module")
def published(browser, site, django_db_blocker, tmp_path_factory):
    """Written, sent and approved through the pages; module-scoped so its writes commit for the server thread."""
    picture = tmp_path_factory.mktemp("case-study") / "repair-cafe.png"
    image = Image.new("RGB", (800, 500), (0, 112, 60))
    ImageDraw.Draw(image).ellipse((300, 150, 500, 350), fill=(255, 221, 0))
    image.save(picture)
    with django_db_blocker.unblock():
        priority = Priority.objects.get(slug=SLUG)
        partner = Partner.objects.filter(plan=priority.plan).order_by("position").first()
        lead = make_user("case-study-lead", Role.PARTNER_LEAD, partner)
        officer = make_user("case-study-officer", Role.PERFORMANCE_OFFICER)
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        tab = context.new_page()
        _sign_in(tab, site, lead.username, "/delivery/case-studies/new/")
        tab.fill("#id_title", TITLE)
        tab.fill("#id_summary", "Synthetic summary: neighbours mend things together instead of throwing them away.")
        tab.fill("#id_text", "Synthetic paragraph one.\n\nSynthetic paragraph two.")
        tab.get_by_label(priority.name, exact=True).check()
        tab.set_input_files("#id_image_1", str(picture))
        tab.fill("#id_image_1_alt", ALT)
        tab.fill("#id_image_1_caption", "Synthetic caption")
        tab.locator("#id_consent_recorded").check()
        with tab.expect_navigation():
            tab.get_by_role("button", name="Save as draft").click()
        with tab.expect_navigation():
            tab.get_by_role("button", name="Send to the performance team").click()
        sent = tab.locator(".govuk-notification-banner").inner_text()
        context.clear_cookies()
        with django_db_blocker.unblock():
            case_study = CaseStudy.objects.get(title=TITLE)
        _sign_in(tab, site, officer.username, f"/delivery/case-studies/{case_study.pk}/")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Approve and publish").click()
        approved = tab.locator(".govuk-notification-banner").inner_text()
    finally:
        context.close()
    with django_db_blocker.unblock():
        case_study.refresh_from_db()
        state = case_study.state
    yield {"id": case_study.pk, "sent": sent, "approved": approved, "state": state, "priority": priority}
    with django_db_blocker.unblock():
        CaseStudy.objects.filter(title=TITLE).delete()
        users = [lead.pk, officer.pk]
        lead.delete()
        officer.delete()
        # Their history too (the deletions above add to it): the module leaves no rows behind.
        CaseStudy.history.filter(id=case_study.pk).delete()
        Membership.history.filter(user_id__in=users).delete()


def test_it_is_sent_and_approved(published):
    assert "sent to the performance team" in published["sent"]
    assert "approved and now public" in published["approved"]
    assert published["state"] == CaseStudy.State.APPROVED


def test_it_shows_on_its_priority_page(published, browser, site):
    context = browser.new_context(viewport=DESKTOP)
    try:
        tab = context.new_page()
        tab.goto(site(f"/priorities/{SLUG}/"))
        section = tab.locator("#case-studies")
        assert section.inner_text() == "How we are already demonstrating our ambitions"
        main = tab.locator("main").inner_text()
        assert TITLE in main
        assert main.count("case study to come") == len(published["priority"].case_studies)
        section.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / "case-study-on-priority.png"), full_page=False)
    finally:
        context.close()


def test_its_own_page_shows_the_image_with_alt_text_and_is_accessible(published, browser, site):
    context = browser.new_context(viewport=DESKTOP)
    try:
        tab = context.new_page()
        tab.goto(site(f"/case-studies/{published['id']}/"))
        image = tab.get_by_role("img", name=ALT)
        assert image.is_visible()
        assert tab.evaluate("img => img.naturalWidth", image.element_handle()) == 800
        tab.screenshot(path=str(SCREENSHOTS / "case-study-page.png"), full_page=True)
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        violations = Axe().run(tab, options=options).response["violations"]
        assert not violations, [violation["id"] for violation in violations]
    finally:
        context.close()

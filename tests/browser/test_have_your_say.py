"""A resident comments on a priority page with JavaScript off; the comment is redacted and tagged, an
officer approves it, and it shows on that priority and on the resident's ward page. The comment is
SYNTHETIC, written for this test."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

from onestockport.jobs import services as job_services
from onestockport.jobs.models import Job
from onestockport.voice import services, tagging, website_comments
from onestockport.voice.models import Engagement, PriorityTag, Respondent

from .support import DESKTOP, SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
SLUG = "climate-friendly"
WARD = "Brinnington & Stockport Central"
SYNTHETIC = "Safer cycle lanes to school would help my children. You can reach me at sam.jones@example.com."


class _WordsEmbedder:
    """Hashed bag of words (instant, deterministic): the worker's tagging step without loading the model."""

    name = "words"

    def encode(self, texts):
        matrix = np.zeros((len(texts), 128), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]{3,}", text.lower()):
                matrix[row, int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little") % 128] += 1
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1, norms)


@pytest.fixture(scope="module")
def approved_comment(browser, site, django_db_blocker):
    """The resident's comment, sent from the priority page with JavaScript off, then tagged by the queued job
    and approved by an officer. Module-scoped, so its writes commit (a test's own transaction would leave
    the tables locked for the server thread); all of it is removed afterwards."""
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        tab = context.new_page()
        tab.goto(site(f"/priorities/{SLUG}/"))
        tab.get_by_label("Your comment").fill(SYNTHETIC)
        tab.get_by_label("Your postcode or ward (optional)").fill(WARD)
        tab.get_by_label("35 to 44").check()
        tab.get_by_label("You may quote my comment on this website, without my name").check()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.locator("section.os-have-your-say-section").screenshot(path=str(SCREENSHOTS / "have-your-say-form.png"))
        with tab.expect_navigation():
            tab.get_by_role("button", name="Send your comment").click()
        thanked = (tab.url, tab.locator("h1").inner_text())
    finally:
        context.close()
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        respondent = Respondent.objects.get(engagement__slug=website_comments.WEBSITE_ENGAGEMENT)
        answer = respondent.responses.get()
        job = Job.objects.get(kind="voice-tag", status=Job.Status.QUEUED)
        patch.setattr(tagging, "get_embedder", lambda *args, **kwargs: _WordsEmbedder())
        ran = job_services.run(job.pk)
        tags = PriorityTag.objects.filter(response=answer).count()
        quote = services.create_quote(response=answer, priority=respondent.engagement.plan.priorities.get(slug=SLUG))
        services.approve_quote(quote=quote, user=None)
        stored = {"text": answer.text, "ward": respondent.ward, "job": ran.status, "tags": tags, "quote": quote.text}
    yield {"thanked": thanked, **stored}
    with django_db_blocker.unblock():
        Engagement.objects.filter(slug=website_comments.WEBSITE_ENGAGEMENT).delete()  # its respondents, answers, quotes
        Job.objects.filter(kind="voice-tag").delete()
        DBTaskResult.objects.all().delete()
    cache.clear()


def test_the_comment_is_thanked_stored_redacted_and_tagged(approved_comment, site):
    url, heading = approved_comment["thanked"]
    assert url.startswith(site("/have-your-say/thank-you/"))
    assert heading == "Thank you for your comment"
    assert "sam.jones@example.com" not in approved_comment["text"]
    assert "[email]" in approved_comment["text"]
    assert approved_comment["ward"] == WARD
    assert approved_comment["job"] == Job.Status.SUCCEEDED
    assert approved_comment["tags"] == 3
    assert "sam.jones@example.com" not in approved_comment["quote"]


def test_the_approved_quote_shows_on_its_priority_and_ward_pages(approved_comment, browser, site):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        tab = context.new_page()
        tab.goto(site(f"/priorities/{SLUG}/"))
        assert "Safer cycle lanes to school" in tab.locator("main").inner_text()
        tab.goto(site("/places/brinnington-and-stockport-central/"))
        assert "Safer cycle lanes to school" in tab.locator("main").inner_text()
        assert "sam.jones@example.com" not in tab.content()
        quote = tab.locator("main").get_by_text("Safer cycle lanes to school").first
        quote.scroll_into_view_if_needed()
        tab.screenshot(path=str(SCREENSHOTS / "have-your-say-ward-page.png"), full_page=False)
    finally:
        context.close()

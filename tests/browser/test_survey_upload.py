"""An engagement officer uploads a survey export in the browser, maps its columns, previews it, imports it,
has it tagged by the queued job, and approves a quote on the review desk; a quote that still gives an
address is refused with the reason shown. The export is SYNTHETIC, written for this test."""

from __future__ import annotations

import csv
import hashlib
import io
import re

import numpy as np
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django_tasks_db.models import DBTaskResult

from onestockport.delivery import services as delivery_services
from onestockport.delivery.permissions import Role
from onestockport.jobs import services as job_services
from onestockport.jobs.models import Job
from onestockport.voice import tagging
from onestockport.voice.models import Engagement, Quote

from .support import DESKTOP, SCREENSHOTS
from .test_pages import AXE_OPTIONS, format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
NAME = "Synthetic browser-test neighbourhood survey"
LEFTOVER = "I live at 12 Acacia Road and the potholes outside need fixing."
HEADER = [
    "Response ID",
    "Submitted on",
    "What is your name?",
    "What is your email address?",
    "What would make your neighbourhood better?",
    "May we publish your response?",
    "What is your age?",
    "Which ward do you live in?",
]
ROWS = [  # SYNTHETIC
    [
        "SYN-B-1",
        "2026-05-02 09:15",
        "Synthetic One",
        "one@example.com",
        "Plant more trees along the streets and make it safer to cycle to school",
        "Yes",
        "35-44",
        "Marple North",
    ],
    [
        "SYN-B-2",
        "2026-05-02 10:20",
        "Synthetic Two",
        "two@example.com",
        "My name is Sarah Jones and I live at 12 Acacia Road; the potholes outside need fixing",
        "Yes",
        "65-74",
        "",
    ],
    [
        "SYN-B-3",
        "2026-05-03 11:05",
        "",
        "",
        "Cheaper buses into town for young people in the evenings",
        "No",
        "16-24",
        "Heatons North",
    ],
]


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


def _export(folder) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(ROWS)
    path = folder / "synthetic-survey.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return str(path)


def _shot(tab, name: str, seen: dict) -> None:
    """A screenshot of the page, and what axe-core finds on it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"survey-upload-{name}.png"), full_page=True)
    seen.setdefault("violations", {})[name] = Axe().run(tab, options=AXE_OPTIONS).response["violations"]
    seen.setdefault("headings", {})[name] = tab.locator("h1").inner_text().strip()


@pytest.fixture(scope="module")
def journey(browser, site, django_db_blocker, tmp_path_factory):
    """The whole journey, in one module-scoped fixture so its writes commit for the server thread; all of it
    is removed afterwards."""
    seen: dict = {}
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_user("browser-survey-officer", "officer@example.invalid", "x-42-y-42")
        delivery_services.assign_role(user=user, role=Role.ENGAGEMENT_OFFICER, partner=None)
        client = Client()
        client.force_login(user)
        session = client.cookies["sessionid"].value
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": "sessionid", "value": session, "url": site.url}])
    try:
        tab = context.new_page()
        tab.goto(site("/delivery/voice/surveys/"))
        _shot(tab, "list", seen)
        tab.get_by_role("button", name="Upload a survey").click()
        tab.get_by_label("Name of the new engagement").fill(NAME)
        tab.get_by_label("Survey export").set_input_files(_export(tmp_path_factory.mktemp("survey")))
        _shot(tab, "form", seen)
        with tab.expect_navigation():
            tab.get_by_role("button", name="Upload and map the columns").click()
        seen["age_choice"] = tab.get_by_label("What the column What is your age? holds").input_value()
        seen["email_choice"] = tab.get_by_label("What the column What is your email address? holds").input_value()
        _shot(tab, "columns", seen)
        with tab.expect_navigation():
            tab.get_by_role("button", name="Preview the import").click()
        seen["preview"] = tab.locator("main").inner_text()
        _shot(tab, "preview", seen)
        with tab.expect_navigation():
            tab.get_by_role("button", name="Import 3 responses").click()
        seen["job_page"] = tab.locator("main").inner_text()
        _shot(tab, "tagging-waiting", seen)
        with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
            job = Job.objects.get(kind="voice-tag", status=Job.Status.QUEUED, created_by=user)
            patch.setattr(tagging, "get_embedder", lambda *args, **kwargs: _WordsEmbedder())
            seen["job"] = job_services.run(job.pk).status
        tab.reload()
        seen["job_done"] = tab.locator("main").inner_text()
        _shot(tab, "tagging-done", seen)
        with tab.expect_navigation():
            tab.get_by_role("button", name="Review the responses").click()
        seen["desk_url"] = tab.url
        seen["desk"] = tab.locator("main").inner_text()
        _shot(tab, "desk", seen)
        # A quote from the response about trees: made, then approved.
        row = tab.locator("tr", has_text="Plant more trees")
        with tab.expect_navigation():
            row.get_by_role("link", name=re.compile("Make a quote")).click()
        with tab.expect_navigation():
            tab.get_by_role("button", name="Make the quote").click()
        with tab.expect_navigation():
            tab.get_by_role("button", name="Approve for publication").click()
        seen["approved"] = tab.locator("main").inner_text()
        _shot(tab, "quote-approved", seen)
        # A quote from the response with an address: the officer puts the address back in; approval is refused.
        tab.goto(seen["desk_url"])
        row = tab.locator("tr", has_text="potholes")
        with tab.expect_navigation():
            row.get_by_role("link", name=re.compile("Make a quote")).click()
        seen["redacted_draft"] = tab.get_by_label("Quote").input_value()
        with tab.expect_navigation():
            tab.get_by_role("button", name="Make the quote").click()
        tab.get_by_label("Quote").fill(LEFTOVER)
        with tab.expect_navigation():
            tab.get_by_role("button", name="Save the quote").click()
        with tab.expect_navigation():
            tab.get_by_role("button", name="Approve despite the checks").click()
        seen["blocked"] = tab.locator("main").inner_text()
        _shot(tab, "quote-blocked", seen)
        # The next export of the same survey, with JavaScript off: the saved mapping is offered, the import works.
        plain = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
        plain.add_cookies([{"name": "sessionid", "value": session, "url": site.url}])
        try:
            tab = plain.new_page()
            tab.goto(site("/delivery/voice/surveys/upload/"))
            tab.get_by_label("Engagement", exact=True).select_option(label=NAME)
            tab.get_by_label("Survey export").set_input_files(_export(tmp_path_factory.mktemp("again")))
            with tab.expect_navigation():
                tab.get_by_role("button", name="Upload and map the columns").click()
            seen["again_columns"] = tab.locator("main").inner_text()
            with tab.expect_navigation():
                tab.get_by_role("button", name="Preview the import").click()
            with tab.expect_navigation():
                tab.get_by_role("button", name="Import 3 responses").click()
            seen["again_imported"] = tab.locator("main").inner_text()
        finally:
            plain.close()
        with django_db_blocker.unblock():
            seen["respondents"] = Engagement.objects.get(name=NAME).respondents.count()
            seen["quotes"] = {
                q.text: q.approved for q in Quote.objects.filter(response__respondent__engagement__name=NAME)
            }
    finally:
        context.close()
    yield seen
    with django_db_blocker.unblock():
        Engagement.objects.filter(name=NAME).delete()  # its respondents, answers, tags, quotes and mapping
        Job.objects.filter(kind="voice-tag").delete()
        DBTaskResult.objects.all().delete()
        get_user_model().objects.filter(username="browser-survey-officer").delete()
    cache.clear()


def test_the_columns_are_mapped_from_the_preset_and_the_preview_is_redacted(journey):
    assert journey["age_choice"] == "demographic:age_band"
    assert journey["email_choice"] == "ignore"
    preview = journey["preview"]
    assert "Sarah Jones" not in preview
    assert "12 Acacia Road" not in preview
    assert "[name]" in preview
    assert "[address]" in preview
    assert "Age: 35 to 44" in preview
    assert "Ward: Marple North" in preview
    assert "one@example.com" not in preview


def test_the_import_is_tagged_by_the_job_and_leads_to_the_desk(journey):
    assert "Waiting for the worker" in journey["job_page"]
    assert journey["job"] == Job.Status.SUCCEEDED
    assert "Finished" in journey["job_done"]
    assert "engagement=synthetic-browser-test-neighbourhood-survey" in journey["desk_url"]
    assert "3 responses" in journey["desk"]


def test_a_clean_quote_is_approved_and_one_giving_an_address_is_refused_with_the_reason(journey):
    assert "Quote approved" in journey["approved"]
    assert "12 Acacia Road" not in journey["redacted_draft"]
    blocked = journey["blocked"]
    assert "cannot be published as it stands" in blocked
    assert "Personal data" in blocked
    assert journey["quotes"][LEFTOVER] is False
    assert sum(journey["quotes"].values()) == 1


def test_every_page_of_the_journey_is_accessible(journey):
    assert all(journey["headings"].values())
    failures = {name: v for name, v in journey["violations"].items() if v}
    if failures:
        pytest.fail("\n".join(f"{name}: {format_violations(v)}" for name, v in failures.items()), pytrace=False)


def test_the_next_export_starts_from_the_saved_mapping_without_javascript(journey):
    assert "As saved for this engagement" in journey["again_columns"]
    assert "From the Citizen Space preset" not in journey["again_columns"]
    assert "0 respondents added, 0 updated, 3 unchanged" in journey["again_imported"]
    assert journey["respondents"] == 3

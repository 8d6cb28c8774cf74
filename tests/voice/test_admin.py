"""The officers' desk in the Django admin: reviews recorded, quotes redacted, approval needs consent.
All data SYNTHETIC."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from onestockport.voice import services
from onestockport.voice.commands import voice
from onestockport.voice.models import Engagement, PriorityTag, Quote, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged_response(loaded_plan):
    engagement = Engagement.objects.create(plan=loaded_plan, slug="s", name="Synthetic")
    question = engagement.questions.create(key="comment", text="Comment", kind="text")
    respondent = engagement.respondents.create(source_id_hash="h", row=2, consent_to_quote=False)
    response = Response.objects.create(
        respondent=respondent, question=question, text="Mr Bradshaw says plant trees on 12 Acacia Avenue"
    )
    climate = loaded_plan.priorities.get(slug="climate-friendly")
    PriorityTag.objects.create(response=response, priority=climate, rank=1, score=0.6)
    return response


def test_confirming_the_best_priority_records_the_officer(admin_client, admin_user, tagged_response):
    url = "/admin/voice/response/"
    result = admin_client.post(
        url, {"action": "confirm_top_tag", "_selected_action": [tagged_response.pk]}, follow=True
    )
    assert result.status_code == 200
    tag = tagged_response.tags.get()
    assert tag.status == "confirmed"
    assert tag.reviewed_by == admin_user


def test_candidate_quotes_are_redacted_and_need_consent(admin_client, tagged_response):
    admin_client.post(
        "/admin/voice/response/", {"action": "make_quotes", "_selected_action": [tagged_response.pk]}, follow=True
    )
    quote = Quote.objects.get()
    assert quote.text == "[name] says plant trees on [address]"
    result = admin_client.post(
        "/admin/voice/quote/", {"action": "approve", "_selected_action": [quote.pk]}, follow=True
    )
    assert "consent to be quoted is not recorded" in result.content.decode()
    assert not Quote.objects.get().approved
    Quote.objects.update(consent_recorded=True, consent_note="email of 3 March 2026")
    result = admin_client.post(
        "/admin/voice/quote/", {"action": "approve", "_selected_action": [quote.pk]}, follow=True
    )
    assert "Mostly redaction placeholders" in result.content.decode()  # 2 of its 6 words
    assert not Quote.objects.get().approved
    Quote.objects.update(text="Plant trees on our road")
    admin_client.post("/admin/voice/quote/", {"action": "approve", "_selected_action": [quote.pk]}, follow=True)
    assert Quote.objects.get().approved


def test_admin_pages_open(admin_client, tagged_response):
    services.create_quote(response=tagged_response, priority=tagged_response.tags.get().priority)
    for url in (
        "/admin/voice/engagement/",
        f"/admin/voice/response/{tagged_response.pk}/change/",
        "/admin/voice/prioritytag/",
        "/admin/voice/quote/",
        "/admin/voice/respondent/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_the_mappings_and_prepare_commands(use_fake_engine):
    runner = CliRunner()
    listed = runner.invoke(voice, ["mappings"])
    assert "citizen-space" in listed.output
    assert "generic" in listed.output
    prepared = runner.invoke(voice, ["prepare"])
    assert prepared.exit_code == 0
    assert "fake: ready (256 dimensions)" in prepared.output

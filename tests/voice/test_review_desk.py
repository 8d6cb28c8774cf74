"""The engagement desk under /delivery/voice/: review responses and tags, bulk confirm above a stated score,
make quotes and approve them only when no personal data remains. All comments here are SYNTHETIC."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from onestockport.delivery.permissions import Role
from onestockport.voice import services
from onestockport.voice.models import Engagement, PriorityTag, Quote, Response
from onestockport.voice.quote_checks import check_quote
from onestockport.voice.review import bulk_confirm
from tests.delivery.factories import make_user

pytestmark = pytest.mark.django_db

DESK = "/delivery/voice/"


@pytest.fixture
def desk(loaded_plan, settings):
    """Two engagements, five responses with the model's suggestions at known scores (SYNTHETIC)."""
    settings.VOICE_BULK_CONFIRM_MIN_SCORE = 0.6
    priorities = {p.slug: p for p in loaded_plan.priorities.all()}
    slugs = sorted(priorities)
    survey = Engagement.objects.create(plan=loaded_plan, slug="survey", name="Synthetic survey")
    forum = Engagement.objects.create(plan=loaded_plan, slug="forum", name="Synthetic forum")
    rows = [
        (survey, "Plant more trees along the main road please.", 0.72, "Ward A", "25-34", True),
        (survey, "Cheaper buses for young people into town.", 0.64, "Ward B", "16-24", True),
        (survey, "More youth clubs in the holidays.", 0.41, "Ward A", "35-44", False),
        (forum, "My name is Sarah Jones and I live at 12 Acacia Avenue.", 0.55, "Ward B", "", True),
        (forum, "Nothing to add.", None, "", "", False),
    ]
    responses = []
    for number, (engagement, text, score, ward, age, consent) in enumerate(rows):
        question, _ = engagement.questions.get_or_create(key="comment", defaults={"text": "Comment", "kind": "text"})
        respondent = engagement.respondents.create(
            source_id_hash=f"h{number}", row=number + 2, ward=ward, age_band=age, consent_to_quote=consent
        )
        response = Response.objects.create(respondent=respondent, question=question, text=text)
        if score is not None:
            PriorityTag.objects.create(response=response, priority=priorities[slugs[0]], rank=1, score=score)
            PriorityTag.objects.create(response=response, priority=priorities[slugs[1]], rank=2, score=score - 0.1)
        responses.append(response)
    return responses


@pytest.fixture
def officer(db):
    return make_user("engagement", Role.ENGAGEMENT_OFFICER)


@pytest.fixture
def client_of(officer):
    client = Client()
    client.force_login(officer)
    return client


# --- who may use it ------------------------------------------------------------------------------------------


def test_only_reviewers_of_voice_open_the_desk(desk, officer):
    assert Client().get(DESK).status_code == 302  # anonymous: to sign in
    assert "sign-in" in Client().get(DESK)["Location"]
    for username, role, expected in (
        ("performance", Role.PERFORMANCE_OFFICER, 403),
        ("admin-user", Role.ADMINISTRATOR, 200),
        ("no-role", None, 403),
    ):
        client = Client()
        client.force_login(make_user(username, role))
        assert client.get(DESK).status_code == expected, username
    client = Client()
    client.force_login(officer)
    assert client.get(DESK).status_code == 200


def test_a_refused_write_changes_nothing(desk):
    client = Client()
    client.force_login(make_user("performance", Role.PERFORMANCE_OFFICER))
    tag = desk[0].tags.get(rank=1)
    assert client.post(f"/delivery/voice/tags/{tag.pk}/confirm/").status_code == 403
    tag.refresh_from_db()
    assert tag.status == PriorityTag.Status.SUGGESTED


# --- the table and its filters -------------------------------------------------------------------------------


def test_the_desk_shows_redacted_text_demographics_scores_and_status(desk, client_of):
    page = client_of.get(DESK).content.decode()
    assert "Plant more trees along the main road please." in page
    assert "Sarah Jones" not in page
    assert "12 Acacia Avenue" not in page
    assert "My name is [name] and I live at [address]" in page
    assert "25 to 34" in page
    assert "Ward A" in page
    assert "0.72" in page
    assert "Suggested" in page
    assert "Only suggestions scoring at least 0.60 can be confirmed in bulk" in page


def _texts(client, query: str) -> set[str]:
    """The responses the desk lists for this query (the text is shown redacted, so matched by checkbox)."""
    page = client.get(DESK + query).content.decode()
    return {row.text for row in Response.objects.all() if f'name="responses" value="{row.pk}"' in page}


def test_filters_by_priority_confidence_ward_status_and_engagement(desk, client_of, loaded_plan):
    second = sorted(p.slug for p in loaded_plan.priorities.all())[1]
    assert _texts(client_of, "?score=0.6") == {desk[0].text, desk[1].text}
    assert _texts(client_of, "?ward=Ward+A") == {desk[0].text, desk[2].text}
    assert _texts(client_of, "?engagement=forum") == {desk[3].text, desk[4].text}
    assert _texts(client_of, "?status=untagged") == {desk[4].text}
    assert _texts(client_of, f"?priority={second}&score=0.6") == {desk[0].text}
    PriorityTag.objects.filter(response=desk[2], rank=1).update(status=PriorityTag.Status.CONFIRMED)
    assert _texts(client_of, "?status=confirmed") == {desk[2].text}
    assert len(_texts(client_of, "?status=suggested")) == 4  # desk[2] still has its second suggestion
    assert client_of.get(DESK + "?score=2").status_code == 400  # a score outside 0-1 is an error, shown


def test_the_desk_pages_fifty_responses_at_a_time(desk, client_of):
    question = desk[0].question
    respondent = desk[0].respondent
    for number in range(60):
        other = respondent.engagement.respondents.create(source_id_hash=f"more{number}", row=100 + number)
        Response.objects.create(respondent=other, question=question, text=f"Synthetic comment number {number}.")
    first = client_of.get(DESK).content.decode()
    assert first.count('name="responses"') == 50
    second = client_of.get(DESK + "?page=2").content.decode()
    assert second.count('name="responses"') == 65 - 50
    assert "govuk-pagination" in first


# --- reviewing tags ------------------------------------------------------------------------------------------


def test_confirm_reject_and_add_a_priority(desk, client_of, officer, loaded_plan):
    top, second = desk[0].tags.order_by("rank")
    answer = client_of.post(f"/delivery/voice/tags/{top.pk}/confirm/", {"next": DESK + "?ward=Ward+A"})
    assert answer.status_code == 302
    assert answer["Location"] == DESK + "?ward=Ward+A"
    client_of.post(f"/delivery/voice/tags/{second.pk}/reject/", {"next": "https://elsewhere.example/"})
    top.refresh_from_db()
    second.refresh_from_db()
    assert (top.status, top.reviewed_by) == (PriorityTag.Status.CONFIRMED, officer)
    assert second.status == PriorityTag.Status.REJECTED
    third = sorted(loaded_plan.priorities.all(), key=lambda p: p.slug)[2]
    answer = client_of.post(f"/delivery/voice/responses/{desk[4].pk}/priorities/", {"priority": third.pk})
    assert answer.status_code == 302
    assert answer["Location"] == DESK
    added = desk[4].tags.get()
    assert (added.priority, added.status, added.score) == (third, PriorityTag.Status.CONFIRMED, None)


def test_bulk_confirm_only_above_the_stated_score(desk, client_of):
    chosen = [response.pk for response in desk]
    answer = client_of.post("/delivery/voice/bulk-confirm/", {"responses": chosen}, follow=True)
    page = answer.content.decode()
    assert "2 confirmed, 2 left for you to read: score below 0.60" in page
    assert "1 had no suggestion to confirm" in page
    confirmed = PriorityTag.objects.filter(status=PriorityTag.Status.CONFIRMED)
    assert sorted(tag.response_id for tag in confirmed) == [desk[0].pk, desk[1].pk]
    assert all(tag.rank == 1 for tag in confirmed)


def test_bulk_confirm_service_reports_what_it_skipped(desk, officer):
    report = bulk_confirm(responses=Response.objects.all(), user=officer, min_score=0.7)
    assert (report.confirmed, report.below, report.without_suggestion) == (1, 3, 1)


# --- quotes --------------------------------------------------------------------------------------------------


def test_check_quote_finds_personal_data_and_flags_what_needs_editing():
    clean = check_quote("We need more trees along the main road and safer cycle lanes.")
    assert clean.clear
    assert not clean.reasons
    leftover = check_quote("Ring 07700 900123 or write to jo@example.com, NI QQ 12 34 56 C.")
    assert leftover.blocked
    assert {finding.kind for finding in leftover.personal_data} == {"phone", "email", "ni_number"}
    assert "a phone number" in " ".join(leftover.reasons)
    address = check_quote("The potholes outside 14 Elm Grove have been there for years.")
    assert [f.kind for f in address.personal_data] == ["address"]
    placeholders = check_quote("[name] and [name] at [address] said yes")
    assert placeholders.edit_first
    assert not placeholders.blocked
    assert placeholders.placeholder_share > 0.3
    self_id = check_quote("My name is [name] and I live at [address], and the buses are late every single day.")
    assert self_id.self_identification
    assert self_id.edit_first
    assert any("says who the person is" in reason for reason in self_id.reasons)


def test_an_officer_makes_a_quote_from_a_response(desk, client_of, loaded_plan):
    priority = desk[1].tags.get(rank=1).priority
    url = f"/delivery/voice/responses/{desk[1].pk}/quote/"
    assert "Cheaper buses" in client_of.get(url).content.decode()
    answer = client_of.post(url, {"text": "Cheaper buses for young people", "priority": priority.pk})
    quote = Quote.objects.get()
    assert answer["Location"] == f"/delivery/voice/quotes/{quote.pk}/"
    assert (quote.text, quote.priority, quote.consent_recorded) == ("Cheaper buses for young people", priority, True)


def _quote(response: Response, text: str) -> Quote:
    quote = services.create_quote(response=response, priority=response.tags.get(rank=1).priority)
    Quote.objects.filter(pk=quote.pk).update(text=text)  # as an officer's edit leaves it
    return Quote.objects.get(pk=quote.pk)


def test_approval_is_blocked_while_personal_data_remains(desk, client_of):
    quote = _quote(desk[0], "Plant trees outside 14 Elm Grove, ring me on 07700 900123.")
    answer = client_of.post(f"/delivery/voice/quotes/{quote.pk}/approve/", follow=True)
    page = answer.content.decode()
    assert "cannot be published" in page
    assert "a house number and street" in page
    assert "a phone number" in page
    quote.refresh_from_db()
    assert not quote.approved
    edit = {"text": "Plant trees along our street.", "priority": quote.priority_id}
    client_of.post(f"/delivery/voice/quotes/{quote.pk}/", edit)
    client_of.post(f"/delivery/voice/quotes/{quote.pk}/approve/")
    quote.refresh_from_db()
    assert quote.approved
    assert quote.text == "Plant trees along our street."
    assert not quote.override_reason


def test_a_self_identifying_quote_is_flagged_and_needs_a_recorded_override(desk, client_of, officer, caplog):
    quote = services.create_quote(response=desk[3], priority=desk[3].tags.get(rank=1).priority)
    assert quote.text == "My name is [name] and I live at [address]"
    page = client_of.get(f"/delivery/voice/quotes/{quote.pk}/").content.decode()
    assert "Edit first" in page
    client_of.post(f"/delivery/voice/quotes/{quote.pk}/approve/")
    quote.refresh_from_db()
    assert not quote.approved
    answer = client_of.post(f"/delivery/voice/quotes/{quote.pk}/approve/", {"override_reason": "ok"})
    assert answer.status_code == 400  # a reason of a word or two is not a reason
    quote.refresh_from_db()
    assert not quote.approved
    reason = "The respondent asked in writing to be named; see the consent form."
    with caplog.at_level(logging.WARNING, logger="onestockport.voice.services"):
        client_of.post(f"/delivery/voice/quotes/{quote.pk}/approve/", {"override_reason": reason})
    quote.refresh_from_db()
    assert quote.approved
    assert quote.override_reason == reason
    assert quote.override_by == officer
    assert quote.override_at is not None
    logged = [record.getMessage() for record in caplog.records]
    assert any("override" in message and f"quote={quote.pk}" in message for message in logged)


def test_approval_still_needs_consent(desk, client_of):
    quote = _quote(desk[2], "More youth clubs in the holidays.")
    page = client_of.post(f"/delivery/voice/quotes/{quote.pk}/approve/", follow=True).content.decode()
    assert "consent to be quoted is not recorded" in page
    quote.refresh_from_db()
    assert not quote.approved


def test_the_quotes_page_lists_quotes_awaiting_approval(desk, client_of):
    _quote(desk[0], "Plant more trees along the main road.")
    page = client_of.get("/delivery/voice/quotes/").content.decode()
    assert "Plant more trees along the main road." in page
    assert "Awaiting approval" in page


def test_redact_button_and_editing_an_approved_quote_withdraws_it(desk, client_of):
    quote = _quote(desk[0], "Plant trees, ring me on 07700 900123 any time about the main road.")
    client_of.post(f"/delivery/voice/quotes/{quote.pk}/", {"redact": "1"})
    quote.refresh_from_db()
    assert quote.text == "Plant trees, ring me on [phone] any time about the main road."
    client_of.post(f"/delivery/voice/quotes/{quote.pk}/approve/")
    quote.refresh_from_db()
    assert quote.approved
    edit = {"text": "Plant trees on the main road.", "priority": quote.priority_id}
    client_of.post(f"/delivery/voice/quotes/{quote.pk}/", edit)
    quote.refresh_from_db()
    assert quote.text == "Plant trees on the main road."
    assert not quote.approved  # checked and approved again before it is published


def test_bulk_confirm_with_nothing_chosen_says_so(desk, client_of):
    page = client_of.post("/delivery/voice/bulk-confirm/", {}, follow=True).content.decode()
    assert "Choose at least one response to confirm." in page
    assert not PriorityTag.objects.filter(status=PriorityTag.Status.CONFIRMED).exists()

"""Have your say: the comment form on priority and action pages, and what a comment becomes.

Every comment here is SYNTHETIC, written for the tests; the one postcode row is synthetic too.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from onestockport.errors import InvalidInputError
from onestockport.export.crawl import Renderer
from onestockport.export.scope import is_live_only
from onestockport.jobs import services as job_services
from onestockport.jobs.models import Job
from onestockport.places.models import Area, Postcode
from onestockport.plans.place import current_place
from onestockport.publish.place_pages import ward_voice
from onestockport.server.content_version import change_version
from onestockport.voice import plan_folder, selectors, services, website_comments
from onestockport.voice.have_your_say import MAX_COMMENT, current_wards
from onestockport.voice.models import PriorityTag, Respondent, Response

pytestmark = pytest.mark.django_db
FORM_URL = "/have-your-say/"
THANKS = "/have-your-say/thank-you/"
SYNTHETIC_COMMENT = "More buses to the hospital in the evening please. Email me at jo.bloggs@example.com about it."


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()  # the per-address counts live in the cache
    yield
    cache.clear()


@pytest.fixture
def priority(loaded_plan):
    return loaded_plan.priorities.order_by("position").first()


@pytest.fixture
def ward(loaded_plan):
    return current_wards()[0]


@pytest.fixture
def synthetic_postcode(ward) -> str:
    """A SYNTHETIC postcode row placed in the first current ward (the form looks postcodes up here)."""
    Postcode.objects.create(
        postcode="SK1 9ZZ",
        district="SK1",
        sector="SK1 9",
        ward_code=ward.code,
        local_authority_code=current_place().code,
        easting=390000,
        northing=390000,
        positional_quality=10,
        source="synthetic test row",
    )
    return "sk1 9zz"


def _post(client, data: dict, address: str = "192.0.2.10"):
    return client.post(FORM_URL, data, REMOTE_ADDR=address)


def _comment(priority, **extra) -> dict:
    return {"priority": priority.slug, "comment": SYNTHETIC_COMMENT, "website": "", **extra}


def _switched_off(monkeypatch, tmp_path) -> None:
    (tmp_path / "settings.yaml").write_text("have_your_say: false\n", encoding="utf-8")
    monkeypatch.setattr(plan_folder, "voice_dir", lambda: tmp_path)


# ---------------------------------------------------------------------------------------------- the form


def test_the_priority_page_carries_a_plain_html_form_and_sets_no_cookie(client, priority):
    response = client.get(f"/priorities/{priority.slug}/")
    html = response.content.decode()
    assert f'<form class="os-have-your-say" action="{FORM_URL}" method="post" novalidate>' in html
    assert f'name="priority" value="{priority.slug}"' in html
    assert 'type="submit"' in html  # a plain submit button: nothing needs JavaScript
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    # GOV.UK pattern: labels, hints, a fieldset for the age radios, a checkbox for consent, a privacy notice
    assert '<label class="govuk-label govuk-label--s" for="hys-comment">Your comment</label>' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Your age (optional)</legend>' in html
    assert 'type="checkbox" value="on"' in html
    assert "How we use your comment" in html
    assert re.search(r'<div hidden aria-hidden="true">.*?name="website"', html, re.S)  # the honeypot


def test_the_action_page_carries_the_form_for_its_action(client, priority):
    action = priority.actions.order_by("number").first()
    html = client.get(f"/priorities/{priority.slug}/actions/{action.number}/").content.decode()
    assert f'name="action" value="{action.number}"' in html
    assert "Tell us what you think of this action" in html


def test_the_priority_page_is_still_stored_by_the_page_cache(client, priority, settings):
    settings.ONESTOCKPORT_PAGE_CACHE = True
    path = f"/priorities/{priority.slug}/"
    first, second = client.get(path), client.get(path)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert "Set-Cookie" not in first
    assert "Set-Cookie" not in second
    assert 'action="/have-your-say/"' in second.content.decode()


def test_the_form_has_its_own_page(client, priority):
    page = client.get(f"{FORM_URL}?priority={priority.slug}")
    assert page.status_code == 200
    assert "Have your say on this priority" in page.content.decode()
    assert client.get(f"{FORM_URL}?priority=no-such-priority").status_code == 404


# ---------------------------------------------------------------------------------------------- a comment


def test_a_comment_is_stored_redacted_hashed_and_pending(client, priority, ward, synthetic_postcode):
    data = _comment(priority, place=synthetic_postcode, age_band="35-44", consent="on")
    response = _post(client, data)
    assert response.status_code == 303
    assert response["Location"] == f"{THANKS}?priority={priority.slug}"
    thanks = client.get(response["Location"])
    assert "Thank you for your comment" in thanks.content.decode()

    respondent = Respondent.objects.get()
    assert respondent.engagement.slug == website_comments.WEBSITE_ENGAGEMENT
    assert respondent.channel == website_comments.WEBSITE_CHANNEL
    assert re.fullmatch(r"[0-9a-f]{64}", respondent.source_id_hash)  # a keyed hash of a random reference
    assert (respondent.ward, respondent.ward_code) == (ward.name, ward.code)  # the ward, and no postcode
    assert respondent.postcode_district == ""
    assert (respondent.age_band, respondent.consent_to_quote) == ("35-44", True)
    response_row = Response.objects.get()
    assert "jo.bloggs@example.com" not in response_row.text
    assert "[email]" in response_row.text
    assert response_row.question.key == f"comment-{priority.slug}"
    job = Job.objects.get(kind="voice-tag")  # tagged by the worker: no model in the request
    assert job.params["engagement"] == website_comments.WEBSITE_ENGAGEMENT

    # Pending: not on any public page until an officer approves a quote
    assert selectors.approved_quotes(priority.plan) == []
    for path in (f"/priorities/{priority.slug}/", f"/priorities/{priority.slug}/what-we-heard/", "/what-we-heard/"):
        assert "More buses to the hospital" not in client.get(path).content.decode()

    quote = services.create_quote(response=response_row, priority=priority)
    assert quote.consent_note == "consent box of the comment form on the website"
    services.approve_quote(quote=quote, user=None)
    assert "More buses to the hospital" in client.get(f"/priorities/{priority.slug}/what-we-heard/").content.decode()
    shown = ward_voice(priority.plan, Area.objects.get(code=ward.code))
    assert shown is not None
    assert any("More buses to the hospital" in text for text in shown.quotes)


def test_a_comment_is_tagged_by_the_queued_job(client, priority, use_fake_engine):
    _post(client, _comment(priority))
    _post(client, _comment(priority, comment="Cycle lanes near the school would help."), address="192.0.2.11")
    assert Job.objects.filter(kind="voice-tag").count() == 1  # one waiting job serves both comments
    job = job_services.run(Job.objects.get(kind="voice-tag").pk)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (
        PriorityTag.objects.filter(response__respondent__channel=website_comments.WEBSITE_CHANNEL).count() == 6
    )  # top 3 each


def test_a_comment_counts_in_public_figures_only_once_reviewed(
    client, priority, ward, use_fake_engine, django_capture_on_commit_callbacks
):
    # The version changes once per transaction: forget the change the fixtures' writes queued in the test's.
    connection.run_on_commit.clear()
    with django_capture_on_commit_callbacks() as stored:
        _post(client, _comment(priority, place=ward.name))
    with django_capture_on_commit_callbacks() as tagged:
        job = job_services.run(Job.objects.get(kind="voice-tag").pk)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert change_version not in stored + tagged  # the comment and its suggestions retire no stored page
    plan = priority.plan
    assert not selectors.voice_overview(plan).has_responses
    assert ward_voice(plan, Area.objects.get(code=ward.code)) is None

    tag = PriorityTag.objects.filter(response__respondent__channel=website_comments.WEBSITE_CHANNEL).first()
    connection.run_on_commit.clear()
    with django_capture_on_commit_callbacks() as reviewed:
        services.review_tag(tag=tag, confirmed=False, user=None)  # any decision means an officer has read it
    assert change_version in reviewed
    assert selectors.voice_overview(plan).has_responses
    assert ward_voice(plan, Area.objects.get(code=ward.code)) is not None


def test_the_form_posts_without_a_csrf_token(priority):
    strict = Client(enforce_csrf_checks=True)  # as a browser: Django's test client skips the check otherwise
    assert strict.post(FORM_URL, _comment(priority), REMOTE_ADDR="192.0.2.12").status_code == 303
    assert Respondent.objects.count() == 1


def test_a_comment_on_an_action_is_recorded_against_that_action(client, priority):
    action = priority.actions.order_by("number").first()
    response = _post(client, _comment(priority, action=action.number))
    assert response.status_code == 303
    assert Response.objects.get().question.key == f"comment-{priority.slug}-action-{action.number}"


def test_a_ward_can_be_named_instead_of_a_postcode(client, priority, ward):
    assert _post(client, _comment(priority, place=ward.name.upper())).status_code == 303
    assert Respondent.objects.get().ward_code == ward.code


# ---------------------------------------------------------------------------------------------- spam and limits


def test_a_filled_honeypot_is_thanked_the_same_and_stores_nothing(client, priority):
    response = _post(client, _comment(priority, website="http://spam.example"))
    assert response.status_code == 303
    assert response["Location"] == f"{THANKS}?priority={priority.slug}"
    assert not Respondent.objects.exists()
    assert not Job.objects.exists()


def test_comments_per_address_are_limited(client, priority, settings):
    settings.VOICE_COMMENTS_PER_HOUR = 2
    assert [_post(client, _comment(priority)).status_code for _ in range(2)] == [303, 303]
    refused = _post(client, _comment(priority))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "Too many comments from your connection" in refused.content.decode()
    assert "Please try again in an hour" in refused.content.decode()
    assert Respondent.objects.count() == 2
    assert _post(client, _comment(priority), address="198.51.100.7").status_code == 303  # another address


# ---------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"comment": "   "}, "comment", "Enter your comment"),
        ({"comment": "x" * (MAX_COMMENT + 1)}, "comment", f"Your comment must be {MAX_COMMENT:,} characters or fewer"),
        ({"comment": "<script>alert(1)</script>"}, "comment", "Your comment must be plain text"),
        ({"comment": "Fine text", "place": "Atlantis"}, "place", "We could not find a postcode or ward"),
        ({"comment": "Fine text", "age_band": "ancient"}, "age_band", "Select your age from the list"),
    ],
)
def test_bad_input_is_named_and_nothing_is_stored(client, priority, changes, field, message):
    response = _post(client, _comment(priority, **changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html  # the GOV.UK error summary, linking to the field
    assert f'<a href="#hys-{field}">{message}' in html
    assert "<script>alert(1)</script>" not in html  # kept, but escaped
    if field != "comment":
        assert "Fine text</textarea>" in html  # the other values are kept
    assert not Respondent.objects.exists()
    assert not Job.objects.exists()


# ---------------------------------------------------------------------------------------------- the switch


def test_the_plan_folder_can_switch_the_form_off(client, priority, monkeypatch, tmp_path):
    _switched_off(monkeypatch, tmp_path)
    assert "os-have-your-say" not in client.get(f"/priorities/{priority.slug}/").content.decode()
    assert client.get(FORM_URL).status_code == 404
    assert _post(client, _comment(priority)).status_code == 404
    assert client.get(THANKS).status_code == 404
    assert not Respondent.objects.exists()


def test_the_switch_is_on_by_default_and_checked(tmp_path):
    assert plan_folder.read_voice_settings(tmp_path).have_your_say is True  # no settings.yaml
    assert plan_folder.read_voice_settings(None).have_your_say is True
    (tmp_path / "settings.yaml").write_text("have_your_say: perhaps\nhave_your_sai: true\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        plan_folder.read_voice_settings(tmp_path)
    assert "have_your_say: expected true or false, got 'perhaps'" in str(caught.value)
    assert "have_your_sai: unknown key" in str(caught.value)


def test_the_shipped_plan_folder_has_the_form_on():
    assert plan_folder.voice_settings().have_your_say is True


# ---------------------------------------------------------------------------------------------- static export


def test_a_static_copy_links_to_the_live_sites_form(priority):
    live = "https://live.example/"
    renderer = Renderer(live_url=live)
    with renderer.configured():
        html = renderer.get(f"/priorities/{priority.slug}/").text()
    assert '<form class="os-have-your-say"' not in html
    link = f"{live.rstrip('/')}{reverse('voice:have-your-say')}?priority={priority.slug}"
    assert f'href="{link}">Leave a comment on the live site</a>' in html
    assert is_live_only(reverse("voice:have-your-say"))
    assert is_live_only(reverse("voice:have-your-say-thanks"))

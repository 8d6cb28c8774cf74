"""The public resident-voice pages and export: the default (the plan's own evidence only), and with
SYNTHETIC imported responses: quotes only when approved with consent and always redacted, and no
small count on any page or in the export."""

from __future__ import annotations

import csv
import io
import re

import pytest

from onestockport.voice import services
from onestockport.voice.models import Engagement, PriorityTag, Quote, Respondent, Response
from onestockport.voice.selectors import EXPORT_COLUMNS

pytestmark = pytest.mark.django_db

PAGES = [
    "/what-we-heard/",
    "/what-we-heard/who-we-heard-from/",
    "/priorities/climate-friendly/what-we-heard/",
    "/priorities/caring-and-growing/what-we-heard/",
    "/you-said-we-did/",
    "/priorities/climate-friendly/",
    "/about/",
]


def text_of(response) -> str:
    """The page's words, without markup, as a reader (or a scraper) sees them."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_with_only_the_plans_own_evidence(client, loaded_plan, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "fewer than" not in page


def test_the_default_shows_the_plans_engagement_and_evidence(client, loaded_plan):
    page = text_of(client.get("/what-we-heard/"))
    assert "3,800 people" in page
    assert "1,000 children and young people" in page
    assert "No survey or forum responses have been added" in page
    priority = text_of(client.get("/priorities/caring-and-growing/what-we-heard/"))
    assert "I feel part of my community" in priority
    assert "Tell us your Priorities survey 2020" in priority
    said = text_of(client.get("/you-said-we-did/"))
    assert "Action 5: Protect and enhance our natural environment" in said or "Action 5" in said


def test_unknown_priority_is_404(client, loaded_plan):
    assert client.get("/priorities/nowhere/what-we-heard/").status_code == 404


def test_the_export_is_a_csv(client, loaded_plan):
    response = client.get("/what-we-heard/published-counts.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == EXPORT_COLUMNS


# ---------------------------------------------------------------------------------------------- with responses


def _respondent(engagement, row, **fields) -> Respondent:
    return Respondent.objects.create(engagement=engagement, source_id_hash=f"h{row}", row=row, **fields)


@pytest.fixture
def three_in_a_cell(loaded_plan):
    """SYNTHETIC responses built so that several published counts would be exactly 3:
    3 respondents aged 16-24, 3 in Heald Green, 3 comments about climate, 3 linked to one action."""
    engagement = Engagement.objects.create(plan=loaded_plan, slug="synthetic", name="Synthetic survey")
    question = engagement.questions.create(key="comment", text="Your comment", kind="text")
    climate = loaded_plan.priorities.get(slug="climate-friendly")
    digital = loaded_plan.priorities.get(slug="radically-digital")
    action = climate.actions.get(number=5)
    groups = [("16-24", "Heald Green")] * 3 + [("45-54", "Manor")] * 29 + [("65-74", "Offerton")] * 25
    for row, (age, ward) in enumerate(groups, start=2):
        respondent = _respondent(engagement, row, age_band=age, ward=ward, consent_to_quote=True)
        answer = Response.objects.create(respondent=respondent, question=question, text=f"Comment {row}")
        priority = climate if row < 5 else digital
        PriorityTag.objects.create(response=answer, priority=priority, rank=1, score=0.5)
        if row < 5:
            answer.action_links.create(action=action, score=0.4)
    return engagement


def _all_public_text(client) -> dict[str, str]:
    pages = {url: text_of(client.get(url)) for url in PAGES}
    pages["export"] = client.get("/what-we-heard/published-counts.csv").content.decode()
    return pages


def test_a_count_of_3_never_appears_on_a_public_page_or_export(client, three_in_a_cell):
    total = 57
    pages = _all_public_text(client)
    # The cells that hold 3 are shown as "fewer than 5", nowhere as 3, and nothing lets 3 be worked out.
    who = pages["/what-we-heard/who-we-heard-from/"]
    assert re.search(r"16 to 24 fewer than 5", who)
    assert re.search(r"Heald Green fewer than 5", who)
    heard = pages["/what-we-heard/"]
    assert re.search(r"A climate friendly Stockport \d+ fewer than 5", heard)
    said = pages["/you-said-we-did/"]
    assert "comments it answers: fewer than 5" in said
    for name, text in pages.items():
        # No "3" as a count, wherever a count is printed.
        assert not re.search(
            r"(16 to 24|Heald Green|Stockport \d+|comments it answers:|speak to this priority:|Synthetic survey)\s*3\b",
            text,
        ), name
        assert not re.search(r"\b3 (people|respondents|comments)", text), name
        # No percentage that reveals 3 of 57 (5.3%) or 3 of the 54 who stated an age (5.6%). The page
        # comparing with residents shows residents' shares, so there each row is checked instead.
        if name != "/what-we-heard/who-we-heard-from/":
            for share in (f"{100 * 3 / total:.1f}%", f"{100 * 3 / 54:.1f}%"):
                assert share not in text, (name, share)
    # The withheld rows carry only the residents' share, never a respondents' share.
    assert re.search(r"16 to 24 fewer than 5 [\d.]+% (Under-represented|No clear difference|Not assessed)", who)
    assert re.search(r"Heald Green fewer than 5 [\d.]+% (Under-represented|No clear difference|Not assessed)", who)
    # Totals cannot be differenced: each table withholds a second cell or its total.
    export = list(csv.DictReader(io.StringIO(pages["export"])))
    by_table: dict[str, list[dict]] = {}
    for row in export:
        by_table.setdefault(row["table"], []).append(row)
    for row in export:
        if row["count"] in ("fewer than 5", "not shown"):
            assert row["percentage"] == "", row
    for table, rows in by_table.items():
        counts = [row["count"] for row in rows]
        assert "3" not in counts, table
        if "fewer than 5" in counts[:-1]:
            withheld = [c for c in counts if c in ("fewer than 5", "not shown")]
            assert len(withheld) >= 2 or counts[-1] in ("fewer than 5", "not shown"), (table, counts)


def test_quotes_need_approval_and_consent_and_are_redacted(client, loaded_plan, three_in_a_cell, django_user_model):
    officer = django_user_model.objects.create_user("officer")
    climate = loaded_plan.priorities.get(slug="climate-friendly")
    response = Response.objects.filter(respondent__engagement=three_in_a_cell).first()
    response.text = "My name is Jenny Marsh, ring 07700 900123. Plant trees along Wellington Road please."
    response.save()
    quote = services.create_quote(response=response, priority=climate)
    assert "[name]" in quote.text
    assert "[phone]" in quote.text
    assert "Wellington Road" in quote.text
    page = "/priorities/climate-friendly/what-we-heard/"
    assert "Plant trees along" not in text_of(client.get(page))  # not yet approved
    with pytest.raises(services.QuoteNeedsEditingError, match="says who the person is"):
        services.approve_quote(quote=quote, user=officer)  # "My name is [name]": edit first
    quote.text = quote.text.replace("My name is [name], ", "")  # the officer's edit
    services.approve_quote(quote=quote, user=officer, actions=[climate.actions.get(number=5)])
    shown = text_of(client.get(page))
    assert "Plant trees along Wellington Road please" in shown
    assert "Jenny" not in shown
    assert "07700" not in shown
    assert "Plant trees along" in text_of(client.get("/priorities/climate-friendly/"))
    assert "Plant trees along" in text_of(client.get("/you-said-we-did/"))
    # An officer's later edit that slips a name back in is redacted when shown.
    Quote.objects.filter(pk=quote.pk).update(text="Thanks to Sarah Jones for the trees.")
    assert "Sarah" not in text_of(client.get(page))

    respondent = response.respondent
    respondent.consent_to_quote = False
    respondent.save()
    refused = services.create_quote(response=response, priority=climate)
    with pytest.raises(services.QuoteNotPublishableError):
        services.approve_quote(quote=refused, user=officer)


def test_who_we_heard_from_shows_a_chart_and_a_table(client, three_in_a_cell):
    page = client.get("/what-we-heard/who-we-heard-from/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'role="img"' in page
    assert "Under-represented" in page
    assert page.count("<table") == 6  # age, sex, ethnic group, disability, unpaid care, ward


# ---------------------------------------------------------------------------------------------- any place


def test_who_we_heard_from_renders_without_a_data_folder(client, loaded_plan, settings, tmp_path):
    settings.ONESTOCKPORT_DATA_DIR = tmp_path / "no-data-here"

    response = client.get("/what-we-heard/who-we-heard-from/")

    assert response.status_code == 200
    page = text_of(response)
    assert "population figures for Stockport are not available" in page
    assert "residents by age" not in page


def test_who_we_heard_from_says_wards_were_redrawn_only_when_the_place_had_earlier_wards(
    client, three_in_a_cell, settings, tmp_path
):
    assert "Stockport's wards were redrawn in May 2023" in text_of(client.get("/what-we-heard/who-we-heard-from/"))
    place = dict(three_in_a_cell.plan.place_settings, boundaries={"wards": "2023", "previous_wards": None})
    type(three_in_a_cell.plan).objects.filter(pk=three_in_a_cell.plan.pk).update(place_settings=place)

    page = text_of(client.get("/what-we-heard/who-we-heard-from/"))

    assert "were redrawn" not in page


def test_pages_leave_out_engagement_counts_the_plan_does_not_state(client, loaded_plan):
    loaded_plan.engagement = {"people": "not stated", "children_and_young_people": None}
    loaded_plan.save()

    for url in ("/what-we-heard/", "/what-we-heard/who-we-heard-from/", "/you-said-we-did/"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = text_of(response)
        assert "not stated" not in page, url
        assert "None" not in page, url
        assert "How we listened" not in page, url


def test_pages_with_no_engagement_at_all_render(client, loaded_plan):
    loaded_plan.engagement = {}
    loaded_plan.save()

    heard = text_of(client.get("/what-we-heard/"))
    who = text_of(client.get("/what-we-heard/who-we-heard-from/"))

    assert "The plan was shaped by" not in heard
    assert "the plan heard from" not in who

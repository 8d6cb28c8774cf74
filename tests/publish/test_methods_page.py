"""The methods page explains the comparison bases, thresholds, direction and status, as tables and lists."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_methods_page_documents_the_new_rules(client, loaded_plan):
    page = client.get("/methods/").content.decode()

    for heading in (
        "Comparing when there is no confidence interval",
        "When a difference matters",
        "Which way a measure is going",
        "How each measure is doing",
        "How we write figures",
    ):
        assert f'class="govuk-heading-l">{heading}</h2>' in page
    assert page.count('<table class="govuk-table">') >= 2
    for words in ("computed intervals", "2 percentage points", "1 year", "not comparable", "mixed"):
        assert words in page


def test_every_section_has_an_anchor_the_pages_link_to(client, loaded_plan):
    from onestockport.publish.methods import METHOD_SECTIONS

    page = client.get("/methods/").content.decode()

    assert '<h2 id="comparing-when-there-is-no-confidence-interval" class="govuk-heading-l">' in page
    for anchor in METHOD_SECTIONS.values():
        assert f'id="{anchor}"' in page, anchor


def test_the_roll_up_rules_are_documented(client, loaded_plan):
    page = " ".join(client.get("/methods/").content.decode().split())

    for words in (
        "status comes from its direct figures only",
        "at least half",
        "more of its measures are worsening than improving",
    ):
        assert words in page


def test_the_page_names_the_plans_own_site_and_place(client, loaded_plan):
    page = " ".join(client.get("/methods/").content.decode().split())

    assert "how One Stockport turns published figures into the judgements" in page
    assert "whether Stockport is better or worse than England" in page
    assert "parts of the borough." in page
    assert "{place}" not in page
    assert "{site_name}" not in page

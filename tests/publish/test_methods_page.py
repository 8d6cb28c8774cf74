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

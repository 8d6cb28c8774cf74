""" "Who we heard from" and "you said, we did" with responses and an approved update, in real Chromium:
axe-core finds no WCAG 2.0-2.2 A/AA violation in the filled tables and progress lists, and a
screenshot of each is kept. The respondents and the update are SYNTHETIC, written for this test."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.utils import timezone

from onestockport.delivery.models import Status, Update
from onestockport.delivery.periods import Period
from onestockport.plans.models import Plan
from onestockport.voice.models import Engagement, Respondent

from .support import DESKTOP, SCREENSHOTS
from .test_pages import AXE_OPTIONS, format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
WARDS = ("Manor", "Offerton", "Heald Green", "Cheadle and Gatley", "Stepping Hill", "")


@pytest.fixture(scope="module")
def filled(site, django_db_blocker):
    """SYNTHETIC respondents and one approved update (module-scoped, so the writes commit for the server)."""
    with django_db_blocker.unblock():
        plan = Plan.objects.get()
        engagement = Engagement.objects.create(plan=plan, slug="synthetic-browser", name="Synthetic survey")
        Respondent.objects.bulk_create(
            Respondent(
                engagement=engagement,
                source_id_hash=f"b{row}",
                row=row + 2,
                age_band=("16-24", "45-54", "65-74")[row % 3],
                sex="female" if row % 5 < 3 else "male",
                ethnic_group="white" if row % 10 else "asian",
                disability="yes" if row % 4 == 0 else "no",
                carer="yes" if row % 6 == 0 else "no",
                ward=WARDS[row % len(WARDS)],
            )
            for row in range(120)
        )
        action = plan.priorities.get(slug="climate-friendly").actions.get(number=5)
        for quarter, status, text in (
            (1, Status.ON_TRACK, "SYNTHETIC: the first trees went in along the river."),
            (2, Status.AT_RISK, "SYNTHETIC: planting paused for a dry spring; it restarts in the autumn."),
        ):
            period = Period(2026, quarter, 3)
            Update.objects.create(
                action=action,
                period=period.label,
                period_start=period.start,
                period_end=period.end,
                status=status,
                narrative=text,
                state=Update.State.APPROVED,
                reviewed_at=timezone.make_aware(dt.datetime(2026, 3 * quarter + 1, 15, 10, 0)),
            )
    cache.clear()
    yield
    with django_db_blocker.unblock():
        engagement.delete()
        Update.objects.filter(action=action).delete()
        Update.history.model.objects.filter(action_id=action.pk).delete()  # the audit trail the writes left
    cache.clear()


@pytest.mark.parametrize(
    ("path", "shot", "expected"),
    [
        ("/what-we-heard/who-we-heard-from/", "who-we-heard-from-filled.png", "Ward not on current boundaries"),
        ("/you-said-we-did/", "you-said-we-did-filled.png", "Status changed from on track to at risk"),
    ],
)
def test_filled_voice_pages_are_accessible(filled, browser, site, path, shot, expected):
    context = browser.new_context(viewport=DESKTOP)
    try:
        tab = context.new_page()
        tab.goto(site(path))
        assert expected in tab.locator("main").inner_text()
        violations = Axe().run(tab, options=AXE_OPTIONS).response["violations"]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / shot), full_page=True)
    finally:
        context.close()
    assert not violations, format_violations(violations)

"""Delivery against outcomes: where a priority's actions are reported on track but its measures worsen (or the
reverse), the priority page and the performance team's dashboard say so in one sentence, linking to both sides."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from onestockport.delivery.models import Status, Update
from onestockport.delivery.permissions import Role
from onestockport.indicators.models import Indicator, Observation, Release
from onestockport.places.models import Area
from onestockport.plans.models import Action

from .factories import make_update, make_user

pytestmark = pytest.mark.django_db

SENTENCE = (
    "Both actions with an approved update are reported on track or complete, "
    "but 1 of its measures is worsening and none is improving."
)
ACTIONS_LINK = 'href="/actions/?priority=climate-friendly"'
MEASURES_LINK = 'href="/measures/?priority=climate-friendly&amp;filter=getting-worse"'


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def _recycling_series(values: list[float]) -> None:
    """Household waste recycled (higher is better, a direct measure of climate-friendly/waste-and-recycling),
    one financial year each, for the plan's place."""
    indicator = Indicator.objects.get(slug="household-waste-recycling-rate")
    release = Release.objects.create(format="test", file_name="synthetic-recycling.csv", checksum="0" * 64)
    place = Area.objects.get(code="E08000007")
    for offset, value in enumerate(values):
        year = 2019 + offset
        Observation.objects.create(
            indicator=indicator,
            area=place,
            period_label=f"{year}/{str(year + 1)[2:]}",
            period_start=dt.date(year, 4, 1),
            period_end=dt.date(year + 1, 3, 31),
            period_kind=Observation.PeriodKind.FINANCIAL_YEAR,
            value=value,
            release=release,
        )


def _on_track(*numbers: int) -> None:
    for number in numbers:
        action = Action.objects.get(priority__slug="climate-friendly", number=number)
        make_update(action, state=Update.State.APPROVED, status=Status.ON_TRACK)


def _dashboard(client) -> str:
    client.force_login(make_user("officer", Role.PERFORMANCE_OFFICER))
    return client.get("/delivery/dashboard/").content.decode()


def test_actions_on_track_while_a_direct_measure_worsens(client, indicator_plan):
    _recycling_series([52.0, 50.5, 48.0, 46.5, 44.0])  # falling 8 points: worsening
    _on_track(1, 2)

    page = client.get("/priorities/climate-friendly/").content.decode()
    summary = page[page.index('id="how-it-is-doing"') : page.index('id="contents-heading"')]
    assert SENTENCE in _words(summary)
    assert ACTIONS_LINK in summary
    assert MEASURES_LINK in summary

    dashboard = _dashboard(client)
    assert SENTENCE[0].lower() + SENTENCE[1:] in _words(dashboard)  # after the priority's name
    assert 'href="/priorities/climate-friendly/"' in dashboard
    assert ACTIONS_LINK in dashboard
    assert MEASURES_LINK in dashboard


def test_no_sentence_when_the_two_sides_agree(client, indicator_plan):
    _recycling_series([44.0, 46.5, 48.0, 50.5, 52.0])  # rising: improving, as the actions are on track
    _on_track(1, 2)

    assert "with an approved update" not in client.get("/priorities/climate-friendly/").content.decode()
    assert "with an approved update" not in _dashboard(client)

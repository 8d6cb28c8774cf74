"""`onestockport report poster` on a synthetic plan in the database: 12 priorities with 150-character
names and long measures, and the site's name from the plan's `place` section (never a literal)."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from onestockport.cli import cli
from onestockport.plans.models import Measure

from ..delivery.factories import ActionFactory, PlanFactory, PriorityFactory, ThemeFactory

pytestmark = pytest.mark.django_db

NAME = "Synthetic priority {n} so that everyone in the synthetic area can find a good home, good work and good care"


@pytest.fixture
def long_plan(db):
    plan = PlanFactory(
        title="Synthetic long plan",
        place_settings={"site_name": "Synthetic Site Name", "name": "Synthetic area", "kind": "city"},
    )
    for t in range(3):
        theme = ThemeFactory(plan=plan, name=f"Synthetic theme {t + 1}", tagline="A synthetic tagline " * 4)
        for p in range(4):
            n = t * 4 + p + 1
            name = (NAME.format(n=n) + " in every neighbourhood")[:150]
            priority = PriorityFactory(plan=plan, theme=theme, slug=f"p{n}", name=name, ambition="Synthetic. " * 30)
            for a in range(5):
                ActionFactory(priority=priority, number=a + 1)
            for m in range(4):
                Measure.objects.create(
                    priority=priority, slug=f"m{m}", position=m, text="A long synthetic measure of success. " * 10
                )
    return plan


def test_a_plan_of_twelve_long_priorities_prints(long_plan, tmp_path):
    out = tmp_path / "poster.pdf"
    result = CliRunner().invoke(cli, ["report", "poster", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Synthetic Site Name · Synthetic long plan" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Author:          Synthetic Site Name" in info
    for n in (1, 12):
        assert NAME.format(n=n)[:60] in text


def test_a_snapshot_finds_the_place_by_the_plans_own_code(db):
    """A plan with a `place: code` and no geography section still has its figures' area."""
    from onestockport.places.models import Area
    from onestockport.reports.snapshot import take_snapshot

    Area.objects.create(code="E08999999", name="Synthetic area", level=Area.Level.LOCAL_AUTHORITY)
    plan = PlanFactory(
        geography={},
        place_settings={
            "site_name": "Synthetic Site Name",
            "name": "Synthetic area",
            "kind": "city",
            "code": "E08999999",
        },
    )
    ThemeFactory(plan=plan)
    snapshot = take_snapshot(plan, year=2025)
    assert (snapshot.place, snapshot.site_name) == ("Synthetic area", "Synthetic Site Name")

"""What each endpoint answers, checked against the database and the verdicts the site computes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from onestockport.delivery.models import Status, Update
from onestockport.indicators.models import Indicator, Observation
from onestockport.indicators.selectors import place_area
from onestockport.indicators.verdicts import verdict_for
from onestockport.plans.models import Action, Measure, Priority

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published_plan")]

V1 = "/api/v1"


def _walk(client, url: str) -> list[dict]:
    """Every item of a list, following `next` from page to page."""
    items, pages = [], 0
    while url:
        body = client.get(url).json()
        items.extend(body["items"])
        url, pages = body["next"], pages + 1
        assert pages < 100
    return items


def test_plan_counts_its_parts(client, published_plan):
    body = client.get(f"{V1}/plan").json()

    assert body["slug"] == published_plan.slug
    assert body["title"] == published_plan.title
    assert body["counts"]["priorities"] == 9
    assert body["counts"]["actions"] == 68
    assert body["counts"]["measures"] == 44
    assert body["counts"]["observations"] == Observation.objects.filter(is_current=True).count()


def test_nine_priorities_in_the_plans_order(client, published_plan):
    body = client.get(f"{V1}/priorities").json()

    assert body["count"] == 9
    assert [p["slug"] for p in body["items"]] == list(
        Priority.objects.filter(plan=published_plan).order_by("position").values_list("slug", flat=True)
    )
    assert all(p["url"].startswith("http://testserver/priorities/") for p in body["items"])


def test_a_priority_has_its_ambition_actions_statuses_and_measures(client, published_plan):
    priority = Priority.objects.get(plan=published_plan, slug="climate-friendly")
    body = client.get(f"{V1}/priorities/climate-friendly").json()

    assert body["ambition"] == priority.ambition
    assert [a["number"] for a in body["actions"]] == list(
        priority.actions.order_by("number").values_list("number", flat=True)
    )
    assert {c["status"]: c["count"] for c in body["status_counts"]}["no-update"] == priority.actions.count()
    assert [m["slug"] for m in body["measures"]] == list(priority.measures.values_list("slug", flat=True))


def test_sixty_eight_actions_across_pages(client, published_plan):
    items = _walk(client, f"{V1}/actions?limit=25")

    assert len(items) == 68
    expected = [
        f"{slug}/{number}"
        for slug, number in Action.objects.filter(priority__plan=published_plan)
        .order_by("priority__position", "number")
        .values_list("priority__slug", "number")
    ]
    assert [item["id"] for item in items] == expected


def test_actions_filter_by_priority_theme_and_status(client, published_plan):
    climate = client.get(f"{V1}/actions?priority=climate-friendly").json()
    theme = client.get(f"{V1}/actions?theme=one-heart&limit=500").json()

    assert climate["count"] == Action.objects.filter(priority__slug="climate-friendly").count()
    assert {item["priority"] for item in climate["items"]} == {"climate-friendly"}
    assert theme["count"] == Action.objects.filter(priority__theme__slug="one-heart").count()
    assert client.get(f"{V1}/actions?status=no-update").json()["count"] == 68
    assert client.get(f"{V1}/actions?status=on-track").json()["count"] == 0
    assert client.get(f"{V1}/actions?priority=no-such-priority").json()["count"] == 0


def test_an_approved_status_is_shown_and_filtered(client, published_plan):
    """Approved inside this test's transaction (rolled back); a later draft is not public."""
    action = Action.objects.get(priority__slug="climate-friendly", number=1)
    approved = {"action": action, "narrative": "Planting has started.", "state": Update.State.APPROVED}
    Update.objects.create(
        **approved,
        period="2026-Q2",
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2026, 6, 30),
        status=Status.AT_RISK,
        reviewed_at=timezone.make_aware(dt.datetime(2026, 7, 10, 9, 0)),
    )
    Update.objects.create(
        **approved,
        period="2026-Q3",
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 9, 30),
        status=Status.ON_TRACK,
        reviewed_at=timezone.make_aware(dt.datetime(2026, 10, 12, 9, 0)),
    )
    Update.objects.create(
        action=action,
        narrative="Draft.",
        period="2026-Q4",
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 12, 31),
        status=Status.OFF_TRACK,
    )

    detail = client.get(f"{V1}/actions/climate-friendly/1").json()
    on_track = client.get(f"{V1}/actions?status=on-track").json()

    assert detail["status"] == {
        "status": "on-track",
        "label": "On track",
        "period": "2026-Q3",
        "approved_on": "2026-10-12",
    }
    assert [item["id"] for item in on_track["items"]] == ["climate-friendly/1"]
    assert client.get(f"{V1}/actions?status=off-track").json()["count"] == 0


def test_an_action_has_its_text_and_commitments(client):
    action = Action.objects.filter(commitments__isnull=False).select_related("priority").first()
    body = client.get(f"{V1}/actions/{action.priority.slug}/{action.number}").json()

    assert body["text"] == action.text.replace("**", "")
    assert [c["wording"] for c in body["commitments"]] == list(action.commitments.values_list("wording", flat=True))
    assert body["status"]["label"] == "No update yet"


def test_measures_list_their_indicators_with_latest_verdicts(client, published_plan):
    items = _walk(client, f"{V1}/measures?limit=20")

    assert len(items) == 44
    measure = Measure.objects.get(priority__slug="healthy-and-happy", slug="healthy-life-expectancy-gap")
    body = next(item for item in items if item["id"] == "healthy-and-happy/healthy-life-expectancy-gap")
    assert [i["id"] for i in body["indicators"]] == list(
        measure.indicators.order_by("position").values_list("slug", flat=True)
    )
    hle = next(i for i in body["indicators"] if i["id"] == "healthy-life-expectancy-female")
    verdict = verdict_for(Indicator.objects.get(slug="healthy-life-expectancy-female"), place_area(published_plan))
    assert hle["verdict"]["sentence"] == verdict.sentence
    assert hle["verdict"]["latest"]["value"] == verdict.latest.value


def test_an_indicators_verdict_equals_the_sites(client, published_plan):
    indicator = Indicator.objects.get(plan=published_plan, slug="healthy-life-expectancy-female")
    verdict = verdict_for(indicator, place_area(published_plan))
    body = client.get(f"{V1}/indicators/{indicator.slug}").json()
    published = body["verdict"]

    assert published["area_code"] == "E08000007"
    assert published["sentence"] == verdict.sentence
    assert published["latest"]["period"] == verdict.latest.period_label
    assert published["latest"]["value"] == verdict.latest.value
    assert published["latest"]["lower_95"] == verdict.latest.lower_95
    assert [(c["area_code"], c["benchmark_95"], c["benchmark_998"]) for c in published["comparators"]] == [
        (c.area.code, str(c.benchmark_95), str(c.benchmark_998)) for c in verdict.comparators
    ]
    assert published["trend"]["assessment"] == str(verdict.trend.assessment)
    # Its source and period, as the indicator page gives them.
    assert body["source"]["publisher"] == indicator.publisher
    assert body["source"]["licence"] == indicator.licence
    assert body["latest_period"] == verdict.series[-1].period_label
    assert body["observations"] == Observation.objects.filter(indicator=indicator, is_current=True).count()


def test_a_target_verdict_is_published(client, published_plan):
    body = client.get(f"{V1}/indicators/greenhouse-gas-emissions-per-capita").json()
    verdict = verdict_for(Indicator.objects.get(slug="greenhouse-gas-emissions-per-capita"), place_area(published_plan))

    assert body["verdict"]["target"]["year"] == 2038
    assert body["verdict"]["target"]["status"] == str(verdict.target.status)


def test_a_local_data_indicator_has_no_verdict(client):
    body = client.get(f"{V1}/indicators/settings-good-or-outstanding").json()

    assert body["status"] == "local-data-needed"
    assert body["verdict"] is None
    assert body["data_needed"]


def test_indicators_filter_by_status_and_measure(client, published_plan):
    published = client.get(f"{V1}/indicators?status=published&limit=1").json()
    serving = client.get(f"{V1}/indicators?measure=caring-and-growing/school-readiness").json()

    assert published["count"] == Indicator.objects.filter(plan=published_plan, status="published").count()
    measure = Measure.objects.get(priority__slug="caring-and-growing", slug="school-readiness")
    assert {item["id"] for item in serving["items"]} == set(measure.indicators.values_list("slug", flat=True))


def test_observations_filter_by_area_and_period(client):
    everything = client.get(f"{V1}/observations?limit=1").json()
    stockport = client.get(f"{V1}/observations?area=E08000007&indicator=healthy-life-expectancy-female").json()
    one_period = client.get(f"{V1}/observations?area=E08000007&period=2022-24&limit=500").json()

    assert everything["count"] == Observation.objects.filter(is_current=True).count()
    expected = Observation.objects.filter(
        area__code="E08000007", indicator__slug="healthy-life-expectancy-female", is_current=True
    )
    assert stockport["count"] == expected.count() > 0
    assert {(o["area_code"], o["indicator"]) for o in stockport["items"]} == {
        ("E08000007", "healthy-life-expectancy-female")
    }
    assert (
        one_period["count"]
        == Observation.objects.filter(area__code="E08000007", period_label="2022-24", is_current=True).count()
    )
    assert {o["period"] for o in one_period["items"]} == {"2022-24"}
    assert all(o["publisher"] and o["source_file"] for o in one_period["items"])
    assert client.get(f"{V1}/observations?area=W99999999").json()["count"] == 0


def test_themes_and_one_theme(client):
    themes = client.get(f"{V1}/themes").json()
    one = client.get(f"{V1}/themes/one-heart").json()

    assert themes["count"] == 3
    assert one["slug"] == "one-heart"
    assert {p["theme"] for p in one["priorities"]} == {"one-heart"}


def test_sub_items_lose_the_plan_files_emphasis_marks(client):
    action = next(a for a in Action.objects.select_related("priority") if any("**" in item for item in a.sub_items))
    body = client.get(f"{V1}/actions/{action.priority.slug}/{action.number}").json()

    assert body["sub_items"] == [item.replace("**", "") for item in action.sub_items]

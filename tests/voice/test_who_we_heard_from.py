"""Who we heard from (six characteristics against Census 2021, wards on current boundaries only) and
"you said, we did" (each action's latest approved status and update). Census figures are the real
shipped files; respondents and delivery updates are SYNTHETIC."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from onestockport.delivery.models import Status, Update
from onestockport.delivery.periods import Period
from onestockport.plans.place import place_from_file
from onestockport.voice import current_wards, population
from onestockport.voice.action_progress import lead_sentences
from onestockport.voice.models import Engagement, Respondent
from onestockport.voice.who_we_heard import NOT_ON_CURRENT_BOUNDARIES, who_we_heard_from

RAW = Path(settings.ONESTOCKPORT_DATA_DIR) / "raw"
CODE = place_from_file(Path(settings.ONESTOCKPORT_PLAN_FILE)).code
WHO = "/what-we-heard/who-we-heard-from/"


def _csv_sum(relative: str, column: str, prefix: str) -> float:
    """Straight from the shipped census file: the council's rows whose category starts with `prefix`."""
    with (RAW / relative).open(encoding="utf-8-sig", newline="") as handle:
        return sum(
            float(row["value"])
            for row in csv.DictReader(handle)
            if row["area_code"] == CODE and row[column].startswith(prefix)
        )


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# ---------------------------------------------------------------------------------------------- census figures


def test_sex_is_the_census_count():
    counts = population.sex_population(RAW, CODE).counts
    assert counts == {"female": _csv_sum(population.SEX_FILE, "indicator", "Female"), "male": 143_400}
    assert counts["female"] == 151_373


def test_ethnic_groups_are_the_five_high_level_groups_summed_from_nineteen():
    counts = population.ethnic_group_population(RAW, CODE).counts
    assert set(counts) == {"asian", "black", "mixed", "white", "other"}
    file = population.ETHNIC_GROUP_FILE
    assert counts["asian"] == _csv_sum(file, "ethnic_group", "Asian, Asian British or Asian Welsh:")
    assert counts["asian"] == 963 + 2_306 + 4_433 + 10_953 + 2_809
    assert counts["white"] == 245_831 + 4_174 + 90 + 132 + 7_303
    assert sum(counts.values()) == _csv_sum(file, "ethnic_group", "")


def test_disabled_means_disabled_under_the_equality_act_of_all_residents():
    found = population.disability_population(RAW, CODE)
    assert found.counts["yes"] == 22_708 + 30_785  # limited a lot + a little
    assert found.counts["no"] == 22_811 + 218_469  # includes a condition that does not limit
    assert sum(found.counts.values()) == population.sex_population(RAW, CODE).counts["female"] + 143_400
    assert found.base == "usual residents"


def test_unpaid_care_is_any_hours_of_residents_aged_5_and_over():
    found = population.carer_population(RAW, CODE)
    assert found.counts["yes"] == _csv_sum(population.UNPAID_CARE_FILE, "unpaid_care", "Provides ") - 251_993
    assert found.counts["yes"] == 10_028 + 3_729 + 2_455 + 2_516 + 7_475
    # The base is smaller than all residents: the census asks only people aged 5 and over.
    assert sum(found.counts.values()) == 278_196 < 294_773
    assert found.base == "usual residents aged 5 and over"


def test_ward_population_is_census_2021_on_current_wards_only():
    found = current_wards.current_ward_population(RAW, CODE)
    current = {ward.name for ward in population.wards(RAW, CODE) if ward.vintage == "2023"}
    assert set(found.counts) == current
    assert len(current) == 21
    assert "Stepping Hill" not in found.counts  # a ward of before May 2023 only
    # Every LSOA of the borough counted once: the wards add up to the LSOAs' census total.
    assert len(current_wards.lsoa_current_wards(RAW, CODE)) == 191
    assert sum(found.counts.values()) == pytest.approx(294_770)
    assert all(10_000 < count < 20_000 for count in found.counts.values())
    assert "Census 2021" in found.source


def test_an_earlier_ward_maps_to_a_current_ward_only_when_it_lies_wholly_inside_it():
    mapped = current_wards.previous_to_current(RAW, CODE)
    names = {ward.code: ward.name for ward in population.wards(RAW, CODE)}
    assert names[mapped["E05000784"]] == "Cheadle West & Gatley"  # Cheadle and Gatley
    assert "E05000799" not in mapped  # Stepping Hill was split between current wards


# ---------------------------------------------------------------------------------------------- the comparison


@pytest.fixture
def surveyed(loaded_plan):
    """SYNTHETIC respondents: 60 women and 40 men, every characteristic answered, wards current and earlier."""
    engagement = Engagement.objects.create(plan=loaded_plan, slug="synthetic", name="Synthetic survey", published=True)
    rows = []
    for row in range(100):
        if row < 50:
            ward = "Manor"
        elif row < 70:
            ward = "Offerton"
        elif row < 80:
            ward = "Cheadle and Gatley"  # earlier ward lying wholly in Cheadle West & Gatley
        elif row < 90:
            ward = "Stepping Hill"  # earlier ward split between current wards
        else:
            ward = ""
        rows.append(
            Respondent(
                engagement=engagement,
                source_id_hash=f"h{row}",
                row=row + 2,
                age_band="45-54" if row % 2 else "65-74",
                sex="female" if row < 60 else "male",
                ethnic_group="white" if row < 90 else "asian",
                disability="yes" if row < 30 else "no",
                carer="yes" if row < 20 else ("no" if row < 95 else "prefer-not-to-say"),
                ward=ward,
            )
        )
    Respondent.objects.bulk_create(rows)
    return engagement


def test_each_characteristic_is_compared_with_real_census_shares(surveyed):
    who = who_we_heard_from(surveyed.plan)
    assert [item.slug for item in who.characteristics] == [
        "age",
        "sex",
        "ethnic-group",
        "disability",
        "unpaid-care",
        "ward",
    ]
    female = who.get("sex").result.groups[0]
    assert female.respondent_share == pytest.approx(60.0)
    assert female.population_share == pytest.approx(100 * 151_373 / 294_773)
    assert female.lower < 60 < female.upper
    assert female.verdict == "in-line"  # 51.4% lies inside the interval around 60%
    disabled = who.get("disability").result.groups[0]
    assert disabled.population_share == pytest.approx(100 * 53_493 / 294_773)
    assert disabled.verdict == "over-represented"  # 30% (interval 22% to 40%) against 18.1%
    carers = who.get("unpaid-care").result
    assert carers.groups[0].respondent_share == pytest.approx(100 * 20 / 95)  # "prefer not to say" left out
    assert carers.groups[0].population_share == pytest.approx(100 * 26_203 / 278_196)
    assert carers.not_stated_display == "5"
    asian = who.get("ethnic-group").result.groups[0]
    assert asian.population_share == pytest.approx(100 * 21_464 / 294_770)


def test_wards_are_current_only_and_an_earlier_ward_is_not_mixed_in(surveyed):
    current = set(current_wards.current_ward_names(RAW, CODE).values())
    # 5 more in every current ward, so that no ward is withheld (empty wards would make small ones "not shown").
    Respondent.objects.bulk_create(
        Respondent(engagement=surveyed, source_id_hash=f"w{n}", row=200 + n, ward=name)
        for n, name in enumerate(sorted(current) * 5)
    )
    ward = who_we_heard_from(surveyed.plan).get("ward")
    assert {group.label for group in ward.result.groups} == current
    counts = {group.label: group.display for group in ward.result.groups}
    assert counts["Manor"] == "55"
    assert counts["Cheadle West & Gatley"] == "15"  # 10 mapped: the earlier ward lies wholly inside it
    assert counts["Heald Green"] == "5"
    assert ward.result.other_rows == [(NOT_ON_CURRENT_BOUNDARIES, "10")]  # Stepping Hill
    assert ward.result.not_stated_display == "10"
    manor = next(group for group in ward.result.groups if group.label == "Manor")
    assert manor.respondent_share == pytest.approx(100 * 55 / 185)  # of respondents placed in a current ward
    assert ward.result.table.total == 205


def test_the_page_has_a_table_for_each_of_the_six_characteristics(client, surveyed):
    response = client.get(WHO)
    page = response.content.decode()
    words = text_of(response)
    assert page.count("<table") == 6
    for caption in ("age", "sex", "ethnic group", "disability", "unpaid care", "ward"):
        assert f"Respondents and residents by {caption}</caption>" in page
    assert page.count('scope="col"') == 6 * 6
    assert "Stepping Hill" not in words
    assert NOT_ON_CURRENT_BOUNDARIES in words
    assert "Over-represented: Disabled." in words
    assert "shares of usual residents aged 5 and over" in words
    assert "disabled under the Equality Act" in words
    # The share and its interval side by side, and the verdict never against them.
    assert re.search(r"Female 60 60\.0% 50\.2% to 69\.1% 51\.4% No clear difference", words)
    assert page.count('role="img"') == 5  # a chart for each table but the wards'


def test_the_page_without_responses_shows_residents_for_each_characteristic(client, loaded_plan):
    words = text_of(client.get(WHO))
    for caption in ("age", "sex", "ethnic group", "disability", "unpaid care", "ward"):
        assert f"Stockport's residents by {caption}" in words
    assert "Heald Green" in words
    assert "Stepping Hill" not in words


# ---------------------------------------------------------------------------------------------- you said, we did


def _update(action, *, quarter: int, status: str, state: str = Update.State.APPROVED, narrative: str) -> Update:
    period = Period(2026, quarter, 3)
    return Update.objects.create(
        action=action,
        period=period.label,
        period_start=period.start,
        period_end=period.end,
        status=status,
        narrative=narrative,
        state=state,
        reviewed_at=timezone.make_aware(dt.datetime(2026, 3 * quarter + 1 if quarter < 4 else 12, 15, 10, 0))
        if state == Update.State.APPROVED
        else None,
    )


def test_you_said_we_did_shows_the_latest_approved_status_update_and_date(client, loaded_plan):
    climate = loaded_plan.priorities.get(slug="climate-friendly")
    action = climate.actions.get(number=5)
    _update(action, quarter=1, status=Status.ON_TRACK, narrative="SYNTHETIC: the first trees went in.")
    _update(action, quarter=2, status=Status.AT_RISK, narrative="SYNTHETIC: planting paused for a dry spring.")
    # Sent in but not approved: never shown.
    _update(action, quarter=3, status=Status.COMPLETE, state=Update.State.SUBMITTED, narrative="SYNTHETIC: secret.")

    words = text_of(client.get("/you-said-we-did/"))

    section = words[words.index(f"Action 5: {action.title}") :]
    section = section[: section.index("Action 6:")] if "Action 6:" in section else section
    assert "At risk" in section
    assert "SYNTHETIC: planting paused for a dry spring." in section
    assert "15 July 2026" in section
    assert "Status changed from on track to at risk since the 2026-Q1 update." in section
    assert "secret" not in words
    assert "first trees" not in words  # only the latest approved update's text
    # An action with no approved update says so plainly.
    other = words[words.index("Action 1:") :]
    assert "No update yet" in other[:1500]
    assert "No update on this action has been approved for publication yet." in other[:1500]


def test_a_long_update_is_never_cut_mid_sentence(client, loaded_plan):
    action = loaded_plan.priorities.get(slug="climate-friendly").actions.get(number=5)
    long = "SYNTHETIC: first sentence of the update. " + " ".join(["The planting goes on along the river."] * 12)
    _update(action, quarter=1, status=Status.ON_TRACK, narrative=long)

    page = client.get("/you-said-we-did/").content.decode()

    assert "<details" in page
    assert long.strip() in page  # the whole text, inside the details element
    lead = lead_sentences(long)
    assert lead.endswith(".")
    assert lead
    assert long.startswith(lead)


def test_plan_sub_points_stay_whole(client, loaded_plan):
    words = text_of(client.get("/you-said-we-did/"))
    lead_in = "Children and young people have told us they want to be able to say"
    assert lead_in in words
    after = words[words.index(lead_in) :]
    for sub_point in ("I feel safe", "My voice is heard", "The people who love and care for me are enabled to do this"):
        assert sub_point in after[:600]
    # An action's own sub-points and full sentence, not only its short title.
    action = "Support children to start well and increase school readiness through the delivery of our joint strategy"
    assert action in words


def test_every_group_the_plan_lists_is_shown(client, loaded_plan):
    groups = loaded_plan.engagement["groups"]
    assert len(groups) > 14
    words = text_of(client.get(WHO))
    assert groups[-1] in words

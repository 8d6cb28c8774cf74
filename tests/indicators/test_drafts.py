"""A real Fingertips export for an indicator the catalogue lacks, imported as a draft, then published by staff."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from onestockport.api.selectors import observations as api_observations
from onestockport.cli import cli
from onestockport.errors import InvalidInputError, OneStockportError
from onestockport.indicators.drafts import import_as_draft, publish_draft
from onestockport.indicators.models import Indicator, Observation, Release
from onestockport.indicators.selectors import get_indicator
from onestockport.indicators.services import import_file, load_catalogue
from onestockport.opendata.rows import current_observations, release_rows
from onestockport.plans.models import Measure
from tests.indicators.importers.support import DATA

pytestmark = pytest.mark.django_db
ALCOHOL = DATA / "layouts" / "fingertips" / "unmet_alcohol.csv"
NAME = "Proportion of dependent drinkers not in treatment (%) (Current method)"
SLUG = "proportion-of-dependent-drinkers-not-in-treatment-current-method"


@pytest.fixture
def measure_key(indicator_plan) -> str:
    measure = Measure.objects.filter(priority__plan=indicator_plan).select_related("priority").first()
    return f"{measure.priority.slug}/{measure.slug}"


def test_plain_import_still_refuses_a_file_no_indicator_reads(indicator_plan):
    with pytest.raises(OneStockportError, match="no indicator in the catalogue reads the 'fingertips' format"):
        import_file(plan=indicator_plan, format_name="fingertips", path=ALCOHOL)


def test_a_draft_is_built_from_the_files_own_metadata(indicator_plan):
    report = import_as_draft(plan=indicator_plan, format_name="fingertips", path=ALCOHOL)

    draft = Indicator.all_objects.get(plan=indicator_plan, slug=SLUG)
    assert report.created == [SLUG]
    assert (draft.title, draft.status, draft.origin) == (NAME, "draft", "file")
    assert draft.polarity == Indicator.Polarity.NO_JUDGEMENT
    assert draft.measures.count() == 0
    assert draft.publisher == "Office for Health Improvement and Disparities (Fingertips)"
    assert draft.dataset == "indicator 93532"
    assert draft.source == {"format": "fingertips", "file": "unmet_alcohol.csv", "selectors": {"indicator": NAME}}
    assert draft.geographies == ["country", "local-authority"]
    # 17 rows: 15 upper-tier rows and England twice (2018/19 and 2019/20), all in the area register.
    assert report.rows.added == 17
    assert Observation.objects.filter(indicator=draft).count() == 17
    assert Release.objects.get().indicators == [SLUG]


def test_importing_the_same_file_again_changes_nothing(indicator_plan):
    import_as_draft(plan=indicator_plan, format_name="fingertips", path=ALCOHOL)

    again = import_as_draft(plan=indicator_plan, format_name="fingertips", path=ALCOHOL)

    assert again.rows.already_imported
    assert (again.created, again.updated) == ([], [SLUG])
    assert Indicator.all_objects.filter(status=Indicator.Status.DRAFT).count() == 1
    assert Observation.objects.count() == 17


def test_a_draft_is_not_public(indicator_plan, client):
    import_as_draft(plan=indicator_plan, format_name="fingertips", path=ALCOHOL)
    draft = Indicator.all_objects.get(slug=SLUG)

    assert not Indicator.objects.filter(slug=SLUG).exists()
    assert draft not in indicator_plan.indicators.all()
    assert get_indicator(indicator_plan, SLUG) is None
    assert not current_observations(indicator_plan).filter(indicator=draft).exists()
    assert not api_observations(indicator_plan, indicator=SLUG).exists()
    assert "unmet_alcohol.csv" not in {row["file_name"] for row in release_rows(indicator_plan)}
    assert client.get(f"/indicators/{SLUG}/").status_code == 404
    assert client.get(f"/indicators/{SLUG}.csv").status_code == 404
    assert client.get(f"/api/v1/indicators/{SLUG}").status_code == 404
    listed, url = [], "/api/v1/indicators"
    while url:
        body = client.get(url).json()
        listed.extend(item["id"] for item in body["items"])
        url = body["next"]
    assert listed
    assert SLUG not in listed


def test_staff_publish_a_draft_and_it_survives_a_catalogue_reload(indicator_plan, measure_key, catalogue, client):
    import_as_draft(plan=indicator_plan, format_name="fingertips", path=ALCOHOL)
    draft = Indicator.all_objects.get(slug=SLUG)

    publish_draft(
        draft, polarity="lower-is-better", measures=[measure_key], by="A. Analyst", match={measure_key: "partial"}
    )
    load_catalogue(plan=indicator_plan, catalogue=catalogue)

    published = Indicator.objects.get(slug=SLUG)
    assert (published.status, published.polarity, published.confirmed_by) == (
        "published",
        "lower-is-better",
        "A. Analyst",
    )
    assert published.confirmed_at is not None
    assert published.match == {measure_key: "partial"}
    assert [f"{m.priority.slug}/{m.slug}" for m in published.measures.all()] == [measure_key]
    assert current_observations(indicator_plan).filter(indicator=published).count() == 17
    assert client.get(f"/indicators/{SLUG}/").status_code == 200


def test_a_published_draft_takes_the_next_export_through_the_normal_import(indicator_plan, measure_key, tmp_path):
    import_as_draft(plan=indicator_plan, format_name="fingertips", path=ALCOHOL)
    publish_draft(Indicator.all_objects.get(slug=SLUG), polarity="lower-is-better", measures=[measure_key], by="me")
    newer = tmp_path / "unmet_alcohol_2024.csv"
    text = ALCOHOL.read_text(encoding="utf-8")
    newer.write_text(text.replace(",79.89793213,", ",79.9,", 1), encoding="utf-8")  # synthetic revision

    report = import_file(plan=indicator_plan, format_name="fingertips", path=newer)

    assert (report.revised, report.added) == (1, 0)
    with pytest.raises(InvalidInputError, match="published indicator"):
        import_as_draft(plan=indicator_plan, format_name="fingertips", path=newer)


def test_publishing_checks_what_staff_confirm(indicator_plan, measure_key):
    import_as_draft(plan=indicator_plan, format_name="fingertips", path=ALCOHOL)
    draft = Indicator.all_objects.get(slug=SLUG)

    with pytest.raises(OneStockportError, match="at least one"):
        publish_draft(draft, polarity="lower-is-better", measures=[], by="me")
    with pytest.raises(OneStockportError, match="no measure"):
        publish_draft(draft, polarity="lower-is-better", measures=["no/such-measure"], by="me")
    with pytest.raises(OneStockportError, match="unknown polarity"):
        publish_draft(draft, polarity="up", measures=[measure_key], by="me")
    with pytest.raises(OneStockportError, match="who confirmed"):
        publish_draft(draft, polarity="lower-is-better", measures=[measure_key], by=" ")
    draft.refresh_from_db()
    assert draft.status == Indicator.Status.DRAFT
    publish_draft(draft, polarity="lower-is-better", measures=[measure_key], by="me")
    with pytest.raises(OneStockportError, match="not a draft"):
        publish_draft(draft, polarity="lower-is-better", measures=[measure_key], by="me")


def test_an_unknown_area_leaves_the_database_unchanged(indicator_plan, tmp_path):
    broken = tmp_path / "unmet_alcohol.csv"
    broken.write_text(ALCOHOL.read_text(encoding="utf-8").replace("E10000031", "E10000099", 1), encoding="utf-8")

    with pytest.raises(InvalidInputError) as caught:
        import_as_draft(plan=indicator_plan, format_name="fingertips", path=broken)

    assert [problem.path for problem in caught.value.problems] == ["row 2, area code"]
    assert not Indicator.all_objects.filter(status=Indicator.Status.DRAFT).exists()
    assert not Release.objects.exists()


def test_the_command_line_imports_as_draft_and_publishes(indicator_plan, measure_key, tmp_path):
    runner = CliRunner()
    path = tmp_path / ALCOHOL.name
    shutil.copy(ALCOHOL, path)

    imported = runner.invoke(cli, ["data", "import", "fingertips", str(path), "--as-draft"], catch_exceptions=False)
    published = runner.invoke(
        cli,
        ["data", "publish-draft", SLUG, "--polarity", "lower-is-better", "--measure", measure_key, "--by", "Staff"],
        catch_exceptions=False,
    )

    assert imported.exit_code == 0, imported.output
    assert f"drafts created: {SLUG}" in imported.output
    assert published.exit_code == 0, published.output
    assert Indicator.objects.get(slug=SLUG).confirmed_by == "Staff"

"""Uploading a release in the browser: checked in full as a job, previewed with revised figures,
published in one transaction or thrown away; a published release can be withdrawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onestockport.delivery.permissions import Role
from onestockport.indicators.models import Indicator, Observation, Release, Upload
from onestockport.indicators.services import import_file
from onestockport.indicators.uploads import detect_format, example_csv
from onestockport.jobs.models import Job
from onestockport.stats.periods import parse_period
from tests.delivery.factories import make_user
from tests.queue import work_the_queue

pytestmark = pytest.mark.django_db

HLE = "healthy-life-expectancy-female"
DATA = Path(__file__).resolve().parents[1] / "data" / "importers"


@pytest.fixture
def officer(indicator_plan):
    return make_user("performance", Role.PERFORMANCE_OFFICER)


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def _revised_copy(hle_extract: Path, tmp_path: Path, value: str = "99.9") -> tuple[Path, str, str]:
    """The real extract with Stockport's latest female figure changed (a synthetic revision)."""
    lines = hle_extract.read_text(encoding="utf-8").splitlines(keepends=True)
    target = max(
        (i for i, line in enumerate(lines) if line.startswith("E08000007,") and "female" in line.lower()),
        key=lambda i: lines[i].split(",")[4],
    )
    cells = lines[target].split(",")
    old, period = cells[5], parse_period(cells[4]).label
    cells[5] = value
    lines[target] = ",".join(cells)
    path = tmp_path / "revised" / hle_extract.name
    path.parent.mkdir(exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")
    return path, old, period


def _upload(client, path: Path, format_name: str = "", captured=None):
    with path.open("rb") as handle:
        file = SimpleUploadedFile(path.name, handle.read(), content_type="text/csv")
    return client.post("/delivery/data/", {"file": file, "format": format_name})


def test_an_upload_is_checked_previewed_published_and_withdrawn(
    signed_in, officer, indicator_plan, hle_extract, tmp_path, django_capture_on_commit_callbacks
):
    import_file(plan=indicator_plan, format_name="ons-els", path=hle_extract)  # the release already on the site
    revised, old, period = _revised_copy(hle_extract, tmp_path)
    before = Observation.objects.filter(is_current=True).count()

    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(signed_in, revised)  # format left to detection
    upload = Upload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/delivery/data/uploads/{upload.pk}/"
    assert (upload.format, upload.detected, upload.state) == ("ons-els", True, Upload.State.CHECKING)
    work_the_queue()

    upload.refresh_from_db()
    assert upload.state == Upload.State.READY, upload.preview
    assert (upload.preview["added"], upload.preview["revised"]) == (0, 1)
    [change] = upload.preview["revisions"]
    assert (change["indicator"], change["area"], change["period"]) == (HLE, "E08000007", period)
    assert (change["old"], change["new"]) == (float(old), 99.9)
    assert Observation.objects.filter(is_current=True).count() == before  # the check wrote nothing
    page = signed_in.get(f"/delivery/data/uploads/{upload.pk}/").content.decode()
    assert "What publishing would change" in page
    assert f'<td class="govuk-table__cell govuk-table__cell--numeric">{float(old)}</td>' in page
    assert "99.9" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(f"/delivery/data/uploads/{upload.pk}/publish/")
    assert response.status_code == 302
    work_the_queue()
    upload.refresh_from_db()
    assert upload.state == Upload.State.PUBLISHED
    release = upload.release
    assert (release.imported_by, release.observations_revised, release.checksum) == (officer, 1, upload.checksum)
    current = Observation.objects.get(indicator__slug=HLE, area__code="E08000007", period_label=period, is_current=True)
    assert current.value == 99.9

    public = signed_in.get(f"/indicators/{HLE}/").content.decode()
    assert "revised on <time" in public
    assert "Where these figures came from, release by release" in public

    response = signed_in.post(f"/delivery/data/releases/{release.pk}/withdraw/", follow=True)
    assert "withdrawn: 1 figure(s) taken back, 1 earlier figure(s) restored" in response.content.decode()
    current = Observation.objects.get(indicator__slug=HLE, area__code="E08000007", period_label=period, is_current=True)
    assert current.value == float(old)
    assert Observation.objects.filter(is_current=True).count() == before
    public = signed_in.get(f"/indicators/{HLE}/").content.decode()
    assert "revised on <time" not in public
    assert "1 revised; withdrawn on" in public


def test_a_broken_file_is_refused_with_its_rows_named_and_cannot_be_published(
    signed_in, hle_extract, tmp_path, django_capture_on_commit_callbacks
):
    lines = hle_extract.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace("E08000007", "E0800007", 1).replace("E92000001", "E9200001", 1)
    broken = tmp_path / hle_extract.name
    broken.write_text("".join(lines), encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        _upload(signed_in, broken, "ons-els")
    work_the_queue()
    upload = Upload.objects.get()
    assert upload.state == Upload.State.REFUSED
    [problem] = upload.preview["problems"]
    assert problem["where"] == "row 3, column 'areacd'"
    page = signed_in.get(f"/delivery/data/uploads/{upload.pk}/").content.decode()
    assert "Rejected rows and why" in page
    assert "Publish</button>" not in page
    signed_in.post(f"/delivery/data/uploads/{upload.pk}/publish/")
    assert not Job.objects.filter(kind="publish-upload").exists()
    assert not Observation.objects.exists()
    assert not Release.objects.exists()


def test_an_upload_thrown_away_leaves_nothing(signed_in, hle_extract, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    with django_capture_on_commit_callbacks(execute=True):
        _upload(signed_in, hle_extract)
    upload = Upload.objects.get()
    assert default_storage.exists(upload.file)
    response = signed_in.post(f"/delivery/data/uploads/{upload.pk}/discard/")
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.state == Upload.State.DISCARDED
    assert not default_storage.exists(upload.file)
    work_the_queue()  # the queued check finds nothing to do with it
    assert not Observation.objects.exists()


def test_formats_are_detected_from_the_files_columns(tmp_path):
    assert detect_format(DATA / "fingertips_synthetic_export.csv") == "fingertips"
    assert detect_format(DATA / "employment-rate-uk-extract.csv") == "ons-els"
    assert detect_format(DATA / "tidy_example.csv") == "tidy"
    nonsense = tmp_path / "notes.csv"
    nonsense.write_text("colour,shape\nred,square\n", encoding="utf-8")
    with pytest.raises(Exception, match="matches no publisher format"):
        detect_format(nonsense)


def test_a_file_whose_format_cannot_be_told_asks_for_it(signed_in, tmp_path):
    nonsense = tmp_path / "notes.csv"
    nonsense.write_text("colour,shape\nred,square\n", encoding="utf-8")
    response = _upload(signed_in, nonsense)
    assert response.status_code == 400
    assert "choose the format" in response.content.decode()
    assert not Upload.objects.exists()


def test_a_release_revised_later_cannot_be_withdrawn_first(indicator_plan, hle_extract, tmp_path):
    from onestockport.indicators.releases import WithdrawRefused, withdraw_release

    import_file(plan=indicator_plan, format_name="ons-els", path=hle_extract)
    revised, _, _ = _revised_copy(hle_extract, tmp_path)
    import_file(plan=indicator_plan, format_name="ons-els", path=revised)
    first = Release.objects.get(file_name=hle_extract.name, observations_revised=0)
    with pytest.raises(WithdrawRefused, match="withdraw it first"):
        withdraw_release(first)


def test_the_template_and_its_example_download(signed_in, indicator_plan):
    template = signed_in.get("/delivery/data/tidy-template.csv")
    assert template.status_code == 200
    header = b"".join(template.streaming_content).decode().strip()
    assert header.startswith("indicator,area_code,area_name,period,value")
    example = example_csv()
    assert example.splitlines()[0] == header
    assert "Example row with made-up figures" in example
    assert (
        signed_in.get("/delivery/data/tidy-example.csv")["Content-Disposition"]
        == 'attachment; filename="tidy-example.csv"'
    )


def test_the_data_pages_are_for_the_performance_team(client, indicator_plan):
    from onestockport.plans.models import Partner

    client.force_login(make_user("editor", Role.PARTNER_EDITOR, Partner.objects.first()))
    assert client.get("/delivery/data/").status_code == 403
    assert client.get("/delivery/data/tidy-template.csv").status_code == 403


def test_a_file_for_a_new_indicator_becomes_a_draft_confirmed_in_the_browser(
    signed_in, indicator_plan, client, django_capture_on_commit_callbacks
):
    # A real Fingertips export of an indicator the catalogue lacks (layouts/fingertips/README.md).
    export = DATA / "layouts" / "fingertips" / "unmet_alcohol.csv"
    with django_capture_on_commit_callbacks(execute=True):
        _upload(signed_in, export)
    work_the_queue()
    upload = Upload.objects.get()
    assert upload.format == "fingertips"
    page = signed_in.get(f"/delivery/data/uploads/{upload.pk}/").content.decode()
    assert "Import as draft indicators" in page

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(f"/delivery/data/uploads/{upload.pk}/drafts/")
    work_the_queue()
    draft = Indicator.all_objects.get(status=Indicator.Status.DRAFT)
    assert signed_in.get(f"/indicators/{draft.slug}/").status_code == 404  # not public yet
    assert draft.title in signed_in.get("/delivery/data/").content.decode()

    form = signed_in.get(f"/delivery/data/drafts/{draft.slug}/").content.decode()
    assert "Confirm and publish" in form
    refused = signed_in.post(f"/delivery/data/drafts/{draft.slug}/", {"polarity": "lower-is-better"})
    assert refused.status_code == 400
    assert "Choose at least one of the plan&#x27;s measures" in refused.content.decode()

    measure = "healthy-and-happy/sustainable-health-and-care-provision"
    response = signed_in.post(
        f"/delivery/data/drafts/{draft.slug}/",
        {"polarity": "lower-is-better", "measures": [measure], "match": "context"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/indicators/{draft.slug}/"
    draft.refresh_from_db()
    assert (draft.status, draft.polarity, draft.match) == ("published", "lower-is-better", {measure: "context"})
    assert draft.confirmed_by
    assert signed_in.get(f"/indicators/{draft.slug}/").status_code == 200


def test_a_withdrawn_release_can_be_imported_again(indicator_plan, hle_extract, tmp_path):
    from onestockport.indicators.releases import withdraw_release

    import_file(plan=indicator_plan, format_name="ons-els", path=hle_extract)
    revised, _old, period = _revised_copy(hle_extract, tmp_path)
    import_file(plan=indicator_plan, format_name="ons-els", path=revised)
    release = Release.objects.get(observations_revised=1)
    withdraw_release(release)

    report = import_file(plan=indicator_plan, format_name="ons-els", path=revised)

    assert (report.already_imported, report.revised) == (False, 1)
    release.refresh_from_db()
    assert (release.withdrawn_at, release.observations_revised) == (None, 1)
    current = Observation.objects.get(indicator__slug=HLE, area__code="E08000007", period_label=period, is_current=True)
    assert current.value == 99.9


def test_the_history_counts_a_release_imported_again_once(indicator_plan, hle_extract, tmp_path):
    from onestockport.indicators.models import Indicator
    from onestockport.indicators.releases import indicator_history, withdraw_release

    import_file(plan=indicator_plan, format_name="ons-els", path=hle_extract)
    revised, _, _ = _revised_copy(hle_extract, tmp_path)
    import_file(plan=indicator_plan, format_name="ons-els", path=revised)
    release = Release.objects.get(observations_revised=1)
    withdraw_release(release)
    import_file(plan=indicator_plan, format_name="ons-els", path=revised)

    entries = {entry.release.pk: entry for entry in indicator_history(Indicator.objects.get(slug=HLE))}
    assert (entries[release.pk].added, entries[release.pk].revised) == (0, 1)

"""Background jobs: queued in the database, run by the worker, followed and downloaded in the browser."""

from __future__ import annotations

import pytest

from onestockport.delivery.models import Update
from onestockport.jobs import services
from onestockport.jobs.models import Job
from tests.queue import work_the_queue

from .factories import make_update
from .test_reports import PERIOD

pytestmark = pytest.mark.django_db


def _approved_update(world) -> None:
    make_update(world.own_action, period=PERIOD, state=Update.State.APPROVED, narrative="The hub opened.")


def test_a_board_pack_started_in_the_browser_runs_in_the_queue_and_downloads(
    world, client, django_capture_on_commit_callbacks
):
    _approved_update(world)
    client.force_login(world.users["performance-officer"])
    form = {"body": "work-and-skills-board", "period": PERIOD.label, "format": "csv"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/delivery/jobs/start/board-pack/", form)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/delivery/jobs/{job.pk}/"
    assert job.status == Job.Status.QUEUED
    assert job.task_id
    assert job.created_by == world.users["performance-officer"]

    work_the_queue()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.summary == "3 actions of Work and Skills Board, 1 approved update(s) for 2026-Q3"
    assert [output["name"] for output in job.outputs] == ["board-pack-work-and-skills-board-2026-Q3.csv"]
    page = client.get(f"/delivery/jobs/{job.pk}/").content.decode()
    assert "Finished" in page
    assert "board-pack-work-and-skills-board-2026-Q3.csv" in page
    download = client.get(f"/delivery/jobs/{job.pk}/files/0/")
    assert download.status_code == 200
    body = b"".join(download.streaming_content).decode()
    assert "The hub opened." in body


def test_a_job_is_run_once_even_if_its_task_comes_twice(world):
    job = services._create(
        "board-pack",
        {"plan": world.plan.slug, "body": "work-and-skills-board", "period": "2026-Q3"},
        user=None,
        title=None,
    )
    assert services.run(job.pk).status == Job.Status.SUCCEEDED
    assert services.run(job.pk) is None  # already finished: left alone


def test_a_failed_job_says_why_on_its_page(world, client):
    job = services.run_here("board-pack", {"plan": world.plan.slug, "body": "no-such-board", "period": "2026-Q3"})
    assert job.status == Job.Status.FAILED
    assert "no delivery body 'no-such-board'" in job.error
    client.force_login(world.users["performance-officer"])
    page = client.get(f"/delivery/jobs/{job.pk}/").content.decode()
    assert "The job failed" in page
    assert "no delivery body" in page


def test_an_unexpected_error_fails_the_job_without_a_traceback_on_the_page(world, client, monkeypatch):
    from onestockport.jobs import work

    def broken(job, progress):
        raise ZeroDivisionError("division by zero in some module")

    monkeypatch.setattr(work, "board_pack", broken)
    job = services.run_here("board-pack", {"plan": world.plan.slug})
    assert job.status == Job.Status.FAILED
    assert job.error == "An unexpected error stopped the job (ZeroDivisionError). The server log has the details."


def test_a_running_jobs_page_shows_its_progress_with_and_without_javascript(world, client):
    job = Job.objects.create(
        kind="static-export",
        title="Static export",
        status=Job.Status.RUNNING,
        stage="Rendering pages",
        done=40,
        total=120,
    )
    client.force_login(world.users["performance-officer"])
    page = client.get(f"/delivery/jobs/{job.pk}/").content.decode()
    assert 'max="120" value="40"' in page
    assert "40 of 120" in page
    assert "Rendering pages" in page
    assert "Refresh to see how it is going" in page  # without JavaScript
    assert "jobs/job-progress" in page  # with it, the script follows the job
    status = client.get(f"/delivery/jobs/{job.pk}/status.json").json()
    assert status == {
        "status": "running",
        "status_label": "Running",
        "stage": "Rendering pages",
        "done": 40,
        "total": 120,
        "percent": 33,
        "finished": False,
    }


def test_progress_is_written_as_the_work_goes(world):
    from onestockport.jobs.progress import Progress

    job = Job.objects.create(kind="import-file", title="Import", status=Job.Status.RUNNING)
    progress = Progress(job)
    progress.stage("Checking the file", total=10)
    progress.set(4, 10)
    progress._written = 0  # as if the half second had passed
    progress.advance(2)
    job.refresh_from_db()
    assert (job.stage, job.done, job.total) == ("Checking the file", 6, 10)


@pytest.mark.parametrize("user", ["partner-editor-own", "partner-lead-own"])
def test_jobs_are_for_the_performance_team(world, client, user):
    job = services.run_here(
        "board-pack", {"plan": world.plan.slug, "body": "work-and-skills-board", "period": "2026-Q3"}
    )
    client.force_login(world.users[user])
    for address in ("/delivery/jobs/", f"/delivery/jobs/{job.pk}/", f"/delivery/jobs/{job.pk}/files/0/"):
        assert client.get(address).status_code == 403, address
    assert client.post("/delivery/jobs/start/board-pack/", {}).status_code == 403


def test_a_start_form_with_an_error_is_shown_again(world, client):
    client.force_login(world.users["performance-officer"])
    response = client.post("/delivery/jobs/start/annual-report/", {"year": "twenty"})
    assert response.status_code == 400
    assert "Enter the year as four digits, for example 2026" in response.content.decode()
    assert not Job.objects.exists()


def test_the_command_line_queues_the_same_jobs(world, run_cli, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = run_cli("delivery", "report", "--body", "Work and Skills Board", "--period", "2026-Q3", "--background")
    assert result.exit_code == 0, result.output
    job = Job.objects.get()
    assert f"Queued job {job.pk}: Board pack: Work and Skills Board, 2026-Q3" in result.output
    work_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.outputs[0]["name"].endswith(".pdf")

"""Start jobs (queued for the worker, or run here and now) and run them, recording how each ends.

The browser and the command line both come through `start`: the worker (`onestockport worker`, the
database queue's `db_worker`) picks the task up and calls `run`. `run` never raises for a failure of
the work itself: the error is written to the job, in words for the person who started it, and the
traceback to the log.
"""

from __future__ import annotations

import importlib
import logging
import mimetypes
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from onestockport.errors import OneStockportError

from .kinds import KINDS
from .models import Job
from .progress import Progress, mark_started

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What finished work reports: a summary in words and the files it made (paths on local disk)."""

    summary: str
    files: list[Path] = field(default_factory=list)
    data: dict = field(default_factory=dict)


def start(kind: str, params: dict, *, user=None, title: str | None = None) -> Job:
    """Record a job and queue it for the worker; it runs once the current transaction commits."""
    job = _create(kind, params, user=user, title=title)

    def enqueue() -> None:
        from .tasks import run_job

        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)
    return job


def run_here(kind: str, params: dict, *, user=None, title: str | None = None, echo: Callable | None = None) -> Job:
    """Record a job and run it in this process, waiting for its outcome (the reminder schedule does)."""
    job = _create(kind, params, user=user, title=title)
    return _execute(job, echo=echo)


def run(job_id: int) -> Job | None:
    """Run a queued job (the worker's task). A job already started or finished is left alone."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(status=Job.Status.RUNNING)
    if not claimed:
        logger.warning("job %s is not waiting to start; not run again", job_id)
        return None
    return _execute(Job.objects.get(pk=job_id))


def _create(kind: str, params: dict, *, user, title: str | None) -> Job:
    if kind not in KINDS:
        raise OneStockportError(f"unknown job kind {kind!r}; known kinds: {', '.join(sorted(KINDS))}")
    return Job.objects.create(
        kind=kind,
        title=(title or KINDS[kind].label)[:300],
        params=params,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


def _execute(job: Job, *, echo: Callable | None = None) -> Job:
    mark_started(job)
    progress = Progress(job, echo=echo)
    with tempfile.TemporaryDirectory(prefix="onestockport-job-") as scratch:
        job.scratch = Path(scratch)  # the work's own folder for the files it makes; gone once they are stored
        try:
            outcome = _work_function(job.kind)(job, progress)
            outputs = [_store_output(job, path) for path in outcome.files]
        except OneStockportError as exc:  # bad input included: its message names the file, row and column
            _fail(job, str(exc))
        except Exception as exc:  # the job's record must end, whatever went wrong; the log keeps the traceback
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            _fail(job, f"An unexpected error stopped the job ({type(exc).__name__}). The server log has the details.")
        else:
            job.status = Job.Status.SUCCEEDED
            job.summary = outcome.summary
            job.outputs = outputs
            job.params = {**job.params, **outcome.data}
            if job.total is not None:
                job.done = job.total
    job.finished_at = timezone.now()
    job.save()
    return job


def _fail(job: Job, message: str) -> None:
    job.status = Job.Status.FAILED
    job.error = message


def _work_function(kind: str) -> Callable[[Job, Progress], Outcome]:
    module_name, _, name = KINDS[kind].work.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def _store_output(job: Job, path: Path) -> dict:
    with path.open("rb") as handle:
        stored = default_storage.save(f"jobs/{job.pk}/{path.name}", File(handle, name=path.name))
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return {"name": path.name, "storage": stored, "size": path.stat().st_size, "type": content_type}


def keep_upload(name: str, content: bytes | File) -> str:
    """Put a file a job will read into the shared storage (any instance's worker can open it)."""
    body = content if isinstance(content, File) else ContentFile(content)
    return default_storage.save(f"job-inputs/{timezone.now():%Y%m%d-%H%M%S}-{Path(name).name}", body)


@contextmanager
def local_copy(storage_name: str, file_name: str | None = None) -> Iterator[Path]:
    """A file kept in the shared storage, as a local path (named `file_name`) while the block runs."""
    with tempfile.TemporaryDirectory(prefix="onestockport-input-") as folder:
        path = Path(folder) / Path(file_name or storage_name).name
        with default_storage.open(storage_name, "rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target)
        yield path

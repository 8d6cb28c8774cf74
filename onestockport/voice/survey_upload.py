"""A survey export uploaded on the engagement desk: kept, its columns mapped, previewed, then imported and tagged.

Why this way: the file must outlive the request that brought it (the officer maps its columns and
looks at a preview first), and any instance may serve the next page, so it waits in the default
storage under a random name and the officer's session lists it, with the engagement and the
column choices so far. The import reads it through the same reader and service as `voice import`
(services.read_survey and import_responses: all of it or, on any problem, none of it) and saves the
mapping for the engagement in the same transaction; tagging then runs as a background job.
"""

from __future__ import annotations

import datetime as dt
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.text import slugify

from onestockport.delivery.text import clean_text
from onestockport.errors import InvalidInputError, Problem
from onestockport.jobs import services as jobs
from onestockport.jobs.models import Job
from onestockport.jobs.services import local_copy
from onestockport.plans.models import Plan
from onestockport.waiting_files import delete_older_than

from . import column_mapping, services
from .demographics import FIELDS
from .importers.mapping import Mapping
from .importers.survey import MAX_PROBLEMS, ParsedRespondent, SurveyReader
from .importers.tables import READERS, open_table
from .models import Engagement, SurveyMapping
from .population import ward_index
from .redaction import place_redactor

SESSION_KEY = "voice_survey_uploads"
FOLDER = "survey-uploads"
SAMPLE_VALUES = 3  # distinct answers shown under each column heading
PREVIEW_ROWS = 10
# A waiting export not imported by then is deleted (remove_abandoned): it holds answers as written.
ABANDONED_AFTER = dt.timedelta(hours=24)


@dataclass
class PendingSurvey:
    """An uploaded export waiting to be mapped and imported (kept in the uploader's session)."""

    token: str
    path: str  # its name in the default storage
    name: str  # the uploader's file name
    size: int
    engagement: str  # the engagement's slug (it is created at the import if new)
    engagement_name: str
    headings: list[str]
    samples: list[list[str]]
    rows: int
    choices: list[str] = field(default_factory=list)  # one per heading, once the officer has chosen
    hidden: list[bool] = field(default_factory=list)  # columns whose answers are not shown (names, emails...)

    def as_dict(self) -> dict:
        return self.__dict__.copy()


# --- reading the file --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableSample:
    headings: list[str]
    samples: list[list[str]]  # per column: a few distinct answers from the first rows
    rows: int


def check_table(path: Path, name: str) -> TableSample:
    """Read the whole file as a table; InvalidInputError (naming `name`, each row and column) if it is malformed."""
    problems: list[Problem] = []

    def report(row: int, column: str, message: str) -> None:
        problems.append(Problem(f"row {row}, column {column!r}", message))

    try:
        table = open_table(path, report)
        header = table.header
        for index, heading in enumerate(header):
            if not heading:
                report(1, f"(column {index + 1})", "a column has no heading; give it one, or delete the column")
        samples: list[list[str]] = [[] for _ in header]
        rows = 0
        for row, cells in table.rows:
            if not any(cells):
                continue
            if len(cells) != len(header):
                report(row, "(row)", f"expected {len(header)} cells, found {len(cells)}")
            else:
                rows += 1
                for values, cell in zip(samples, cells, strict=True):
                    if cell and len(values) < SAMPLE_VALUES and cell not in values:
                        values.append(cell)
            if len(problems) >= MAX_PROBLEMS:
                problems.append(Problem("(file)", f"stopped after {MAX_PROBLEMS} problems"))
                break
    except InvalidInputError as exc:
        raise InvalidInputError(name, problems + exc.problems) from None
    if not problems and rows == 0:
        problems.append(Problem("(file)", "no responses in the file: only a header row"))
    if problems:
        raise InvalidInputError(name, problems)
    return TableSample(header, samples, rows)


@contextmanager
def _spooled(upload: UploadedFile, name: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="onestockport-survey-") as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        yield path


def safe_name(file_name: str) -> str:
    name = Path(clean_text(file_name or "survey", multiline=False)).name[:150] or "survey"
    return name if Path(name).suffix.lower() in READERS else name + ".csv"


def receive(
    request: HttpRequest, *, plan: Plan, upload: UploadedFile, engagement: str, engagement_name: str
) -> PendingSurvey:
    """Check the file as a table and keep it for this officer; a malformed file is refused and nothing kept."""
    name = safe_name(upload.name or "")
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in READERS:
        known = " or ".join(sorted(READERS))
        raise InvalidInputError(name, [Problem("(file)", f"cannot read {suffix or 'this'} files; upload a {known}")])
    with _spooled(upload, name) as path:
        sample = check_table(path, name)
        token = secrets.token_hex(16)
        with path.open("rb") as handle:
            stored = default_storage.save(f"{FOLDER}/{token}{suffix}", handle)
    # The session keeps only redacted answers, for the columns page, and none of a column that the saved
    # mapping, the preset or its heading says to ignore (a name or an email address is not worth showing).
    redactor = place_redactor()
    first = column_mapping.guess_columns(
        sample.headings, sample.samples, saved=saved_mapping(plan, engagement), preset=column_mapping.preset_mapping()
    )
    hidden = [guess.choice == column_mapping.IGNORE for guess in first]
    pending = PendingSurvey(
        token=token,
        path=stored,
        name=name,
        size=upload.size or 0,
        engagement=engagement,
        engagement_name=engagement_name,
        headings=sample.headings,
        samples=[
            [] if hide else [redactor.redact(v) for v in values]
            for hide, values in zip(hidden, sample.samples, strict=True)
        ],
        rows=sample.rows,
        hidden=hidden,
    )
    for earlier in list(_all(request).values()):  # one waiting file per officer: an earlier one is dropped
        discard(request, earlier["token"])
    entries = _all(request)
    entries[token] = {**pending.as_dict(), "user": request.user.pk}
    request.session[SESSION_KEY] = entries
    return pending


def _all(request: HttpRequest) -> dict[str, dict]:
    return dict(request.session.get(SESSION_KEY, {}))


def pending(request: HttpRequest, token: str) -> PendingSurvey | None:
    entry = _all(request).get(token)
    if entry is None or entry.get("user") != request.user.pk or not default_storage.exists(entry["path"]):
        return None
    return PendingSurvey(**{k: v for k, v in entry.items() if k != "user"})


def remember_choices(request: HttpRequest, survey: PendingSurvey, choices: list[str]) -> None:
    entries = _all(request)
    entries[survey.token] = {**entries[survey.token], "choices": list(choices)}
    request.session[SESSION_KEY] = entries
    survey.choices = list(choices)


def discard(request: HttpRequest, token: str) -> None:
    entries = _all(request)
    entry = entries.pop(token, None)
    if entry is not None:
        default_storage.delete(entry["path"])
    request.session[SESSION_KEY] = entries


# --- the engagement and its mapping ------------------------------------------------------------------------


def remove_abandoned(*, older_than: dt.timedelta = ABANDONED_AFTER) -> int:
    """Delete waiting exports last written before `older_than` ago: an officer who never came back to map
    one would otherwise leave residents' answers, as written, in storage. Returns how many were deleted.
    The scheduler calls this at each look (jobs.tasks.scheduler_tick)."""
    return delete_older_than(FOLDER, older_than)


def engagement_slug(plan: Plan, name: str) -> str:
    """The slug of a new engagement named `name` (the existing one's, when that name is taken)."""
    existing = Engagement.objects.filter(plan=plan, name__iexact=name.strip()).first()
    if existing is not None:
        return existing.slug
    base = slugify(name)[:74].strip("-") or "survey"
    taken = set(Engagement.objects.filter(plan=plan, slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:  # another engagement's slug: this one must not be imported into it
        slug, number = f"{base}-{number}", number + 1
    return slug


def saved_mapping(plan: Plan, slug: str) -> Mapping | None:
    found = SurveyMapping.objects.filter(engagement__plan=plan, engagement__slug=slug).first()
    return found.as_mapping() if found else None


def guesses(plan: Plan, survey: PendingSurvey) -> list[column_mapping.Guess]:
    return column_mapping.guess_columns(
        survey.headings,
        survey.samples,
        saved=saved_mapping(plan, survey.engagement),
        preset=column_mapping.preset_mapping(),
    )


def mapping_for(plan: Plan, survey: PendingSurvey) -> tuple[Mapping, str]:
    """The mapping the officer's choices make, and the preset it drew on ('' if none)."""
    existing = SurveyMapping.objects.filter(engagement__plan=plan, engagement__slug=survey.engagement).first()
    saved = existing.as_mapping() if existing else None
    preset = column_mapping.preset_mapping()
    name = f"desk-{survey.engagement}"[:80]
    document = column_mapping.build_document(survey.headings, survey.choices, saved=saved, preset=preset, name=name)
    if existing is not None:
        based_on = existing.based_on
    else:
        sources = column_mapping.guess_columns(survey.headings, survey.samples, saved=None, preset=preset)
        based_on = column_mapping.PRESET if any(guess.source == "preset" for guess in sources) else ""
    return Mapping.model_validate(document), based_on


# --- preview and import ------------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    row: int
    respondent: ParsedRespondent
    demographics: list[tuple[str, str]]  # (label, answer label) as stored
    answers: list[tuple[str, str]]  # (question heading, redacted text or choice)
    problems: list[Problem]
    refused_columns: set[str]


@dataclass
class Preview:
    rows: list[PreviewRow]
    problems: list[Problem]  # of the whole file, as the import would find them (empty: it would import)
    total: int


def _reader(mapping: Mapping) -> SurveyReader:
    from onestockport.plans.place import current_place

    place = current_place()
    return SurveyReader(
        mapping=mapping,
        wards=ward_index(services.place_wards(place)),
        hash_key=settings.VOICE_HASH_KEY,
        place_name=place.name,
    )


def preview(plan: Plan, survey: PendingSurvey, mapping: Mapping) -> Preview:
    """The first rows as they would be stored, each refused value named; and the whole file's check."""
    reader = _reader(mapping)
    redactor = place_redactor()
    labels = {name: dict(f.choices) for name, f in FIELDS.items()}
    questions = {c.key: heading for heading in survey.headings for c in mapping.questions if c.matches(heading)}
    rows: list[PreviewRow] = []
    with local_copy(survey.path, survey.name) as path:
        table = open_table(path, lambda *args: None)
        columns = reader.columns_of(table.header)
        if columns is not None:
            for row, cells in table.rows:
                if len(rows) >= PREVIEW_ROWS:
                    break
                if not any(cells) or len(cells) != len(columns):
                    continue
                reader.problems = []
                parsed = reader.parse_row(row, dict(zip(table.header, cells, strict=True)), columns, table.header)
                rows.append(
                    PreviewRow(
                        row=row,
                        respondent=parsed,
                        demographics=[(FIELDS[k].label, labels[k].get(v, v)) for k, v in parsed.demographics.items()],
                        answers=[(questions.get(k, k), redactor.redact(v)) for k, v in parsed.answers.items()],
                        problems=list(reader.problems),
                        refused_columns={h for h in table.header for p in reader.problems if f"column {h!r}" in p.path},
                    )
                )
        try:
            services.read_survey(path=path, mapping=mapping)
        except InvalidInputError as exc:
            problems = exc.problems
        else:
            problems = []
    return Preview(rows=rows, problems=problems, total=survey.rows)


def import_survey(plan: Plan, survey: PendingSurvey, *, user) -> tuple[Engagement, services.ImportReport]:
    """Import the file and save its mapping for the engagement: all of it or, naming each problem, nothing."""
    mapping, based_on = mapping_for(plan, survey)
    by = user if getattr(user, "is_authenticated", False) else None
    with local_copy(survey.path, survey.name) as path, transaction.atomic():
        report = services.import_file(
            plan=plan, engagement_slug=survey.engagement, path=path, mapping=mapping, name=survey.engagement_name
        )
        engagement = Engagement.objects.get(plan=plan, slug=survey.engagement)
        document = mapping.model_dump(exclude_defaults=True)
        SurveyMapping.objects.update_or_create(
            engagement=engagement, defaults={"document": document, "based_on": based_on, "updated_by": by}
        )
    return engagement, report


# --- tagging -------------------------------------------------------------------------------------------------


def queue_exists() -> bool:
    """Whether a task backend takes jobs (settings.TASKS); every job started in the browser is queued then."""
    backend = (getattr(settings, "TASKS", None) or {}).get("default", {}).get("BACKEND", "")
    return bool(backend) and not backend.endswith("DummyBackend")


def start_tagging(engagement: Engagement, *, user) -> Job:
    """Tag the engagement's new responses: a background job, or here and now where no queue takes jobs.

    A job already waiting for this engagement serves (it tags whatever is untagged when it starts)."""
    params = {"plan": engagement.plan.slug, "engagement": engagement.slug, "retag": False, "engine": None}
    title = f"Tag new responses: {engagement.name}"
    by = user if getattr(user, "is_authenticated", False) else None
    if not queue_exists():
        return jobs.run_here("voice-tag", params, user=by, title=title)
    waiting = Job.objects.filter(kind="voice-tag", status=Job.Status.QUEUED, params__engagement=engagement.slug)
    return waiting.first() or jobs.start("voice-tag", params, user=by, title=title)

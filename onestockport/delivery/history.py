"""Reads of the recorded history: who changed what and when, and who wrote an update.

django-simple-history keeps every version of actions, milestones, updates and evidence files. This
module turns those versions into entries people can read, and answers who wrote an update (for the
four-eyes rule). It shows unpublished drafts and comments: the history page is for the action's own
organisations and the performance team only (permissions.Capability.VIEW_HISTORY).
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.utils.safestring import SafeString, mark_safe

from onestockport.plans.models import Action, Partner

from .models import EvidenceFile, Membership, Milestone, Update

DASH = "\u2013"  # shown for an empty value
# The fields that make up what an update says; whoever changes one of them is one of its authors.
CONTENT_FIELDS = ("status", "percent_complete", "narrative", "evidence_links")


def person_label(user) -> str:
    """How the history names a person: their name (or username) and organisation."""
    if user is None:
        return "System"
    name = user.get_full_name() or user.get_username()
    membership = Membership.objects.filter(user=user).select_related("partner").first()
    return f"{name} ({membership.partner.name})" if membership else f"{name} (performance team)"


@dataclass
class FieldChange:
    field: str
    before: str
    after: str
    diff: SafeString | None = None  # word-level difference for long text


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    kind: str  # "action", "milestone", "update", "evidence"
    subject: str
    verb: str  # "created", "changed", "deleted"
    changes: list[FieldChange] = field(default_factory=list)


_HIDDEN_FIELDS = {"id", "version", "period_start", "period_end", "token", "file", "created_at", "verified_at"}
_LONG_TEXT = {"narrative", "review_comment", "text"}
_VERBS = {"+": "created", "~": "changed", "-": "deleted"}


def word_diff(before: str, after: str) -> SafeString:
    """The words removed (<del>) and added (<ins>) between two texts; everything escaped."""
    old, new = before.split(), after.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(html.escape(" ".join(old[i1:i2])))
            continue
        if op in {"delete", "replace"}:
            removed = html.escape(" ".join(old[i1:i2]))
            parts.append(
                f'<del class="os-diff__del"><span class="govuk-visually-hidden">removed: </span>{removed}</del>'
            )
        if op in {"insert", "replace"}:
            added = html.escape(" ".join(new[j1:j2]))
            parts.append(f'<ins class="os-diff__ins"><span class="govuk-visually-hidden">added: </span>{added}</ins>')
    return mark_safe(" ".join(parts))  # every piece of text above is escaped


def _display(record, name: str) -> str:
    """A field's value as people read it."""
    try:
        model_field = record.instance_type._meta.get_field(name)
    except FieldDoesNotExist:
        model_field = None
    if model_field is not None and model_field.is_relation and not model_field.many_to_many:
        related_id = getattr(record, model_field.attname)
        if related_id is None:
            return DASH
        try:
            return str(getattr(record, name))
        except ObjectDoesNotExist:
            return f"(deleted, id {related_id})"
    value = getattr(record, name, None)
    if value in (None, "", []):
        return DASH
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    return str(value)


def _verbose(record, name: str) -> str:
    try:
        return str(record.instance_type._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return name.replace("_", " ").capitalize()


def _changes(record, previous) -> list[FieldChange]:
    if previous is None:
        return []
    delta = record.diff_against(previous)
    changes = []
    for change in delta.changes:
        name = change.field
        if name in _HIDDEN_FIELDS:
            continue
        if name == "contributing_partners":
            before = _partner_names(change.old)
            after = _partner_names(change.new)
        else:
            before, after = _display(previous, name), _display(record, name)
        diff = word_diff(before, after) if name in _LONG_TEXT else None
        changes.append(FieldChange(field=_verbose(record, name), before=before, after=after, diff=diff))
    return changes


def _partner_names(rows: list[dict]) -> str:
    ids = [row.get("partner") for row in rows or []]
    names = sorted(Partner.objects.filter(pk__in=ids).values_list("name", flat=True))
    return "; ".join(names) or DASH


def _entries(records: list, *, kind: str, subject, people: dict) -> list[HistoryEntry]:
    """History entries for one object's records (oldest first), each compared with the one before."""
    entries = []
    previous = None
    for record in records:
        verb = _VERBS[record.history_type]
        changes = _changes(record, previous) if verb == "changed" else []
        if verb != "changed" or changes:
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=_who(record.history_user, people),
                    kind=kind,
                    subject=subject(record),
                    verb=verb,
                    changes=changes,
                )
            )
        previous = record
    return entries


def _who(user, people: dict) -> str:
    key = user.pk if user is not None else None
    if key not in people:
        people[key] = person_label(user)
    return people[key]


def _grouped(queryset, key: str) -> dict[int, list]:
    groups: dict[int, list] = {}
    for record in queryset.select_related("history_user").order_by("history_date", "history_id"):
        groups.setdefault(getattr(record, key), []).append(record)
    return groups


def action_history(action: Action) -> list[HistoryEntry]:
    """Every recorded change to the action, its milestones, updates and evidence, newest first."""
    people: dict = {}
    entries = _entries(
        list(Action.history.filter(id=action.pk).select_related("history_user").order_by("history_date", "history_id")),
        kind="action",
        subject=lambda r: f"Action {action.number}",
        people=people,
    )
    for records in _grouped(Milestone.history.filter(action_id=action.pk), "id").values():
        entries += _entries(records, kind="milestone", subject=lambda r: f"Milestone: {r.title}", people=people)
    update_records = _grouped(Update.history.filter(action_id=action.pk), "id")
    for records in update_records.values():
        entries += _entries(records, kind="update", subject=lambda r: f"Update for {r.period}", people=people)
    periods = {update_id: records[-1].period for update_id, records in update_records.items()}
    for records in _grouped(EvidenceFile.history.filter(update_id__in=list(periods)), "id").values():
        entries += _entries(
            records,
            kind="evidence",
            subject=lambda r: f"Evidence file {r.original_name} ({periods.get(r.update_id, '')})",
            people=people,
        )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def update_authors(update: Update) -> list:
    """Everyone who wrote any part of the update: created it, saved a change to what it says, or attached
    or removed a file. Submitting, returning or approving it changes only its state, not its content."""
    ids = {update.created_by_id} if update.created_by_id else set()
    previous = None
    for record in update.history.order_by("history_date", "history_id"):
        changed = previous is None or any(getattr(record, name) != getattr(previous, name) for name in CONTENT_FIELDS)
        if changed and record.history_user_id:
            ids.add(record.history_user_id)
        previous = record
    files = EvidenceFile.history.filter(update_id=update.pk, history_type__in=["+", "-"], history_user__isnull=False)
    ids |= set(files.values_list("history_user_id", flat=True))
    return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))

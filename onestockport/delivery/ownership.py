"""Who delivers many actions at once: chosen on a page, or read from a CSV file with a preview first.

Both set the lead partner (when one is given) and add contributing partners; every change goes through
`services.edit_ownership`, so the permission check, the plan check and the history are the same as for
one action. All or nothing: one bad row or one refusal and no action changes.

The CSV file has a header row and the columns `priority` (its slug or name), `action` (its number),
`lead partner` and `contributing partners` (slugs or names; several separated by ";"). A blank lead
partner leaves the lead as it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from onestockport.errors import InvalidInputError, Problem
from onestockport.plans.models import Action, Partner, Plan, Priority

from . import services
from .permissions import Capability, require

COLUMNS = ("priority", "action", "lead partner", "contributing partners")
MAX_ROWS = 2000  # a plan has tens of actions; more rows is a wrong file
MAX_BYTES = 512 * 1024


@dataclass
class Change:
    """One action's new ownership, and what it was, for the preview."""

    action: Action
    lead: Partner | None  # None: leave the lead as it is
    add: list[Partner] = field(default_factory=list)
    row: int | None = None  # the CSV row it came from

    @property
    def new_lead(self) -> Partner | None:
        return self.lead or self.action.lead_partner

    @property
    def new_contributors(self) -> list[Partner]:
        current = list(self.action.contributing_partners.all())
        lead = self.new_lead
        merged = {p.pk: p for p in [*current, *self.add] if lead is None or p.pk != lead.pk}
        return sorted(merged.values(), key=lambda p: p.name)

    @property
    def changes_anything(self) -> bool:
        before = {p.pk for p in self.action.contributing_partners.all()}
        return self.new_lead != self.action.lead_partner or {p.pk for p in self.new_contributors} != before


def changes_for(actions: Iterable[Action], lead: Partner | None, add: Sequence[Partner]) -> list[Change]:
    return [Change(action=action, lead=lead, add=list(add)) for action in actions]


@transaction.atomic
def apply(*, user, changes: Sequence[Change]) -> int:
    """Apply every change or none; returns how many actions changed."""
    require(user, Capability.EDIT_OWNERSHIP)
    changed = 0
    for change in changes:
        if not change.changes_anything:
            continue
        action = change.action
        services.edit_ownership(
            user=user,
            action=action,
            ownership=services.Ownership(
                lead_partner=change.new_lead,
                contributing_partners=change.new_contributors,
                delivery_body=action.delivery_body,
                contact_role=action.contact_role,
                start_date=action.start_date,
                due_date=action.due_date,
            ),
        )
        changed += 1
    return changed


def _lookup(items: Iterable, *attributes: str) -> dict[str, object]:
    """Each item under each attribute's value, folded to lower case, for matching what people typed."""
    found: dict[str, object] = {}
    for item in items:
        for attribute in attributes:
            found.setdefault(str(getattr(item, attribute)).strip().casefold(), item)
    return found


def parse_csv(plan: Plan, data: bytes, source: str) -> list[Change]:
    """The changes a CSV file asks for; InvalidInputError names every bad row and column, nothing applied."""
    if len(data) > MAX_BYTES:
        raise InvalidInputError(source, [Problem(source, f"the file is larger than {MAX_BYTES // 1024} KB")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInputError(source, [Problem(source, "the file is not UTF-8 text: save it as CSV UTF-8")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip().casefold() for cell in next(reader, [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        expected = ", ".join(f'"{c}"' for c in COLUMNS)
        raise InvalidInputError(
            source, [Problem(source, f"row 1: missing column(s) {', '.join(missing)}; the columns are {expected}")]
        )
    index = {column: header.index(column) for column in COLUMNS}
    priorities = _lookup(Priority.objects.filter(plan=plan), "slug", "name")
    partners = _lookup(Partner.objects.filter(plan=plan), "slug", "name")
    actions = {
        (action.priority_id, action.number): action
        for action in Action.objects.filter(priority__plan=plan)
        .select_related("priority", "lead_partner", "delivery_body")
        .prefetch_related("contributing_partners")
    }
    problems: list[Problem] = []
    changes: list[Change] = []
    seen: dict[int, int] = {}
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            problems.append(Problem(source, f"more than {MAX_ROWS} rows"))
            break
        if not any(cell.strip() for cell in row):
            continue
        cells = {column: (row[i].strip() if i < len(row) else "") for column, i in index.items()}

        def bad(column: str, message: str, number: int = number) -> None:
            problems.append(Problem(source, f"row {number}, column {column}: {message}", line=None))

        priority = priorities.get(cells["priority"].casefold())
        if priority is None:
            bad("priority", f"no priority called “{cells['priority'][:80]}” in this plan")
            continue
        if not cells["action"].isascii() or not cells["action"].isdigit() or len(cells["action"]) > 6:
            bad("action", f"“{cells['action'][:80]}” is not an action number")
            continue
        action = actions.get((priority.pk, int(cells["action"])))
        if action is None:
            bad("action", f"{priority.name} has no action {int(cells['action'])}")
            continue
        if action.pk in seen:
            bad("action", f"action {action.number} of {priority.name} is already on row {seen[action.pk]}")
            continue
        seen[action.pk] = number
        lead = None
        if cells["lead partner"]:
            lead = partners.get(cells["lead partner"].casefold())
            if lead is None:
                bad("lead partner", f"no partner called “{cells['lead partner'][:80]}” in this plan")
                continue
        add = []
        for name in filter(None, (part.strip() for part in cells["contributing partners"].split(";"))):
            partner = partners.get(name.casefold())
            if partner is None:
                bad("contributing partners", f"no partner called “{name[:80]}” in this plan")
            else:
                add.append(partner)
        changes.append(Change(action=action, lead=lead, add=add, row=number))
    if problems:
        raise InvalidInputError(source, problems)
    if not changes:
        raise InvalidInputError(source, [Problem(source, "the file has no rows after its header")])
    return changes


def template_csv(plan: Plan) -> str:
    """Every action with its ownership now, in the upload's columns: download, edit, upload."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    query = (
        Action.objects.filter(priority__plan=plan)
        .select_related("priority", "lead_partner")
        .prefetch_related("contributing_partners")
        .order_by("priority__position", "number")
    )
    for action in query:
        contributors = "; ".join(p.slug for p in action.contributing_partners.all())
        lead = action.lead_partner.slug if action.lead_partner else ""
        writer.writerow([_safe(action.priority.slug), action.number, _safe(lead), _safe(contributors)])
    return out.getvalue()


def _safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula is written as text."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value

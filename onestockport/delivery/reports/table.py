"""The board pack as rows and columns, shared by the CSV and spreadsheet formats."""

from __future__ import annotations

from django.utils import timezone

COLUMNS = [
    "priority",
    "action",
    "title",
    "lead_partner",
    "status",
    "status_from",
    "period_update",
    "percent_complete",
    "narrative",
    "evidence_links",
    "evidence_files",
    "approved_on",
    "milestones_overdue",
]
HEADINGS = {
    "priority": "Priority",
    "action": "Action",
    "title": "Title",
    "lead_partner": "Lead partner",
    "status": "Status",
    "status_from": "Status from period",
    "period_update": "Update for the period",
    "percent_complete": "Percent complete",
    "narrative": "What has happened",
    "evidence_links": "Evidence links",
    "evidence_files": "Evidence files",
    "approved_on": "Approved on",
    "milestones_overdue": "Milestones overdue",
}


def period_update_label(row) -> str:
    """Where the action's update for the pack's period stands; a submitted one's text stays out of the pack."""
    if row.update:
        return "Approved"
    return "Submitted, awaiting review" if row.awaiting_review else "None approved or sent"


def rows(pack) -> list[dict]:
    """One row per action delivered through the body, with its approved update for the period if any."""
    today = timezone.localdate()
    out = []
    for row in pack.rows:
        update = row.update
        out.append(
            {
                "priority": row.action.priority.name,
                "action": row.action.number,
                "title": row.action.title,
                "lead_partner": row.action.lead_partner.name if row.action.lead_partner else "",
                "status": row.status_label,
                "status_from": row.status_period or "",
                "period_update": period_update_label(row),
                "percent_complete": update.percent_complete if update and update.percent_complete is not None else "",
                "narrative": update.narrative if update else "",
                "evidence_links": " ".join(update.evidence_links) if update else "",
                "evidence_files": "; ".join(f.original_name for f in update.files.all()) if update else "",
                "approved_on": timezone.localtime(update.reviewed_at).date().isoformat()
                if update and update.reviewed_at
                else "",
                "milestones_overdue": sum(1 for m in row.milestones if m.overdue(today)),
            }
        )
    return out

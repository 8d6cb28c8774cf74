"""The kinds of long work that run as jobs, each with its work function (in jobs/work.py).

A kind's function takes the job and its Progress and returns an Outcome; it raises to fail. The
functions are named, not imported, here: this module is read before Django is set up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str  # "Import a data file", for lists and headings
    work: str  # dotted path of the work function


KINDS = {
    kind.name: kind
    for kind in (
        JobKind("import-file", "Import a data file", "onestockport.jobs.work.import_data_file"),
        JobKind("check-upload", "Check an uploaded data file", "onestockport.jobs.work.check_upload"),
        JobKind("publish-upload", "Publish an uploaded data file", "onestockport.jobs.work.publish_upload"),
        JobKind("draft-upload", "Import a data file as draft indicators", "onestockport.jobs.work.draft_upload"),
        JobKind("annual-report", "Annual report", "onestockport.jobs.work.annual_report"),
        JobKind("board-pack", "Board pack", "onestockport.jobs.work.board_pack"),
        JobKind("voice-tag", "Tag survey responses", "onestockport.jobs.work.tag_responses"),
        JobKind("static-export", "Static export of the public site", "onestockport.jobs.work.static_export"),
        JobKind("reminders", "Reminders to partners", "onestockport.jobs.work.send_reminders"),
    )
}

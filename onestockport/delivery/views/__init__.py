"""Delivery pages: each view checks the form, calls one service or selector, and renders the answer.

Refusals (PermissionRefused) become 403 pages. The pages live in one module per subject; urls.py and
public_urls.py name them from here.
"""

from .accounts import SetPasswordView, SignInView, SignOutView, csrf_failure, password_reset, password_reset_sent
from .actions import (
    action_detail,
    commitment_complete,
    history,
    home,
    milestone_complete,
    milestone_create,
    milestone_edit,
    ownership_edit,
)
from .notifications import email_settings
from .oversight import board_pack, dashboard, remind
from .ownership import bulk_ownership, ownership_template, ownership_upload
from .people import deactivate, invite, people, reactivate, resend
from .public import partner, statuses
from .updates import (
    evidence_delete,
    evidence_download,
    update_approve,
    update_create,
    update_detail,
    update_edit,
    update_return,
    update_submit,
)

__all__ = [
    "SetPasswordView",
    "SignInView",
    "SignOutView",
    "action_detail",
    "board_pack",
    "bulk_ownership",
    "commitment_complete",
    "csrf_failure",
    "dashboard",
    "deactivate",
    "email_settings",
    "evidence_delete",
    "evidence_download",
    "history",
    "home",
    "invite",
    "milestone_complete",
    "milestone_create",
    "milestone_edit",
    "ownership_edit",
    "ownership_template",
    "ownership_upload",
    "partner",
    "password_reset",
    "password_reset_sent",
    "people",
    "reactivate",
    "remind",
    "resend",
    "statuses",
    "update_approve",
    "update_create",
    "update_detail",
    "update_edit",
    "update_return",
    "update_submit",
]

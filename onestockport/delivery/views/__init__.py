"""Delivery pages: each view checks the form, calls one service or selector, and renders the answer.

Refusals (PermissionRefused) become 403 pages. The pages live in one module per subject; urls.py and
public_urls.py name them from here.
"""

from .accounts import SignInView, SignOutView, csrf_failure
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
from .oversight import board_pack, dashboard, remind
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
    "SignInView",
    "SignOutView",
    "action_detail",
    "board_pack",
    "commitment_complete",
    "csrf_failure",
    "dashboard",
    "evidence_delete",
    "evidence_download",
    "history",
    "home",
    "milestone_complete",
    "milestone_create",
    "milestone_edit",
    "ownership_edit",
    "partner",
    "remind",
    "statuses",
    "update_approve",
    "update_create",
    "update_detail",
    "update_edit",
    "update_return",
    "update_submit",
]

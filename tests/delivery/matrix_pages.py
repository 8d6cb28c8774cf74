"""The roles of the permission matrix, and the pages of its content half: which page shows what, to whom.

test_permission_matrix.py runs every role against every page listed here and checks the content served.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .conftest import MARKERS, Planted, World

ROLES = [
    "anonymous",
    "no-role",
    "partner-editor-own",
    "partner-editor-other",
    "partner-lead-own",
    "partner-lead-other",
    "performance-officer",
    "engagement-officer",
    "administrator",
]
TEAM = {"performance-officer", "administrator"}
ADMIN_SITE = {*TEAM, "engagement-officer"}  # may open /admin/; a page their permissions refuse answers 403
ACCOUNT_MANAGERS = {"partner-lead-own", "partner-lead-other", "administrator"}  # the People pages
OWN_WRITERS = {"partner-editor-own", "partner-lead-own", *TEAM}
SIGNED_IN_ROLES = {role for role in ROLES if role not in {"anonymous", "no-role"}}

STAFF = frozenset(SIGNED_IN_ROLES)  # anyone with a delivery role
INSIDERS = frozenset(OWN_WRITERS)  # the action's own organisation and the performance team
EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class Page:
    """A page showing update content. Its viewers get 200; everyone else is refused and shown nothing.

    `public` markers must appear for every viewer; `private` ones for insiders only, never for other viewers.
    On a "staff" page insiders may see anything; a "published" page shows published content only, to all.
    """

    name: str
    url: Callable[[World, Planted], str]
    viewers: frozenset[str]
    public: tuple[str, ...] = ()
    private: tuple[str, ...] = ()
    kind: str = "staff"
    sanity: str = ""  # text every viewer's copy has, so an empty or broken page cannot pass
    forbidden: tuple[str, ...] = ()  # further text no one may be shown here


def markers_of(world: World, planted: Planted) -> dict[str, str]:
    """Every planted string, and the traces of unpublished updates: links to them and their periods."""
    links = {
        f"{state} link": f'href="/delivery/updates/{getattr(planted, state).pk}/"'
        for state in ("draft", "returned", "submitted", "approved")
    }
    # The API names the period of an action's latest approved update; an unpublished one must never show.
    periods = {
        f"{state} period": f'"period": "{getattr(planted, state).period}"'
        for state in ("draft", "returned", "submitted", "approved")
    }
    return {**MARKERS, **links, **periods, "unverified completion": "(public once an update is approved)"}


ACTION_API = ("approved period",)
PAGES = [
    Page("staff: your actions", lambda w, p: "/delivery/", STAFF, private=("draft link",), sanity="Your actions"),
    Page(
        "staff: action page",
        lambda w, p: f"/delivery/actions/{w.own_action.pk}/",
        STAFF,
        public=("approved link",),
        private=("draft link", "returned link", "submitted link", "unverified completion"),
        sanity="Milestones",
    ),
    Page(
        "staff: draft update",
        lambda w, p: f"/delivery/updates/{p.draft.pk}/",
        INSIDERS,
        private=("draft narrative", "draft file"),
    ),
    Page(
        "staff: returned update",
        lambda w, p: f"/delivery/updates/{p.returned.pk}/",
        INSIDERS,
        private=("review comment", "returned narrative"),
    ),
    Page(
        "staff: submitted update",
        lambda w, p: f"/delivery/updates/{p.submitted.pk}/",
        INSIDERS,
        private=("submitted narrative",),
    ),
    Page(
        "staff: approved update",
        lambda w, p: f"/delivery/updates/{p.approved.pk}/",
        STAFF,
        public=("approved narrative", "approved file"),
    ),
    Page(
        "staff: draft edit form",
        lambda w, p: f"/delivery/updates/{p.draft.pk}/edit/",
        INSIDERS,
        private=("draft narrative", "draft file"),
    ),
    Page(
        "staff: returned edit form",
        lambda w, p: f"/delivery/updates/{p.returned.pk}/edit/",
        INSIDERS,
        private=("review comment", "returned narrative"),
    ),
    Page(
        "staff: history",
        lambda w, p: f"/delivery/actions/{w.own_action.pk}/history/",
        INSIDERS,
        private=("draft narrative", "draft file", "review comment", "returned narrative", "approved file"),
        sanity="History of changes",
    ),
    Page(
        "staff: draft evidence",
        lambda w, p: f"/delivery/evidence/{p.draft_file.pk}/",
        INSIDERS,
        private=("draft file",),
    ),
    Page("staff: dashboard", lambda w, p: "/delivery/dashboard/", frozenset(TEAM), private=("submitted link",)),
    Page(
        "staff: reminder preview",
        lambda w, p: "/delivery/dashboard/remind/",
        frozenset(TEAM),
        sanity="Check the reminders before sending",
    ),
    Page(
        "staff: review desk",
        lambda w, p: "/delivery/voice/",
        frozenset({"engagement-officer", "administrator"}),
        sanity="Only suggestions scoring",
    ),
    Page("staff: your email settings", lambda w, p: "/delivery/email-settings/", STAFF, sanity="Your email settings"),
    Page(
        "staff: admin, draft update",
        lambda w, p: f"/admin/delivery/update/{p.draft.pk}/change/",
        frozenset(TEAM),
        private=("draft narrative",),
    ),
    Page(
        "published: evidence of an approved update",
        lambda w, p: f"/delivery/evidence/{p.approved_file.pk}/",
        EVERYONE,
        public=("approved file",),
        kind="published",
    ),
    Page(
        "published: board pack, approved period",
        lambda w, p: f"/delivery/board-packs/?body=work-and-skills-board&period={p.approved.period}&format=csv",
        frozenset(TEAM),
        public=("approved narrative", "approved file"),
        kind="published",
    ),
    Page(
        "published: board pack, this period",
        lambda w, p: f"/delivery/board-packs/?body=work-and-skills-board&period={p.draft.period}&format=csv",
        frozenset(TEAM),
        kind="published",
        sanity="None approved or sent",
    ),
    Page(
        "published: action page",
        lambda w, p: "/priorities/skilled/actions/1/",
        EVERYONE,
        public=("approved narrative", "approved file"),
        kind="published",
    ),
    Page(
        "published: priority page", lambda w, p: "/priorities/skilled/", EVERYONE, kind="published", sanity="Own action"
    ),
    Page("published: partner page", lambda w, p: "/partners/own-org/", EVERYONE, kind="published", sanity="Own action"),
    Page("published: API actions", lambda w, p: "/api/v1/actions", EVERYONE, public=ACTION_API, kind="published"),
    Page(
        "published: API action", lambda w, p: "/api/v1/actions/skilled/1", EVERYONE, public=ACTION_API, kind="published"
    ),
    Page(
        "published: API actions by a draft's status",
        lambda w, p: "/api/v1/actions?status=off-track",
        EVERYONE,
        kind="published",
        sanity='"items"',
        forbidden=('"title": "Own action"',),
    ),
    Page(
        "published: API priority",
        lambda w, p: "/api/v1/priorities/skilled",
        EVERYONE,
        public=ACTION_API,
        kind="published",
    ),
]

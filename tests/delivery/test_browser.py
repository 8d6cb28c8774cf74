"""Delivery's staff and public pages in real Chromium, with the same checks as the public site's pages:
axe-core (WCAG 2.0-2.2 A and AA), use without JavaScript, weight as transferred, and the Nu HTML checker.

Reuses tests/browser: its `site` and `browser` fixtures and its Visitor. Staff pages are visited signed in,
with a session cookie made for each role.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from onestockport.delivery import services
from onestockport.delivery.models import Milestone, Update
from onestockport.delivery.permissions import Role
from onestockport.delivery.selectors import current_period
from onestockport.indicators.models import Indicator, Release, Upload
from onestockport.jobs.models import Job, ReminderDate
from onestockport.plans.models import Action, Partner
from onestockport.voice import services as voice_services
from onestockport.voice.models import Engagement, PriorityTag, Quote, Response
from tests.browser import conftest as browser_fixtures
from tests.browser.support import HTML_SNAPSHOTS, VNU_JAR, WEIGHT_BUDGET, Page
from tests.browser.test_pages import COMPRESSIBLE, Visitor, format_transfers, format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# The public site's browser fixtures, shared: the site as production serves it, and one Chromium.
site = browser_fixtures.site
browser = browser_fixtures.browser

PASSWORD = "browser-test-password-42"


@dataclass(frozen=True)
class StaffPage:
    page: Page
    role: str | None  # None: visited signed out


@pytest.fixture(scope="module")
def delivery_data(site, django_db_blocker):
    """Accounts, ownership, updates in several states and a milestone on the shipped plan, made through the
    services so the history page has real entries; all of it, history included, is removed afterwards
    (the `site` fixture proves its module leaves no rows behind)."""
    started = timezone.now()
    with django_db_blocker.unblock():
        council = Partner.objects.get(slug="stockport-council")
        homes = Partner.objects.get(slug="stockport-homes")
        action = Action.objects.get(priority__slug="skilled-and-confident", number=1)
        second = Action.objects.get(priority__slug="skilled-and-confident", number=2)
        users = {}
        for key, role, partner in [
            ("editor", Role.PARTNER_EDITOR, council),
            ("lead", Role.PARTNER_LEAD, council),
            ("officer", Role.PERFORMANCE_OFFICER, None),
            ("admin", Role.ADMINISTRATOR, None),
            ("engagement", Role.ENGAGEMENT_OFFICER, None),
        ]:
            user = get_user_model().objects.create_user(
                f"browser-{key}", f"browser-{key}@example.invalid", PASSWORD, first_name="Browser", last_name=key
            )
            users[key] = services.assign_role(user=user, role=role, partner=partner)
        for target in (action, second):
            services.edit_ownership(
                user=users["officer"],
                action=target,
                ownership=services.Ownership(
                    lead_partner=council, contributing_partners=[homes], contact_role="Head of Skills"
                ),
            )
        period = current_period()
        approved = services.create_update(
            user=users["editor"],
            action=action,
            period=period.previous(),
            content=services.UpdateContent(
                "at-risk",
                "Synthetic browser-test update: the hub opened later than planned.",
                40,
                ["https://www.stockport.gov.uk/"],
            ),
        )
        approved = services.submit_update(user=users["lead"], update_id=approved.pk, expected_version=1)
        services.approve_update(user=users["officer"], update_id=approved.pk, expected_version=approved.version)
        draft = services.create_update(
            user=users["editor"],
            action=action,
            content=services.UpdateContent("on-track", "Synthetic browser-test draft."),
        )
        services.edit_update(
            user=users["lead"],
            update_id=draft.pk,
            expected_version=1,
            content=services.UpdateContent("on-track", "Synthetic browser-test draft, changed by the lead."),
        )
        submitted = services.create_update(
            user=users["editor"], action=second, content=services.UpdateContent("off-track", "Synthetic: late.")
        )
        submitted = services.submit_update(user=users["lead"], update_id=submitted.pk, expected_version=1)
        milestone = services.create_milestone(
            user=users["editor"], action=action, title="Synthetic milestone", due=period.end
        )
        cookies = {}
        for key, user in users.items():
            client = Client()
            client.force_login(user)
            cookies[key] = client.cookies["sessionid"].value
        running = Job.objects.create(
            kind="static-export",
            title="Synthetic browser-test export",
            status=Job.Status.RUNNING,
            stage="Rendering pages",
            done=40,
            total=120,
        )
        failed = Job.objects.create(
            kind="import-file",
            title="Synthetic browser-test import",
            status=Job.Status.FAILED,
            error="data.csv: row 3, column 'areacd': expected a 9-character GSS code, got 'X1'",
            finished_at=timezone.now(),
        )
        plan = action.priority.plan
        preview = {
            "summary": "Synthetic preview",
            "rows_read": 3,
            "added": 1,
            "revised": 1,
            "unchanged": 1,
            "not_used": 0,
            "set_aside": {"Wales": 2},
            "revisions": [
                {
                    "indicator": "healthy-life-expectancy-female",
                    "area": "E08000007",
                    "area_name": "Synthetic area",
                    "period": "2021-23",
                    "breakdown": "",
                    "old": 61.2,
                    "new": 61.9,
                    "old_note": "",
                    "new_note": "",
                }
            ],
            "revisions_total": 1,
            "new_periods": {"healthy-life-expectancy-female": ["2022-24"]},
            "areas": {"healthy-life-expectancy-female": 1},
        }
        ready = Upload.objects.create(
            plan=plan,
            file="data-uploads/synthetic.csv",
            file_name="Synthetic browser-test ready.csv",
            format="ons-els",
            detected=True,
            checksum="0" * 64,
            state=Upload.State.READY,
            preview=preview,
        )
        refused = Upload.objects.create(
            plan=plan,
            file="data-uploads/synthetic-refused.csv",
            file_name="Synthetic browser-test refused.csv",
            format="ons-els",
            checksum="1" * 64,
            state=Upload.State.REFUSED,
            preview={"problems": [{"where": "row 3, column 'areacd'", "message": "expected a 9-character GSS code"}]},
        )
        release = Release.objects.create(
            format="ons-els",
            file_name="Synthetic browser-test release.csv",
            checksum="2" * 64,
            publisher="Synthetic publisher",
            rows_read=3,
            observations_added=1,
            observations_revised=1,
        )
        Indicator.all_objects.create(
            plan=plan,
            slug="synthetic-browser-test-draft",
            title="Synthetic browser-test draft indicator",
            status=Indicator.Status.DRAFT,
            origin=Indicator.Origin.FILE,
            publisher="Synthetic publisher",
        )
        quote = _voice_data(plan)
        ids = {
            "quote": quote.pk,
            "response": quote.response_id,
            "ready_upload": ready.pk,
            "refused_upload": refused.pk,
            "release": release.pk,
            "action": action.pk,
            "draft": draft.pk,
            "submitted": submitted.pk,
            "milestone": milestone.pk,
            "running_job": running.pk,
            "failed_job": failed.pk,
        }
    yield cookies, ids
    with django_db_blocker.unblock(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        Update.objects.filter(action__in=[action, second]).delete()
        Milestone.objects.filter(action__in=[action, second]).delete()
        Action.objects.filter(pk__in=[action.pk, second.pk]).update(lead_partner=None, contact_role="")
        for target in (action, second):
            target.contributing_partners.clear()
        Job.objects.filter(title__startswith="Synthetic browser-test").delete()
        Upload.objects.filter(file_name__startswith="Synthetic browser-test").delete()
        Indicator.all_objects.filter(slug="synthetic-browser-test-draft").delete()
        Release.objects.filter(file_name__startswith="Synthetic browser-test").delete()
        Engagement.objects.filter(slug=VOICE_ENGAGEMENT).delete()  # its respondents, responses, tags and quotes
        ReminderDate.objects.filter(sent_at__isnull=True).delete()  # the defaults the reminders page wrote
        get_user_model().objects.filter(username__startswith="browser-").delete()
        history = [m for m in apps.get_app_config("delivery").get_models() if m.__name__.startswith("Historical")]
        for model in sorted(history, key=lambda m: hasattr(m, "history_date")):  # many-to-many records first
            when = "history_date" if hasattr(model, "history_date") else "history__history_date"
            model.objects.filter(**{f"{when}__gte": started}).delete()


VOICE_ENGAGEMENT = "synthetic-browser-test"


def _voice_data(plan) -> Quote:
    """Two SYNTHETIC responses with the model's suggestions, and a quote the checks flag "edit first"."""
    engagement = Engagement.objects.create(plan=plan, slug=VOICE_ENGAGEMENT, name="Synthetic browser-test survey")
    question = engagement.questions.create(key="comment", text="What would make the area better?", kind="text")
    priorities = list(plan.priorities.order_by("position")[:2])
    responses = []
    for row, (text, score) in enumerate(
        [("Synthetic: more apprenticeships for school leavers.", 0.71), ("Synthetic: my name is Jo Bloggs.", 0.42)]
    ):
        respondent = engagement.respondents.create(
            source_id_hash=f"browser-{row}", row=row + 2, age_band="25-34", consent_to_quote=True
        )
        response = Response.objects.create(respondent=respondent, question=question, text=text)
        for rank, priority in enumerate(priorities, start=1):
            PriorityTag.objects.create(response=response, priority=priority, rank=rank, score=score - rank / 10)
        responses.append(response)
    return voice_services.create_quote(response=responses[1], priority=priorities[0])


def staff_pages(ids: dict) -> list[StaffPage]:
    action = ids["action"]
    return [
        StaffPage(Page("delivery-statuses", "/statuses/", contains=("What each status means",)), None),
        StaffPage(
            Page("delivery-partner", "/partners/stockport-council/", contains=("Actions it leads", "At risk")), None
        ),
        StaffPage(
            Page(
                "delivery-action-with-progress",
                "/priorities/skilled-and-confident/actions/1/",
                contains=("At risk", "40%"),
            ),
            None,
        ),
        StaffPage(Page("delivery-sign-in", "/delivery/sign-in/", contains=("Sign in to delivery tracking",)), None),
        StaffPage(Page("delivery-staff-home", "/delivery/", contains=("Your actions",)), "editor"),
        StaffPage(Page("delivery-staff-action", f"/delivery/actions/{action}/", contains=("Milestones",)), "editor"),
        StaffPage(
            Page("delivery-update-edit", f"/delivery/updates/{ids['draft']}/edit/", contains=("Status",)), "editor"
        ),
        StaffPage(Page("delivery-update-draft", f"/delivery/updates/{ids['draft']}/", contains=("Draft",)), "lead"),
        StaffPage(
            Page("delivery-update-review", f"/delivery/updates/{ids['submitted']}/", contains=("Review",)), "officer"
        ),
        StaffPage(
            Page("delivery-history", f"/delivery/actions/{action}/history/", contains=("History of changes",)), "editor"
        ),
        StaffPage(Page("delivery-milestone-new", f"/delivery/actions/{action}/milestones/new/"), "editor"),
        StaffPage(Page("delivery-milestone-complete", f"/delivery/milestones/{ids['milestone']}/complete/"), "editor"),
        StaffPage(
            Page("delivery-ownership", f"/delivery/actions/{action}/ownership/", contains=("Lead partner",)), "officer"
        ),
        StaffPage(Page("delivery-dashboard", "/delivery/dashboard/", contains=("Delivery dashboard",)), "officer"),
        StaffPage(Page("delivery-board-packs", "/delivery/board-packs/", contains=("Make a board pack",)), "officer"),
        StaffPage(Page("jobs", "/delivery/jobs/", contains=("Background jobs", "Start a job")), "officer"),
        StaffPage(
            Page("job-running", f"/delivery/jobs/{ids['running_job']}/", contains=("Rendering pages", "40 of 120")),
            "officer",
        ),
        StaffPage(
            Page("job-failed", f"/delivery/jobs/{ids['failed_job']}/", contains=("The job failed", "row 3")), "officer"
        ),
        StaffPage(Page("reminder-dates", "/delivery/reminders/", contains=("Reminder dates",)), "officer"),
        StaffPage(
            Page("remind-preview", "/delivery/dashboard/remind/", contains=("Check the reminders before sending",)),
            "officer",
        ),
        StaffPage(
            Page("email-settings", "/delivery/email-settings/", contains=("Your email settings", "weekly digest")),
            "editor",
        ),
        StaffPage(Page("data", "/delivery/data/", contains=("Upload a new release", "Releases")), "officer"),
        StaffPage(
            Page(
                "data-upload-preview",
                f"/delivery/data/uploads/{ids['ready_upload']}/",
                contains=("What publishing would change", "61.9"),
            ),
            "officer",
        ),
        StaffPage(
            Page("data-upload-refused", f"/delivery/data/uploads/{ids['refused_upload']}/", contains=("row 3",)),
            "officer",
        ),
        StaffPage(
            Page(
                "data-draft",
                "/delivery/data/drafts/synthetic-browser-test-draft/",
                contains=("Confirm and publish", "Which way is better?"),
            ),
            "officer",
        ),
        StaffPage(
            Page("data-release", f"/delivery/data/releases/{ids['release']}/", contains=("Withdraw the release",)),
            "officer",
        ),
        StaffPage(Page("delivery-refused", f"/delivery/actions/{action}/ownership/", status=403), "editor"),
        StaffPage(
            Page("password-forgotten", "/delivery/password/forgotten/", contains=("Forgotten your password",)), None
        ),
        StaffPage(Page("people", "/delivery/people/", contains=("People", "Invite someone")), "admin"),
        StaffPage(Page("people-invite", "/delivery/people/invite/", contains=("Send the invitation",)), "lead"),
        StaffPage(Page("voice-desk", "/delivery/voice/", contains=("Review desk", "Only suggestions")), "engagement"),
        StaffPage(Page("voice-quotes", "/delivery/voice/quotes/", contains=("Awaiting approval",)), "engagement"),
        StaffPage(
            Page("voice-quote", f"/delivery/voice/quotes/{ids['quote']}/", contains=("Edit first",)), "engagement"
        ),
        StaffPage(
            Page("voice-quote-create", f"/delivery/voice/responses/{ids['response']}/quote/", contains=("Make",)),
            "admin",
        ),
        StaffPage(Page("voice-surveys", "/delivery/voice/surveys/", contains=("Surveys",)), "engagement"),
        StaffPage(
            Page("voice-survey-upload", "/delivery/voice/surveys/upload/", contains=("Upload a survey",)), "engagement"
        ),
        StaffPage(Page("bulk-ownership", "/delivery/ownership/", contains=("Who delivers the actions",)), "officer"),
        StaffPage(
            Page("ownership-upload", "/delivery/ownership/upload/", contains=("Preview the changes",)), "officer"
        ),
    ]


class _SignedIn:
    """A browser whose new contexts carry a session cookie."""

    def __init__(self, browser, site, session: str) -> None:
        self.browser, self.site, self.session = browser, site, session

    def new_context(self, **kwargs):
        context = self.browser.new_context(**kwargs)
        context.add_cookies([{"name": "sessionid", "value": self.session, "url": self.site.url}])
        return context


@pytest.fixture(scope="module")
def visits(browser, site, delivery_data):
    cookies, ids = delivery_data
    visitors = {None: Visitor(browser, site)}
    for role, session in cookies.items():
        visitors[role] = Visitor(_SignedIn(browser, site, session), site)
    pages = staff_pages(ids)

    def visit(name: str, *, javascript: bool):
        staff = next(p for p in pages if p.page.name == name)
        return visitors[staff.role].visit(staff.page, javascript=javascript)

    return pages, visit


PAGE_NAMES = [p.page.name for p in staff_pages(defaultdict(int))]  # the names, not the ids


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_renders_and_is_accessible(visits, name):
    pages, visit = visits
    page = next(p.page for p in pages if p.page.name == name)
    result = visit(name, javascript=True)
    assert result.status == page.status
    assert len(result.headings) == 1, result.headings
    for text in page.contains:
        assert text in result.main_text, text
    assert not result.failed_requests
    if result.violations:
        pytest.fail(f"{page.path}: {format_violations(result.violations)}", pytrace=False)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_works_without_javascript(visits, name):
    pages, visit = visits
    page = next(p.page for p in pages if p.page.name == name)
    result = visit(name, javascript=False)
    assert result.status == page.status
    assert len(result.headings) == 1
    for text in page.contains:
        assert text in result.main_text


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_weight_is_within_budget(visits, name):
    _pages, visit = visits
    result = visit(name, javascript=True)
    uncompressed = [t for t in result.transfers if t.kind in COMPRESSIBLE and t.encoding not in {"br", "gzip", "zstd"}]
    assert not uncompressed, format_transfers(uncompressed)
    assert result.transferred <= WEIGHT_BUDGET, format_transfers(result.transfers)


def test_html_is_valid(visits, tmp_path):
    java = shutil.which("java")
    if not java or not VNU_JAR.is_file():
        pytest.skip("the Nu checker needs Java and node_modules/vnu-jar (make setup)")
    pages, visit = visits
    HTML_SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    for staff in pages:
        html = visit(staff.page.name, javascript=True).html
        (tmp_path / f"{staff.page.name}.html").write_text(html, encoding="utf-8")
        (HTML_SNAPSHOTS / f"{staff.page.name}.html").write_text(html, encoding="utf-8")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, sorted(tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert not messages, "\n".join(
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}" for m in messages
    )

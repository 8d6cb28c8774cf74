"""Forms for the delivery pages: they check what people typed; the services decide and write."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.validators import URLValidator

from onestockport.plans.models import Action, DeliveryBody, Partner, Plan

from .evidence import ALLOWED_DESCRIPTION, FILE_TYPES, EvidenceRejected, check_upload, max_bytes, size_label
from .fields import (
    VERSION_MAX,
    GovukDateField,
    IdChoiceField,
    IdMultipleChoiceField,
    MultipleFileField,
    PlainTextField,
)
from .models import EVIDENCE_FILES_MAX, EVIDENCE_LINKS_MAX, NARRATIVE_MAX_LENGTH, Status
from .reports.registry import FORMATS
from .services import Ownership, UpdateContent
from .text import clean_text

_https = URLValidator(schemes=["https", "http"], message="Enter a link that starts with https://")


class SignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "invalid_login": (
                f"Enter a correct username and password. After {settings.AXES_FAILURE_LIMIT} wrong attempts, "
                "sign-in is paused for an hour."
            ),
            "inactive": "This account is not active. Ask the performance team to re-open it.",
        }


_OUT_OF_DATE = "The form is out of date: reload the page and try again"


class VersionedForm(forms.Form):
    """Carries the version of the record the user started from, so a later save can tell if it moved."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=VERSION_MAX,  # a larger number would reach the database and fail there
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), _OUT_OF_DATE),
    )


class UpdateForm(VersionedForm):
    status = forms.ChoiceField(
        label="Status",
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the action's status", "invalid_choice": "Select the action's status"},
    )
    percent_complete = forms.IntegerField(
        label="Percent complete (optional)",
        required=False,
        min_value=0,
        max_value=100,
        help_text="A whole number from 0 to 100, if the action's progress can be measured that way.",
        error_messages={
            "invalid": "Percent complete must be a whole number, like 40",
            "min_value": "Percent complete must be 0 or more",
            "max_value": "Percent complete must be 100 or less",
        },
    )
    narrative = PlainTextField(
        label="What has happened this period",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=NARRATIVE_MAX_LENGTH,
        help_text="Plain text, for the public. Say what was done, what changed and what happens next.",
        error_messages={
            "required": "Enter what has happened this period",
            "max_length": f"What has happened must be {NARRATIVE_MAX_LENGTH:,} characters or fewer",
        },
    )
    evidence_links = PlainTextField(
        label="Links to evidence (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"One web address per line, up to {EVIDENCE_LINKS_MAX}, for example https://www.example.gov.uk/",
    )
    evidence_file = MultipleFileField(
        label="Upload files as evidence (optional)",
        required=False,
        help_text=(
            f"You can choose several files at once. {ALLOWED_DESCRIPTION}, each smaller than "
            f"{size_label(max_bytes())}, up to {EVIDENCE_FILES_MAX} files."
        ),
    )

    accept = ",".join(FILE_TYPES)
    narrative_max = NARRATIVE_MAX_LENGTH
    accepted_uploads: list = []

    def clean_evidence_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines() if line.strip()]
        if len(links) > EVIDENCE_LINKS_MAX:
            raise forms.ValidationError(f"Enter {EVIDENCE_LINKS_MAX} links or fewer")
        for link in links:
            _https(link)
        return links

    def clean_evidence_file(self) -> list:
        uploads = self.cleaned_data.get("evidence_file") or []
        if len(uploads) > EVIDENCE_FILES_MAX:
            raise forms.ValidationError(f"Select {EVIDENCE_FILES_MAX} files or fewer")
        problems = []
        self.accepted_uploads = []  # the files that passed, kept for the next try if the form fails elsewhere
        for upload in uploads:
            # Every file is checked, and each message names its file, so one bad file among several is clear.
            name = clean_text(upload.name or "", multiline=False) or "A file"
            try:
                check_upload(upload, subject=f"“{name}”" if len(uploads) > 1 else "The selected file")
            except EvidenceRejected as exc:
                problems.append(forms.ValidationError(str(exc)))
            else:
                self.accepted_uploads.append(upload)
        if problems:
            raise forms.ValidationError(problems)
        return uploads

    def content(self) -> UpdateContent:
        data = self.cleaned_data
        return UpdateContent(
            status=data["status"],
            narrative=data["narrative"],
            percent_complete=data["percent_complete"],
            evidence_links=data["evidence_links"],
        )

    def files_to_attach(self) -> list:
        return list(self.cleaned_data.get("evidence_file") or [])


class ReturnForm(VersionedForm):
    comment = PlainTextField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NARRATIVE_MAX_LENGTH,
        help_text="The partner sees this comment with their update.",
        error_messages={
            "required": "Enter what needs to change",
            "max_length": f"The comment must be {NARRATIVE_MAX_LENGTH:,} characters or fewer",
        },
    )


class MilestoneForm(forms.Form):
    title = PlainTextField(
        label="Milestone",
        multiline=False,
        max_length=300,
        error_messages={"required": "Enter the milestone", "max_length": "Enter 300 characters or fewer"},
    )
    due = GovukDateField(label="Due date", subject="Due date", help_text="For example, 30 9 2026")


class CompletionForm(forms.Form):
    done = GovukDateField(
        label="Date completed",
        subject="Date completed",
        required=False,
        help_text="For example, 30 9 2026. Leave empty to record that it is not done yet.",
    )
    evidence_url = forms.URLField(
        label="Link to evidence (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a link that starts with https://"},
    )


class OwnershipForm(forms.Form):
    lead_partner = IdChoiceField(
        label="Lead partner", queryset=Partner.objects.none(), required=False, empty_label="Not yet assigned"
    )
    contributing_partners = IdMultipleChoiceField(
        label="Contributing partners",
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    delivery_body = IdChoiceField(
        label="Delivered through",
        queryset=DeliveryBody.objects.none(),
        required=False,
        empty_label="The priority's delivery bodies",
    )
    contact_role = PlainTextField(
        label="Contact role",
        multiline=False,
        max_length=200,
        required=False,
        help_text="A role, not a person's name, for example 'Head of Skills, the council'.",
    )
    start_date = GovukDateField(
        label="Start date", subject="Start date", required=False, help_text="For example, 1 4 2026"
    )
    due_date = GovukDateField(label="Due date", subject="Due date", required=False, help_text="For example, 31 3 2030")

    def __init__(self, *args, action: Action, **kwargs) -> None:
        initial = {
            "lead_partner": action.lead_partner,
            "contributing_partners": list(action.contributing_partners.all()),
            "delivery_body": action.delivery_body,
            "contact_role": action.contact_role,
            "start_date": action.start_date,
            "due_date": action.due_date,
        }
        super().__init__(*args, initial=initial, **kwargs)
        plan = action.priority.plan
        self.fields["lead_partner"].queryset = Partner.objects.filter(plan=plan)
        self.fields["contributing_partners"].queryset = Partner.objects.filter(plan=plan)
        self.fields["delivery_body"].queryset = DeliveryBody.objects.filter(plan=plan)

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "Due date must be the same as or after the start date")
        return data

    def ownership(self) -> Ownership:
        data = self.cleaned_data
        return Ownership(
            lead_partner=data["lead_partner"],
            contributing_partners=list(data["contributing_partners"]),
            delivery_body=data["delivery_body"],
            contact_role=data["contact_role"],
            start_date=data["start_date"],
            due_date=data["due_date"],
        )


class BoardPackForm(forms.Form):
    body = forms.ModelChoiceField(
        label="Delivery body", queryset=DeliveryBody.objects.none(), to_field_name="slug", empty_label=None
    )
    period = forms.ChoiceField(
        label="Reporting period",
        choices=(),
        error_messages={"required": "Select a reporting period", "invalid_choice": "Select a reporting period"},
    )
    format = forms.ChoiceField(
        label="Format", choices=[(name, fmt.label) for name, fmt in FORMATS.items()], widget=forms.RadioSelect
    )

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        from .selectors import reporting_periods

        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = DeliveryBody.objects.filter(plan=plan)
        # Chosen from the plan's reporting periods, so a mistyped label cannot make an empty pack.
        self.periods = {period.label: period for period in reporting_periods(plan)}
        self.fields["period"].choices = [
            (label, f"{label} ({period.description})") for label, period in self.periods.items()
        ]

    def clean_period(self):
        return self.periods[self.cleaned_data["period"]]


# --- Accounts ------------------------------------------------------------------------------------


class InviteForm(forms.Form):
    """Who to invite, into which organisation and role; the choices are those the inviter may give."""

    email = forms.EmailField(
        label="Email address",
        max_length=150,  # the username is the address, and a username holds 150 characters
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "The email address must be 150 characters or fewer",
        },
    )
    name = PlainTextField(
        label="Full name",
        multiline=False,
        max_length=150,
        error_messages={"required": "Enter their full name", "max_length": "The name must be 150 characters or fewer"},
    )
    organisation = IdChoiceField(
        label="Organisation",
        queryset=Partner.objects.none(),
        required=False,
        empty_label="None (performance team, engagement or administration)",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    role = forms.ChoiceField(
        label="Role", choices=(), error_messages={"required": "Select a role", "invalid_choice": "Select a role"}
    )

    def __init__(self, *args, plan: Plan, roles: list, own: Partner | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from .permissions import ORGANISATION_ROLES

        self.organisation_roles = {role.value for role in ORGANISATION_ROLES}
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        # Any of the plan's partners is a valid answer, so an organisation the inviter may not choose is
        # refused as a permission (403, logged); the list offers only the ones they may.
        field = self.fields["organisation"]
        field.queryset = Partner.objects.filter(plan=plan).order_by("name")
        if own is not None:
            field.choices = [(own.pk, own.name)]

    def clean_email(self) -> str:
        from .accounts import email_in_use

        email = self.cleaned_data["email"].strip()
        if email_in_use(email):
            raise forms.ValidationError("An account already uses this email address")
        return email

    def clean(self):
        data = super().clean()
        role, partner = data.get("role"), data.get("organisation")
        if role in self.organisation_roles and partner is None:
            self.add_error("organisation", "Select the organisation a partner editor or lead belongs to")
        elif role and role not in self.organisation_roles and partner is not None:
            self.add_error("organisation", "Only partner editors and leads belong to an organisation: select None")
        return data


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )


class NewPasswordForm(SetPasswordForm):
    """Django's set-password form (with the project's password validators), in GOV.UK words."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "Confirm the new password"
        self.fields[
            "new_password1"
        ].help_text = (
            "At least 8 characters. Not a common password, not only numbers, and not like your name or email address."
        )
        self.fields["new_password2"].help_text = ""
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.error_messages = {**self.error_messages, "password_mismatch": "The two passwords do not match"}


# --- Ownership of many actions -------------------------------------------------------------------


class BulkOwnershipForm(forms.Form):
    actions = IdMultipleChoiceField(
        label="Actions",
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one action", "invalid_choice": "Select actions from the list"},
    )
    lead_partner = IdChoiceField(
        label="Lead partner",
        queryset=Partner.objects.none(),
        required=False,
        empty_label="Leave each action's lead partner as it is",
        error_messages={"invalid_choice": "Select a lead partner from the list"},
    )
    contributing_partners = IdMultipleChoiceField(
        label="Add contributing partners",
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select contributing partners from the list"},
    )

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = Action.objects.filter(priority__plan=plan)
        self.fields["lead_partner"].queryset = Partner.objects.filter(plan=plan).order_by("name")
        self.fields["contributing_partners"].queryset = Partner.objects.filter(plan=plan).order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("lead_partner") and not data.get("contributing_partners") and "actions" in data:
            raise forms.ValidationError("Select a lead partner or at least one contributing partner to add")
        return data


class OwnershipUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )


class OwnershipConfirmForm(forms.Form):
    """The previewed file's text, sent back to apply it: it is read and checked again, never trusted."""

    text = forms.CharField(widget=forms.HiddenInput, max_length=512 * 1024, strip=False)
    name = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)

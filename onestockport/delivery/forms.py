"""Forms for the delivery pages: they check what people typed; the services decide and write."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import URLValidator

from onestockport.plans.models import Action, DeliveryBody, Partner, Plan

from .evidence import ALLOWED_DESCRIPTION, FILE_TYPES, EvidenceRejected, check_upload, max_bytes, size_label
from .fields import VERSION_MAX, IdChoiceField, IdMultipleChoiceField, PlainTextField
from .models import EVIDENCE_LINKS_MAX, NARRATIVE_MAX_LENGTH, Status
from .reports.registry import FORMATS
from .services import Ownership, UpdateContent

_https = URLValidator(schemes=["https", "http"], message="Enter a link that starts with https://")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


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
    evidence_file = forms.FileField(
        label="Upload a file as evidence (optional)",
        required=False,
        help_text=f"{ALLOWED_DESCRIPTION}, smaller than {size_label(max_bytes())}",
    )

    accept = ",".join(FILE_TYPES)
    narrative_max = NARRATIVE_MAX_LENGTH

    def clean_evidence_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines() if line.strip()]
        if len(links) > EVIDENCE_LINKS_MAX:
            raise forms.ValidationError(f"Enter {EVIDENCE_LINKS_MAX} links or fewer")
        for link in links:
            _https(link)
        return links

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            try:
                check_upload(upload)
            except EvidenceRejected as exc:
                raise forms.ValidationError(str(exc)) from None
        return upload

    def content(self) -> UpdateContent:
        data = self.cleaned_data
        return UpdateContent(
            status=data["status"],
            narrative=data["narrative"],
            percent_complete=data["percent_complete"],
            evidence_links=data["evidence_links"],
        )

    def files_to_attach(self) -> list:
        upload = self.cleaned_data.get("evidence_file")
        return [upload] if upload else []


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
    due = forms.DateField(
        label="Due date",
        widget=DateInput,
        help_text="For example, 30 September 2026",
        error_messages={"required": "Enter the due date", "invalid": "Due date must be a real date"},
    )


class CompletionForm(forms.Form):
    done = forms.DateField(
        label="Date completed",
        widget=DateInput,
        required=False,
        help_text="Leave empty to record that it is not done yet.",
        error_messages={"invalid": "Date completed must be a real date"},
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
    start_date = forms.DateField(
        label="Start date",
        widget=DateInput,
        required=False,
        error_messages={"invalid": "Start date must be a real date"},
    )
    due_date = forms.DateField(
        label="Due date", widget=DateInput, required=False, error_messages={"invalid": "Due date must be a real date"}
    )

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
    period = forms.CharField(label="Reporting period", max_length=10, help_text="For example, 2026-Q3")
    format = forms.ChoiceField(
        label="Format", choices=[(name, fmt.label) for name, fmt in FORMATS.items()], widget=forms.RadioSelect
    )

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = DeliveryBody.objects.filter(plan=plan)

    def clean_period(self):
        from .errors import InvalidPeriod
        from .selectors import get_period

        try:
            return get_period(self.cleaned_data["period"])
        except InvalidPeriod as exc:
            raise forms.ValidationError(str(exc)) from None

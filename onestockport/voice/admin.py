"""The Django admin's voice pages: the records behind the engagement desk (/delivery/voice/, staff_views.py),
which is where officers review; kept for administrators and for correcting a record by hand.

Every change goes through services (who reviewed or approved is recorded; quote text is redacted).
Imports run from the command line (`onestockport voice import`), where a bad file is reported in full.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from . import services
from .models import ActionLink, Engagement, PriorityTag, Question, Quote, Respondent, Response
from .redaction import redact


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "key", "text", "kind"]
    readonly_fields = ["key", "kind"]


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "starts_on", "ends_on", "published", "imported_at"]
    list_filter = ["published", "plan"]
    readonly_fields = ["source_format", "source_file", "source_checksum", "imported_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [QuestionInline]


@admin.register(Respondent)
class RespondentAdmin(admin.ModelAdmin):
    list_display = ["pk", "engagement", "row", "age_band", "ward", "postcode_district", "consent_to_quote"]
    list_filter = ["engagement", "age_band", "consent_to_quote"]
    readonly_fields = ["source_id_hash", "row", "engagement"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # respondents come from imported files


class PriorityTagInline(admin.TabularInline):
    model = PriorityTag
    extra = 1
    fields = ["priority", "rank", "score", "status", "model_name", "reviewed_by", "reviewed_at"]
    readonly_fields = ["rank", "score", "model_name", "reviewed_by", "reviewed_at"]


class ActionLinkInline(admin.TabularInline):
    model = ActionLink
    extra = 0
    fields = ["action", "source", "score"]
    readonly_fields = ["score"]
    autocomplete_fields = ["action"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    fields = ["priority", "text", "consent_recorded", "consent_note", "approved", "approved_by", "approved_at"]
    readonly_fields = ["approved", "approved_by", "approved_at"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "excerpt", "question", "top_tag", "tagged_at"]
    list_filter = ["respondent__engagement", "question", "tags__status", "tags__priority"]
    search_fields = ["text"]
    readonly_fields = ["respondent", "question", "text", "choice", "embedding_model", "tagged_at"]
    fields = readonly_fields
    inlines = [PriorityTagInline, ActionLinkInline, QuoteInline]
    actions = ["confirm_top_tag", "make_quotes"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Response")
    def excerpt(self, obj: Response) -> str:
        return (obj.text or obj.choice)[:90]

    @admin.display(description="Best priority")
    def top_tag(self, obj: Response) -> str:
        tag = obj.tags.exclude(status=PriorityTag.Status.REJECTED).order_by("rank").first()
        return f"{tag.priority.name} ({tag.get_status_display().lower()})" if tag else ""

    def save_formset(self, request, form, formset, change) -> None:
        """A tag an officer adds or changes here is their judgement: recorded as reviewed by them."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            if isinstance(obj, PriorityTag):
                if obj.status == PriorityTag.Status.SUGGESTED:
                    obj.status = PriorityTag.Status.CONFIRMED
                obj.save()
                services.review_tag(tag=obj, confirmed=obj.status == PriorityTag.Status.CONFIRMED, user=request.user)
            elif isinstance(obj, Quote):
                obj.text = redact(obj.text)
                obj.save()
            elif isinstance(obj, ActionLink):
                obj.source = ActionLink.Source.PERSON
                obj.save()
            else:
                obj.save()
        formset.save_m2m()

    @admin.action(description="Confirm the best priority of the selected responses")
    def confirm_top_tag(self, request: HttpRequest, queryset: QuerySet[Response]) -> None:
        count = 0
        for response in queryset:
            tag = response.tags.filter(status=PriorityTag.Status.SUGGESTED, rank=1).first()
            if tag:
                services.review_tag(tag=tag, confirmed=True, user=request.user)
                count += 1
        self.message_user(request, f"Confirmed {count} tags; they now teach the tagger.")

    @admin.action(description="Make candidate quotes from the selected responses (for their best priority)")
    def make_quotes(self, request: HttpRequest, queryset: QuerySet[Response]) -> None:
        count = 0
        for response in queryset.exclude(text=""):
            tag = response.tags.exclude(status=PriorityTag.Status.REJECTED).order_by("rank").first()
            if tag:
                services.create_quote(response=response, priority=tag.priority)
                count += 1
        self.message_user(request, f"Made {count} candidate quotes (redacted); approve them under Quotes.")


@admin.register(PriorityTag)
class PriorityTagAdmin(admin.ModelAdmin):
    list_display = ["response", "priority", "rank", "score", "status", "reviewed_by"]
    list_filter = ["status", "priority", "rank"]
    actions = ["confirm", "reject"]
    readonly_fields = ["response", "score", "rank", "model_name", "reviewed_by", "reviewed_at"]

    @admin.action(description="Confirm the selected tags")
    def confirm(self, request: HttpRequest, queryset: QuerySet[PriorityTag]) -> None:
        for tag in queryset:
            services.review_tag(tag=tag, confirmed=True, user=request.user)
        self.message_user(request, f"Confirmed {queryset.count()} tags.")

    @admin.action(description="Reject the selected tags")
    def reject(self, request: HttpRequest, queryset: QuerySet[PriorityTag]) -> None:
        for tag in queryset:
            services.review_tag(tag=tag, confirmed=False, user=request.user)
        self.message_user(request, f"Rejected {queryset.count()} tags.")


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "priority", "consent_recorded", "approved", "approved_by", "approved_at"]
    list_filter = ["approved", "consent_recorded", "priority"]
    fields = [
        "response",
        "priority",
        "text",
        "consent_recorded",
        "consent_note",
        "actions",
        "approved",
        "approved_by",
        "approved_at",
    ]
    readonly_fields = ["response", "approved", "approved_by", "approved_at"]
    filter_horizontal = ["actions"]
    actions = ["approve", "withdraw"]

    def save_model(self, request, obj: Quote, form, change) -> None:
        obj.text = redact(obj.text)  # an officer's edit is redacted too
        super().save_model(request, obj, form, change)

    @admin.action(description="Approve the selected quotes for publication")
    def approve(self, request: HttpRequest, queryset: QuerySet[Quote]) -> None:
        """The desk's checks apply here too; an override with a reason is made on the desk's quote page."""
        approved, refusals = 0, []
        for quote in queryset:
            try:
                services.approve_quote(quote=quote, user=request.user)
                approved += 1
            except services.QuoteNotPublishableError as exc:
                refusals.append(f"Quote {quote.pk}: {exc}")
        self.message_user(request, f"Approved {approved} quotes.")
        for refusal in refusals:
            self.message_user(request, refusal, messages.WARNING)

    @admin.action(description="Withdraw the selected quotes from publication")
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Quote]) -> None:
        for quote in queryset:
            services.withdraw_quote(quote=quote)
        self.message_user(request, f"Withdrew {queryset.count()} quotes.")

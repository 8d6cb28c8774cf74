"""The admin site: administrators manage memberships; delivery records are read-only here, with their history.

Updates and milestones change only through the delivery pages, so the workflow and its checks always apply.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import EvidenceFile, Membership, Milestone, Update


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "partner"]
    list_filter = ["partner"]
    search_fields = ["user__username", "user__email", "partner__name"]
    autocomplete_fields = ["user"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Update)
class UpdateAdmin(ReadOnlyAdmin):
    list_display = ["action", "period", "status", "state", "version"]
    list_filter = ["state", "status", "period"]
    search_fields = ["narrative"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["title", "action", "due", "done", "verified_at"]
    list_filter = ["done"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "update", "content_type", "size", "uploaded_at"]

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit trail: read-only for everyone, superusers included."""

    list_display = ("created_at", "actor", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("action", "object_repr", "actor__email", "object_id")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "content_type")

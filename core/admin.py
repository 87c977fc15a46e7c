"""Admin building blocks shared by every app."""

from __future__ import annotations

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records kept by the portal itself (audit trail, change history, import history,
    what the alert jobs found and sent): staff may read them, nobody may add, change or
    delete them through the admin, superusers included."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

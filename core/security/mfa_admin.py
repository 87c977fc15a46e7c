"""The admin of second factors: who has which, and a way to remove a lost one.

allauth's own AuthenticatorAdmin shows and edits each authenticator's `data` (the TOTP
secret and recovery-code seed, encrypted by core/security/mfa_adapter.py, and which codes
were used). Here nobody reads or edits it: superusers (no one else has the permissions)
see the owner, the type and the dates, and may delete an authenticator, which is how a
staff member who lost their phone gets to set up a new one at the next sign-in.
"""

from __future__ import annotations

from allauth.mfa.base.internal.flows import delete_dangling_recovery_codes
from allauth.mfa.models import Authenticator
from django.contrib import admin


class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type", "created_at", "last_used_at")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        delete_dangling_recovery_codes(obj.user)  # as allauth does when its owner removes it

    def delete_queryset(self, request, queryset):
        users = {a.user for a in queryset.select_related("user")}
        super().delete_queryset(request, queryset)
        for user in users:
            delete_dangling_recovery_codes(user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def register(site: admin.AdminSite) -> None:
    if site.is_registered(Authenticator):
        site.unregister(Authenticator)
    site.register(Authenticator, AuthenticatorAdmin)

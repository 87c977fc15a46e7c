"""Accounts: users, email addresses and groups — changed by superusers only."""

from __future__ import annotations

from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from core.audit.services import log_action

from ..models import (
    MemberProfile,
    User,
)

# --- Users ------------------------------------------------------------------------------


class SuperusersOnlyChangeMixin:
    """Who controls an account (its email addresses, password, staff and superuser flags,
    groups and permissions) is changed by superusers only, whatever permissions a group
    holds: "change user" or "change group" is in effect a superuser's power, since whoever
    has it can make themselves one. Staff with the view permission may still look."""

    def has_add_permission(self, request, *args) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MemberProfileInline(admin.StackedInline):
    model = MemberProfile
    fields = ("full_name", "membership", "network_role", "visibility")
    readonly_fields = fields
    can_delete = False
    show_change_link = True
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # profiles are created with the account (members.adapters)


@admin.register(User)
class UserAdmin(SuperusersOnlyChangeMixin, BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "date_joined", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "profile__full_name")
    list_select_related = ("profile",)
    readonly_fields = ("date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_inlines(self, request, obj):
        return [MemberProfileInline] if obj is not None else []

    # Every change to an account through the admin (the form, the password page) leaves
    # an audit entry naming the fields, next to Django's own history.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            log_action(actor=request.user, action="members.user.admin_created", obj=obj)
        elif form.changed_data:
            log_action(
                actor=request.user,
                action="members.user.admin_changed",
                obj=obj,
                data={"fields": sorted(form.changed_data)},
            )

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            log_action(
                actor=request.user,
                action="members.user.admin_changed",
                obj=self.get_object(request, id),
                data={"fields": ["password"]},
            )
        return response

    @admin.display(description=_("full name"), ordering="profile__full_name")
    def full_name(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.full_name if profile else ""


# allauth's admin for email addresses and Django's for groups, with the rule above: an
# address on an account is how its password is reset, so only superusers add, change,
# remove or mark one verified.
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(SuperusersOnlyChangeMixin, BaseEmailAddressAdmin):
    actions = ["make_verified"]

    @admin.action(
        description=_("Mark selected email addresses as verified"), permissions=["change"]
    )
    def make_verified(self, request, queryset):
        return super().make_verified(request, queryset)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SuperusersOnlyChangeMixin, BaseGroupAdmin):
    pass

"""Member profiles: network roles, visibility and the profile's organisation."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.audit.services import log_action
from core.uploads import PHOTO, ImageUploadField

from .. import services
from ..models import (
    MemberProfile,
)

# --- Member profiles --------------------------------------------------------------------


class MemberProfileAdminForm(forms.ModelForm):
    photo = ImageUploadField(spec=PHOTO, label=_("Photo"), required=False)

    class Meta:
        model = MemberProfile
        # The admin narrows this to MemberProfileAdmin.fieldsets.
        fields = [
            "user", "full_name", "photo", "country", "bio", "organization", "organization_role",
            "categories", "expertise", "languages", "linkedin_url", "website", "preferred_language",
            "time_zone", "visibility", "network_role", "represented_region",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("network_role")
        if role == MemberProfile.NetworkRole.REGIONAL_REP and not cleaned.get("represented_region"):
            self.add_error(
                "represented_region", _("A regional representative must represent a region.")
            )
        elif (
            role
            and role != MemberProfile.NetworkRole.MEMBER
            and self.instance.membership != MemberProfile.Membership.APPROVED
        ):
            self.add_error(
                "network_role", _("Only approved members can take a role in the network.")
            )
        return cleaned


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    form = MemberProfileAdminForm
    list_display = (
        "__str__",
        "email",
        "organization",
        "country",
        "membership",
        "network_role",
        "visibility",
    )
    list_filter = ("membership", "network_role", "represented_region", "visibility", "categories")
    search_fields = ("full_name", "user__email", "organization__name", "bio")
    list_select_related = ("user", "organization")
    autocomplete_fields = ("organization",)
    raw_id_fields = ("user",)
    filter_horizontal = ("languages", "categories", "expertise")
    # Membership changes through applications; member_since with it.
    readonly_fields = ("membership", "member_since", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("user", "full_name", "photo", "country", "bio")}),
        (_("Organization"), {"fields": ("organization", "organization_role")}),
        (_("Skills"), {"fields": ("categories", "expertise", "languages")}),
        (_("Contact"), {"fields": ("linkedin_url", "website")}),
        (_("Preferences"), {"fields": ("preferred_language", "time_zone", "visibility")}),
        (
            _("Network"),
            {
                "fields": (
                    "membership",
                    "member_since",
                    "network_role",
                    "represented_region",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )
    actions = ["make_plain_member", "make_core_group_member"]

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    def get_readonly_fields(self, request, obj=None):
        # A profile stays with its account: moving it to another one would hand that
        # account the profile's membership and network role (and their groups).
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "user") if obj is not None else readonly

    def save_model(self, request, obj, form, change):
        # The role goes through network_role_set so that auth groups follow it.
        role, region = obj.network_role, obj.represented_region
        if change:
            obj.network_role = form.initial.get("network_role", MemberProfile.NetworkRole.MEMBER)
            obj.represented_region = form.initial.get("represented_region", "")
        else:
            obj.network_role, obj.represented_region = MemberProfile.NetworkRole.MEMBER, ""
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            log_action(
                actor=request.user,
                action="members.profile.admin_changed",
                obj=obj,
                data={"fields": form.changed_data},
            )
        if (role, region) != (obj.network_role, obj.represented_region):
            try:
                updated = services.network_role_set(
                    profile=obj, actor=request.user, role=role, region=region
                )
            except services.MembershipError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                obj.network_role, obj.represented_region = (
                    updated.network_role,
                    updated.represented_region,
                )

    def _set_role(self, request, queryset, role):
        done = 0
        for profile in queryset:
            try:
                services.network_role_set(profile=profile, actor=request.user, role=role)
                done += 1
            except services.MembershipError as error:
                self.message_user(request, f"{profile}: {error}", messages.WARNING)
        if done:
            self.message_user(
                request,
                ngettext("%(count)d profile updated.", "%(count)d profiles updated.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Set network role: member"), permissions=["change"])
    def make_plain_member(self, request, queryset):
        self._set_role(request, queryset, MemberProfile.NetworkRole.MEMBER)

    @admin.action(description=_("Set network role: core group member"), permissions=["change"])
    def make_core_group_member(self, request, queryset):
        self._set_role(request, queryset, MemberProfile.NetworkRole.CORE)

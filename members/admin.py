"""Staff curation of people, organizations and membership applications.

State changes that matter (approving, declining, network roles) go through
members.services, so they are audited and keep auth groups and emails in step.
"""

from __future__ import annotations

from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import run_on_selected
from core.audit.services import log_action
from core.uploads import LOGO, PHOTO, ImageUploadField

from . import reviews, services
from .forms import DeclineForm, OrganizationRejectForm
from .models import (
    MemberProfile,
    MembershipApplication,
    Organization,
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


# --- Membership applications ------------------------------------------------------------


class PendingFirstFilter(admin.SimpleListFilter):
    """The review queue: pending applications unless another status is picked."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*MembershipApplication.Status.choices, ("all", _("All"))]

    def choices(self, changelist):
        value = self.value() or MembershipApplication.Status.PENDING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or MembershipApplication.Status.PENDING
        if value == "all":
            return queryset
        if value in MembershipApplication.Status.values:
            return queryset.filter(status=value)
        return queryset.none()


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "profile",
        "email",
        "organization",
        "country",
        "submitted_at",
        "status",
        "decided_by",
    )
    list_filter = (PendingFirstFilter, "can_host_peer_sessions", "can_translate")
    search_fields = (
        "profile__full_name",
        "profile__user__email",
        "profile__organization__name",
        "motivation",
    )
    list_select_related = ("profile__user", "profile__organization", "decided_by")
    date_hierarchy = "submitted_at"
    ordering = ("submitted_at",)
    readonly_fields = (
        "profile",
        "status",
        "motivation",
        "needs_display",
        "challenges",
        "workshop_topics",
        "can_host_peer_sessions",
        "can_translate",
        "submitted_at",
        "decided_at",
        "decided_by",
        "decision_reason",
    )
    fields = readonly_fields
    actions = ["approve", "decline"]

    def has_add_permission(self, request):
        return False  # people apply on the site

    @admin.display(description=_("email"), ordering="profile__user__email")
    def email(self, obj):
        return obj.profile.user.email

    @admin.display(description=_("organization"), ordering="profile__organization__name")
    def organization(self, obj):
        return obj.profile.organization or ""

    @admin.display(description=_("country"))
    def country(self, obj):
        return obj.profile.country.name if obj.profile.country else ""

    @admin.display(description=_("needs"))
    def needs_display(self, obj):
        return ", ".join(obj.get_needs_display())

    @admin.action(description=_("Approve the selected applications"), permissions=["change"])
    def approve(self, request, queryset):
        run_on_selected(
            self,
            request,
            queryset.select_related("profile"),
            lambda application: services.membership_approve(application=application, actor=request.user),
            done_message=lambda n: (
                ngettext("%(count)d application approved.", "%(count)d applications approved.", n)
                % {"count": n}
            ),
            label=lambda application: str(application.profile),
        )

    @admin.action(description=_("Decline the selected applications…"), permissions=["change"])
    def decline(self, request, queryset):
        """An intermediate page asks for the reason emailed to the applicants."""
        form = DeclineForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            run_on_selected(
                self,
                request,
                queryset.select_related("profile"),
                lambda application: services.membership_decline(
                    application=application, actor=request.user, reason=form.cleaned_data["reason"]
                ),
                done_message=lambda n: (
                    ngettext(
                        "%(count)d application declined.", "%(count)d applications declined.", n
                    )
                    % {"count": n}
                ),
                label=lambda application: str(application.profile),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decline applications"),
            "opts": self.model._meta,
            "rows": queryset.select_related("profile__user"),
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action": "decline",
        }
        return TemplateResponse(
            request, "admin/members/membershipapplication/decline_reason.html", context
        )


# --- Organizations ----------------------------------------------------------------------


class OrganizationAdminForm(forms.ModelForm):
    logo = ImageUploadField(spec=LOGO, label=_("Logo"), required=False)

    class Meta:
        model = Organization
        # The review fields are read-only: decisions go through the actions below.
        fields = [
            "name", "slug", "type", "country", "website", "description", "logo", "project_name",
            "project_objectives", "project_beneficiaries", "project_impact", "project_results",
            "project_languages", "project_video_url", "created_by",
        ]  # fmt: skip


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationAdminForm
    list_display = ("name", "type", "country", "review_status", "people_count", "created_at")
    # The review queue first: "Pending review" is one click away.
    list_filter = ("review_status", "type")
    search_fields = ("name", "slug", "description", "project_name")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("project_languages",)
    raw_id_fields = ("created_by",)
    readonly_fields = (
        "review_status",
        "reviewed_at",
        "reviewed_by",
        "review_note",
        "created_at",
        "updated_at",
    )
    actions = ["list_publicly", "reject"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_people=Count("people"))

    @admin.display(description=_("people"), ordering="_people")
    def people_count(self, obj):
        return obj._people

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.changed_data:
            log_action(
                actor=request.user,
                action="members.organization.admin_changed" if change else "members.organization.created",
                obj=obj,
                data={"fields": form.changed_data},
            )
        if not change:
            # Registered by staff: approved by the same one service as every approval.
            try:
                reviews.organization_approve(organization=obj, actor=request.user, notify=False)
            except services.MembershipError as error:
                self.message_user(request, str(error), messages.WARNING)
            obj.refresh_from_db()

    def _decide(self, request, queryset, decide, done_message) -> None:
        done, failures = 0, []
        for organization in queryset:
            try:
                decide(organization)
                done += 1
            except services.MembershipError as error:
                failures.append(f"{organization}: {error}")
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for failure in failures:
            self.message_user(request, failure, messages.WARNING)

    @admin.action(description=_("Approve (list publicly)"), permissions=["change"])
    def list_publicly(self, request, queryset):
        self._decide(
            request,
            queryset,
            lambda organization: reviews.organization_approve(
                organization=organization, actor=request.user
            ),
            lambda n: (
                ngettext("%(count)d organization approved.", "%(count)d organizations approved.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Reject or withdraw from public view…"), permissions=["change"])
    def reject(self, request, queryset):
        """An intermediate page asks for the reason emailed to whoever registered them."""
        form = OrganizationRejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            self._decide(
                request,
                queryset,
                lambda organization: reviews.organization_reject(
                    organization=organization, actor=request.user, reason=reason
                ),
                lambda n: (
                    ngettext(
                        "%(count)d organization rejected.", "%(count)d organizations rejected.", n
                    )
                    % {"count": n}
                ),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject organizations"),
            "opts": self.model._meta,
            "rows": queryset.select_related("created_by"),
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action": "reject",
        }
        return TemplateResponse(request, "admin/members/organization/reject_reason.html", context)

"""Membership applications: the queue, approving and declining with a reason."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import run_on_selected

from .. import services
from ..forms import DeclineForm
from ..models import (
    MembershipApplication,
)

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

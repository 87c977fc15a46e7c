"""Organisations: review (approve, reject with a reason) and curation."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.audit.services import log_action
from core.uploads import LOGO, ImageUploadField

from .. import reviews, services
from ..forms import OrganizationRejectForm
from ..models import (
    Organization,
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

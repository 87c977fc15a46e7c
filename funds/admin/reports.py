"""The review queue: reports of outdated information."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import CallReport
from ..services.curation import (
    CallError,
    call_report_resolve,
)

# --- Review queue: reports of outdated information --------------------------------------


class ReportStatusFilter(admin.SimpleListFilter):
    """Open reports by default: the queue staff work through."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*CallReport.Status.choices, ("all", _("All"))]

    def choices(self, changelist):
        value = self.value() or CallReport.Status.OPEN
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or CallReport.Status.OPEN
        if value == "all":
            return queryset
        return queryset.filter(status=value)


@admin.register(CallReport)
class CallReportAdmin(admin.ModelAdmin):
    list_display = ["call", "message_excerpt", "status", "created_at", "reporter_display", "resolved_by"]
    list_filter = [ReportStatusFilter]
    list_select_related = ["call", "reporter", "resolved_by"]
    search_fields = ["call__title", "message", "email"]
    readonly_fields = ["call_link", "reporter", "email", "message", "status", "created_at", "resolved_by", "resolved_at"]
    fields = readonly_fields
    actions = ["resolve_reports", "dismiss_reports"]
    ordering = ["-created_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("message"))
    def message_excerpt(self, obj):
        return obj.message if len(obj.message) <= 100 else obj.message[:97] + "…"

    @admin.display(description=_("reported by"))
    def reporter_display(self, obj):
        return obj.reporter or obj.email or _("anonymous")

    @admin.display(description=_("call"))
    def call_link(self, obj):
        url = reverse("admin:funds_fundingcall_change", args=[obj.call_id])
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>', url, obj.call, obj.call.get_absolute_url(), _("view on site"))

    def _close(self, request, reports, status, done_message):
        done = 0
        for report in reports:
            try:
                call_report_resolve(report=report, actor=request.user, status=status)
                done += 1
            except CallError as error:
                self.message_user(request, f"{report}: {error}", messages.WARNING)
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Mark as resolved (the call was corrected)"), permissions=["change"])
    def resolve_reports(self, request, queryset):
        self._close(
            request,
            queryset,
            CallReport.Status.RESOLVED,
            lambda n: ngettext("%(count)s report resolved.", "%(count)s reports resolved.", n) % {"count": n},
        )

    @admin.action(description=_("Dismiss (nothing to correct)"), permissions=["change"])
    def dismiss_reports(self, request, queryset):
        self._close(
            request,
            queryset,
            CallReport.Status.DISMISSED,
            lambda n: ngettext("%(count)s report dismissed.", "%(count)s reports dismissed.", n) % {"count": n},
        )

    def response_change(self, request, obj):
        for button, status in (("_resolve", CallReport.Status.RESOLVED), ("_dismiss", CallReport.Status.DISMISSED)):
            if button in request.POST and self.has_change_permission(request, obj):
                try:
                    call_report_resolve(report=obj, actor=request.user, status=status)
                    self.message_user(request, _("The report is closed."), messages.SUCCESS)
                except CallError as error:
                    self.message_user(request, str(error), messages.WARNING)
                return HttpResponseRedirect(reverse("admin:funds_callreport_changelist"))
        return super().response_change(request, obj)

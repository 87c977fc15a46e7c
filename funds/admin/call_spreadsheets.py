"""Spreadsheets in and out of the call admin: the import page, its template, the export action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..forms import CallImportForm
from ..models import CallImport
from ..spreadsheet import export_xlsx, import_calls_recorded, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CallSpreadsheetMixin:
    """Mixed into FundingCallAdmin: adds the import URLs and the download action."""

    def get_urls(self):
        urls = [
            path("import/", self.admin_site.admin_view(self.import_view), name="funds_fundingcall_import"),
            path(
                "import/template.xlsx",
                self.admin_site.admin_view(self.import_template_view),
                name="funds_fundingcall_import_template",
            ),
        ]
        return urls + super().get_urls()

    def _can_import(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def import_view(self, request):
        if not self._can_import(request):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = CallImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                report, _record = import_calls_recorded(
                    upload,
                    actor=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                    filename=upload.name,
                    via=CallImport.Via.ADMIN,
                )
                level = messages.ERROR if report.has_errors else messages.SUCCESS
                self.message_user(request, report.summary(), level=level)
        else:
            form = CallImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import funding calls from a spreadsheet"),
            "form": form,
            "report": report,
            "media": self.media + form.media,
        }
        status = 400 if request.method == "POST" and (not form.is_valid() or (report and report.has_errors)) else 200
        return TemplateResponse(request, "admin/funds/fundingcall/import.html", context, status=status)

    def import_template_view(self, request):
        if not self._can_import(request):
            raise PermissionDenied
        response = HttpResponse(template_xlsx(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="funding-calls-template.xlsx"'
        return response

    @admin.action(description=_("Download the selected calls as a spreadsheet"), permissions=["view"])
    def download_xlsx(self, request, queryset):
        calls = queryset.prefetch_related("co_funders", "categories", "languages")
        response = HttpResponse(export_xlsx(calls), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="funding-calls.xlsx"'
        return response

"""Spreadsheets in and out of the call admin: the import page (the file is stored and
imported by a worker while the page shows a progress bar, then the report), its
template, the rejected rows to download, and the export action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..forms import CallImportForm
from ..models import CallImport
from ..services.imports import call_import_again, call_import_progress, call_import_start
from ..spreadsheet import ImportOptions, export_xlsx, template_xlsx
from ..spreadsheet.reading import MAX_FILE_SIZE, FileError, check_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CallSpreadsheetMixin:
    """Mixed into FundingCallAdmin: adds the import URLs and the download action."""

    def get_urls(self):
        view = self.admin_site.admin_view
        urls = [
            path("import/", view(self.import_view), name="funds_fundingcall_import"),
            path("import/template.xlsx", view(self.import_template_view), name="funds_fundingcall_import_template"),
            path("import/<int:pk>/", view(self.import_status_view), name="funds_fundingcall_import_status"),
            path("import/<int:pk>/progress.json", view(self.import_progress_view), name="funds_fundingcall_import_progress"),
            path("import/<int:pk>/rejected.xlsx", view(self.import_rejected_view), name="funds_fundingcall_import_rejected"),
            path("import/<int:pk>/again/", view(require_POST(self.import_again_view)), name="funds_fundingcall_import_again"),
        ]
        return urls + super().get_urls()

    def _can_import(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def import_view(self, request):
        if not self._can_import(request):
            raise PermissionDenied
        form = CallImportForm(request.POST, request.FILES) if request.method == "POST" else CallImportForm()
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(MAX_FILE_SIZE + 1)
            try:
                # What can be told at once (size, type) is said on the form, not after a queue.
                check_upload(data, upload.name)
            except FileError as error:
                form.add_error("file", str(error))
            else:
                options = ImportOptions(
                    dry_run=form.cleaned_data["dry_run"], partial=form.cleaned_data["partial"],
                    include_hidden=form.cleaned_data["include_hidden"], date_order=form.cleaned_data["date_order"] or "auto",
                )  # fmt: skip
                record = call_import_start(
                    data=data, filename=upload.name, actor=request.user, options=options, language=request.LANGUAGE_CODE
                )
                return redirect("admin:funds_fundingcall_import_status", pk=record.pk)
        context = self._context(request, title=_("Import funding calls from a spreadsheet"), form=form, media=self.media + form.media)
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "admin/funds/fundingcall/import.html", context, status=status)

    def _record(self, request, pk: int) -> CallImport:
        if not self._can_import(request):
            raise PermissionDenied
        return get_object_or_404(CallImport.objects.defer("upload", "rejected_rows"), pk=pk, via=CallImport.Via.ADMIN)

    def import_status_view(self, request, pk: int):
        record = self._record(request, pk)
        context = self._context(
            request,
            title=_("Spreadsheet import: %(file)s") % {"file": record.filename},
            record=record,
            progress=call_import_progress(record),
            progress_url=reverse("admin:funds_fundingcall_import_progress", args=[record.pk]),
            has_rejected=CallImport.objects.filter(pk=record.pk, rejected_rows__isnull=False).exists(),
        )
        return TemplateResponse(request, "admin/funds/fundingcall/import_status.html", context)

    def import_progress_view(self, request, pk: int):
        return JsonResponse(call_import_progress(self._record(request, pk)))

    def import_rejected_view(self, request, pk: int):
        record = self._record(request, pk)
        data = CallImport.objects.values_list("rejected_rows", flat=True).get(pk=record.pk)
        if not data:
            raise Http404
        response = HttpResponse(bytes(data), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="rejected-rows-{record.pk}.xlsx"'
        return response

    def import_again_view(self, request, pk: int):
        record = self._record(request, pk)
        if record.state != CallImport.State.DONE:
            raise Http404
        record = CallImport.objects.get(pk=record.pk)
        again = call_import_again(record=record, actor=request.user, dry_run=False)
        self.message_user(request, _("The same file is being imported for real."), level=messages.INFO)
        return redirect("admin:funds_fundingcall_import_status", pk=again.pk)

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

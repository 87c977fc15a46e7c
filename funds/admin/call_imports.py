"""The history of spreadsheet imports, read-only."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin

from ..models import CallImport

_IMPORT_ACTIONS = {
    "created": _("created"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "merged": _("merged with an earlier row"),
    "error": _("error"),
}


@admin.register(CallImport)
class CallImportAdmin(ReadOnlyAdmin):
    """The history of spreadsheet imports, with each run's report; read-only."""

    list_display = ["created_at", "filename", "created_by", "via", "outcome", "created", "updated", "unchanged", "error_count"]
    list_filter = ["outcome", "via"]
    list_select_related = ["created_by"]
    search_fields = ["filename", "created_by__email", "sha256"]
    date_hierarchy = "created_at"
    fields = [
        "created_at", "created_by", "via", "filename", "size", "sha256", "state", "outcome", "summary", "sheet",
        "created", "updated", "unchanged", "merged", "error_count", "funders_display", "warnings_display",
        "errors_display", "rows_display",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # The stored files are read only when downloaded (the import page's link).
        return super().get_queryset(request).defer("upload", "rejected_rows")

    @admin.display(description=_("warnings"))
    def warnings_display(self, obj: CallImport):
        if not obj.warnings:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in obj.warnings)))

    @admin.display(description=_("new funders"))
    def funders_display(self, obj: CallImport) -> str:
        return ", ".join(obj.funders_created or []) or "—"

    @admin.display(description=_("errors"))
    def errors_display(self, obj: CallImport):
        if not obj.errors:
            return "—"
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((e.get("row") or "—", e.get("column") or "—", e.get("message", "")) for e in obj.errors),
        )
        return format_html(
            '<table class="import-history-errors"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Row"), _("Column"), _("Problem"), body,
        )

    @admin.display(description=_("rows"))
    def rows_display(self, obj: CallImport):
        if not obj.rows:
            return "—"

        def call_cell(row: dict):
            if row.get("call_id") and obj.outcome in {CallImport.Outcome.IMPORTED, CallImport.Outcome.PARTIAL}:
                url = reverse("admin:funds_fundingcall_change", args=[row["call_id"]])
                return format_html('<a href="{}">{}</a>', url, row.get("title", ""))
            return row.get("title", "")

        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (r.get("row"), _IMPORT_ACTIONS.get(r.get("action"), r.get("action")), call_cell(r),
                 ", ".join(r.get("changed") or []))
                for r in obj.rows
            ),
        )
        return format_html(
            '<table class="import-history-rows"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Row"), _("Result"), _("Call"), _("Changed"), body,
        )

"""Staff curation of the funding-calls map.

Every write goes through funds.services.curation, so the change history, region index,
search vectors, audit trail and emails stay right whether a call is edited here,
imported from a spreadsheet or suggested by a member. Usable by the "ILO staff" group
(members.roles), not only by superusers.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin

from .choices import EditorialStatus, Lifecycle
from .forms import CallImportForm, FundingCallAdminForm, RejectCallsForm
from .models import (
    CallAttachment,
    CallImport,
    CallReport,
    CallRevision,
    CallRound,
    Funder,
    FundingCall,
)
from .services.curation import (
    CALL_FIELDS,
    CALL_M2M_FIELDS,
    CallError,
    call_archive,
    call_create,
    call_log_change,
    call_mark_verified,
    call_publish,
    call_reject,
    call_report_resolve,
    call_set_status,
    call_update,
    funder_save,
)
from .spreadsheet import export_xlsx, import_calls_recorded, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Funders ----------------------------------------------------------------------------


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "country", "calls_count"]
    list_filter = ["type"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name", "pk"]  # the annotation below drops the model's default order

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(calls_count=Count("calls"))

    @admin.display(description=_("calls"), ordering="calls_count")
    def calls_count(self, obj):
        return obj.calls_count

    def save_model(self, request, obj, form, change):
        funder_save(funder=obj, actor=request.user, changed=form.changed_data)


# --- Calls ------------------------------------------------------------------------------


class LifecycleFilter(admin.SimpleListFilter):
    """Upcoming / open / closing soon / closed, from the dates (annotated by the admin's
    queryset with FundingCall.objects.with_lifecycle())."""

    title = _("lifecycle")
    parameter_name = "lifecycle"

    def lookups(self, request, model_admin):
        return Lifecycle.choices

    def queryset(self, request, queryset):
        if self.value() in Lifecycle.values:
            return queryset.filter(lifecycle=self.value())
        return queryset


class _ParentPermissionsInline:
    """Rows that belong to a call may be edited by whoever may edit the call (rounds have
    no permissions of their own in the staff role)."""

    def _call_perm(self, request, action: str) -> bool:
        return request.user.has_perm(f"funds.{action}_fundingcall")

    def has_view_permission(self, request, obj=None):
        return self._call_perm(request, "view") or self._call_perm(request, "change")

    def has_add_permission(self, request, obj=None):
        return self._call_perm(request, "change")

    def has_change_permission(self, request, obj=None):
        return self._call_perm(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self._call_perm(request, "change")


class CallRoundInline(_ParentPermissionsInline, admin.TabularInline):
    model = CallRound
    extra = 0
    fields = ["name", "opens_on", "deadline"]


class CallAttachmentInline(admin.TabularInline):
    model = CallAttachment
    extra = 0
    fields = ["title", "file", "url"]


class CallRevisionInline(admin.TabularInline):
    """The change history, read-only, newest first."""

    model = CallRevision
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["created_at", "actor", "action", "changes_display"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    classes = ["collapse"]
    verbose_name_plural = _("change history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("changes"))
    def changes_display(self, obj):
        return _changes_html(obj.changes)


def _changes_html(changes: dict):
    if not changes:
        return "—"
    rows = []
    for name, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            old, new = value
            rows.append((name, _short(old), _short(new)))
        else:
            rows.append((name, "", _short(value)))
    return format_html(
        "<ul class='call-changes'>{}</ul>",
        format_html_join("", "<li><strong>{}</strong>: {} → {}</li>", rows),
    )


def _short(value) -> str:
    if value is None or value == "" or value == []:
        return "∅"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 120 else text[:117] + "…"


@admin.register(FundingCall)
class FundingCallAdmin(admin.ModelAdmin):
    form = FundingCallAdminForm
    list_display = [
        "title",
        "funder",
        "deadline",
        "lifecycle_display",
        "status",
        "last_verified_at",
        "source",
        "possible_duplicate",
        "open_reports",
    ]
    list_display_links = ["title"]
    list_filter = [
        "status",
        LifecycleFilter,
        "instrument",
        "source",
        "categories",
        ("funder__type", admin.ChoicesFieldListFilter),
        "is_rolling",
    ]
    search_fields = ["title", "reference", "funder__name", "source_url"]
    autocomplete_fields = ["funder", "co_funders"]
    filter_horizontal = ["categories", "languages"]
    date_hierarchy = "deadline"
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    readonly_fields = [
        "source",
        "suggested_by",
        "duplicate_link",
        "curated_by",
        "last_verified_at",
        "published_at",
        "announced_at",
        "created_at",
        "updated_at",
        "open_reports_link",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "funder", "co_funders", "reference", "instrument", "summary", "description", "categories", "tags"]}),
        (
            _("Who may apply"),
            {"fields": ["is_global", "eligible_regions", "eligible_countries", "applicant_types", "languages"]},
        ),
        (
            _("Money"),
            {
                "fields": [
                    ("amount_min", "amount_max", "currency"),
                    "amount_usd",
                    "awards_count",
                    ("cofinancing_required", "cofinancing_rate"),
                ]
            },
        ),
        (_("Dates"), {"fields": ["opens_on", ("deadline", "deadline_timezone"), "is_rolling"]}),
        (_("Links"), {"fields": ["source_url", "apply_url", "contact"]}),
        (
            _("Editorial state"),
            {
                "fields": [
                    "status",
                    "review_note",
                    "source",
                    "suggested_by",
                    "duplicate_link",
                    "curated_by",
                    "last_verified_at",
                    "published_at",
                    "announced_at",
                    "created_at",
                    "updated_at",
                    "open_reports_link",
                ]
            },
        ),
    ]
    inlines = [CallRoundInline, CallAttachmentInline, CallRevisionInline]
    actions = ["publish_calls", "reject_calls", "archive_calls", "mark_verified", "download_xlsx"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_lifecycle()
            .select_related("funder")
            .annotate(open_reports=Count("reports", filter=Q(reports__status=CallReport.Status.OPEN), distinct=True))
        )

    # --- Columns ---------------------------------------------------------------------

    @admin.display(description=_("lifecycle"), ordering="lifecycle")
    def lifecycle_display(self, obj):
        return Lifecycle(obj.current_lifecycle).label

    @admin.display(description=_("possible duplicate"), boolean=True)
    def possible_duplicate(self, obj):
        return obj.duplicate_of_id is not None

    @admin.display(description=_("open reports"), ordering="open_reports")
    def open_reports(self, obj):
        return getattr(obj, "open_reports", 0) or ""

    @admin.display(description=_("possible duplicate of"))
    def duplicate_link(self, obj):
        if not obj.duplicate_of_id:
            return "—"
        url = reverse("admin:funds_fundingcall_change", args=[obj.duplicate_of_id])
        return format_html('<a href="{}">{}</a>', url, obj.duplicate_of)

    @admin.display(description=_("reports of outdated information"))
    def open_reports_link(self, obj):
        if not obj.pk:
            return "—"
        count = obj.reports.filter(status=CallReport.Status.OPEN).count()
        url = reverse("admin:funds_callreport_changelist") + f"?call__id__exact={obj.pk}&status=all"
        label = ngettext("%(count)s open report", "%(count)s open reports", count) % {"count": count}
        return format_html('<a href="{}">{}</a>', url, label)

    # --- Saving through the services -------------------------------------------------

    def save_model(self, request, obj, form, change):
        data = {k: v for k, v in form.cleaned_data.items() if k in CALL_FIELDS or k in CALL_M2M_FIELDS}
        status = form.cleaned_data.get("status") or EditorialStatus.DRAFT
        reason = form.cleaned_data.get("review_note") or ""
        if change:
            call, _changes = call_update(call=obj, data=data, actor=request.user)
        else:
            start = status if status in (EditorialStatus.DRAFT, EditorialStatus.PENDING) else EditorialStatus.DRAFT
            call = call_create(data=data, actor=request.user, status=start)
        call_set_status(call=call, status=status, actor=request.user, reason=reason)
        obj.pk = call.pk
        obj._state.adding = False
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields were set by the service; only the inlines are left. Their
        # changes join the call's history like any other field.
        call = form.instance
        before = _inline_snapshot(call)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        after = _inline_snapshot(call)
        changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
        if changes:
            call_log_change(call=call, actor=request.user, changes=changes)

    # --- Pages -----------------------------------------------------------------------

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

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "pending_count": FundingCall.objects.filter(status=EditorialStatus.PENDING).count(),
            "open_reports_count": CallReport.objects.filter(status=CallReport.Status.OPEN).count(),
            "can_import": self._can_import(request),
        }
        return super().changelist_view(request, extra_context=extra_context)

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

    # --- Actions ---------------------------------------------------------------------

    def _run(self, request, queryset, service, done_message, **kwargs):
        done, failed = 0, []
        for call in queryset:
            try:
                service(call=call, actor=request.user, **kwargs)
                done += 1
            except CallError as error:
                failed.append(f"{call.title}: {error}")
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for message in failed:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description=_("Publish the selected calls"), permissions=["change"])
    def publish_calls(self, request, queryset):
        self._run(
            request,
            queryset,
            call_publish,
            lambda n: ngettext("%(count)s call published.", "%(count)s calls published.", n) % {"count": n},
        )

    @admin.action(description=_("Archive the selected calls"), permissions=["change"])
    def archive_calls(self, request, queryset):
        self._run(
            request,
            queryset,
            call_archive,
            lambda n: ngettext("%(count)s call archived.", "%(count)s calls archived.", n) % {"count": n},
        )

    @admin.action(description=_("Mark the selected calls as verified today"), permissions=["change"])
    def mark_verified(self, request, queryset):
        self._run(
            request,
            queryset,
            call_mark_verified,
            lambda n: ngettext("%(count)s call marked as verified.", "%(count)s calls marked as verified.", n)
            % {"count": n},
            when=timezone.now(),
        )

    @admin.action(description=_("Reject the selected suggestions (with a reason)…"), permissions=["change"])
    def reject_calls(self, request, queryset):
        form = RejectCallsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(
                request,
                queryset,
                call_reject,
                lambda n: ngettext("%(count)s call rejected.", "%(count)s calls rejected.", n) % {"count": n},
                reason=form.cleaned_data["reason"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Reject suggestions"),
            "queryset": queryset,
            "form": form,
            "action_name": "reject_calls",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/funds/fundingcall/reject_calls.html", context)

    @admin.action(description=_("Download the selected calls as a spreadsheet"), permissions=["view"])
    def download_xlsx(self, request, queryset):
        calls = queryset.prefetch_related("co_funders", "categories", "languages")
        response = HttpResponse(export_xlsx(calls), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="funding-calls.xlsx"'
        return response


def _inline_snapshot(call: FundingCall) -> dict[str, list[str]]:
    if not call.pk:
        return {"rounds": [], "attachments": []}
    rounds = [
        f"{r.name}: {r.opens_on.isoformat() if r.opens_on else '…'} → {r.deadline.isoformat()}"
        for r in call.rounds.order_by("deadline", "pk")
    ]
    attachments = [f"{a.title}: {a.url or a.file.name}" for a in call.attachments.order_by("pk")]
    return {"rounds": rounds, "attachments": attachments}


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


@admin.register(CallRevision)
class CallRevisionAdmin(ReadOnlyAdmin):
    """The change history of every call, read-only."""

    list_display = ["created_at", "call", "action", "actor"]
    list_filter = ["action"]
    list_select_related = ["call", "actor"]
    search_fields = ["call__title", "actor__email"]
    fields = ["call", "actor", "action", "created_at", "changes_display"]
    readonly_fields = fields
    date_hierarchy = "created_at"

    @admin.display(description=_("changes"))
    def changes_display(self, obj):
        return _changes_html(obj.changes)


_IMPORT_ACTIONS = {
    "created": _("created"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
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
        "created_at", "created_by", "via", "filename", "size", "sha256", "outcome",
        "created", "updated", "unchanged", "error_count", "funders_display", "errors_display", "rows_display",
    ]
    readonly_fields = fields

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
            if row.get("call_id") and obj.outcome == CallImport.Outcome.IMPORTED:
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

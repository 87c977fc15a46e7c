"""Funding calls: the list, the form with rounds, attachments and history, the actions."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import run_on_selected
from core.audit.models import AuditEntry

from ..choices import EditorialStatus, Lifecycle
from ..forms import FundingCallAdminForm, RejectCallsForm
from ..models import (
    CallAttachment,
    CallReport,
    CallRound,
    FundingCall,
)
from ..services.curation import (
    CALL_FIELDS,
    CALL_M2M_FIELDS,
    call_archive,
    call_create,
    call_log_change,
    call_mark_verified,
    call_publish,
    call_reject,
    call_set_status,
    call_update,
)
from .call_spreadsheets import CallSpreadsheetMixin

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


class CallHistoryInline(GenericTabularInline):
    """The change history (the call's rows in the audit trail), read-only, newest first."""

    model = AuditEntry
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
class FundingCallAdmin(CallSpreadsheetMixin, admin.ModelAdmin):
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
    inlines = [CallRoundInline, CallAttachmentInline, CallHistoryInline]
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

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "pending_count": FundingCall.objects.filter(status=EditorialStatus.PENDING).count(),
            "open_reports_count": CallReport.objects.filter(status=CallReport.Status.OPEN).count(),
            "can_import": self._can_import(request),
        }
        return super().changelist_view(request, extra_context=extra_context)

    # --- Actions ---------------------------------------------------------------------

    def _run(self, request, queryset, service, done_message, **kwargs):
        run_on_selected(
            self,
            request,
            queryset,
            lambda call: service(call=call, actor=request.user, **kwargs),
            done_message=done_message,
            label=lambda call: call.title,
        )

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


def _inline_snapshot(call: FundingCall) -> dict[str, list[str]]:
    if not call.pk:
        return {"rounds": [], "attachments": []}
    rounds = [
        f"{r.name}: {r.opens_on.isoformat() if r.opens_on else '…'} → {r.deadline.isoformat()}"
        for r in call.rounds.order_by("deadline", "pk")
    ]
    attachments = [f"{a.title}: {a.url or a.file.name}" for a in call.attachments.order_by("pk")]
    return {"rounds": rounds, "attachments": attachments}

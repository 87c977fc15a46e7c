"""The admin base for sessions, subclassed by each app that owns some (coaching's
CoachingSessionAdmin, peer exchange's next): counts, registrations inline, actions
through the services (core.admin.run_on_selected)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import run_on_selected
from core.errors import DomainError

from . import exports, services
from .models import Registration, Session, SessionMaterial

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "venue", "meeting_url")


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000
    )


class SeriesForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many more sessions"), min_value=1, max_value=26, initial=4
    )
    every_weeks = forms.IntegerField(
        label=_("Every how many weeks"), min_value=1, max_value=52, initial=2
    )


class MoveForm(forms.Form):
    position = forms.IntegerField(label=_("New place on the waiting list"), min_value=1, initial=1)
    reason = forms.CharField(label=_("Reason (kept in the audit trail)"), max_length=500)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = (
        "user",
        "status",
        "queue_number",
        "offer_expires_at",
        "attendance",
        "minutes_attended",
        "created_at",
    )
    readonly_fields = fields
    ordering = ("status", "queue_number", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


class MaterialInline(admin.TabularInline):
    model = SessionMaterial
    extra = 1


class SessionAdminBase(admin.ModelAdmin):
    """Subclass with `app_label_value = "<app>"` and register it for the app's proxy."""

    app_label_value = ""
    list_display = (
        "title",
        "kind_label",
        "starts_at",
        "status",
        "capacity",
        "confirmed",
        "offered",
        "waiting",
        "attended",
    )
    list_filter = ("status", "format", "audience")
    search_fields = ("title",)
    date_hierarchy = "starts_at"
    filter_horizontal = ("hosts", "categories")
    inlines = (MaterialInline, RegistrationInline)
    readonly_fields = ("status",)
    actions = ("publish", "cancel", "message", "export_csv", "export_xlsx", "create_series")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(app=self.app_label_value).with_counts()

    @admin.display(description=_("kind"))
    def kind_label(self, obj):
        return obj.get_kind_display()

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, obj):
        return obj.confirmed_count

    @admin.display(description=_("offered"), ordering="offered_count")
    def offered(self, obj):
        return obj.offered_count

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description=_("attended"), ordering="attended_count")
    def attended(self, obj):
        return obj.attended_count

    def save_model(self, request, obj, form, change):
        """New sessions are drafts of this app; changes go through the services, so
        registrants' calendars follow and a lowered capacity bumps nobody."""
        if not change:
            obj.app = self.app_label_value
            obj.status = Session.Status.DRAFT
            obj.save()
            return
        changed = [
            name for name in form.changed_data if name not in ("hosts", "categories", "capacity")
        ]
        try:
            if changed:
                services.session_update(
                    session=obj,
                    actor=request.user,
                    data={name: form.cleaned_data[name] for name in changed},
                )
            if "capacity" in form.changed_data:
                _session, over = services.session_set_capacity(
                    session=obj, actor=request.user, capacity=form.cleaned_data["capacity"]
                )
                if over:
                    self.message_user(
                        request,
                        ngettext(
                            "%(count)d person is confirmed above the new capacity and keeps the seat.",
                            "%(count)d people are confirmed above the new capacity and keep their seats.",
                            over,
                        )
                        % {"count": over},
                        messages.WARNING,
                    )
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)
        obj.refresh_from_db()

    def _run(self, request, queryset, act, done):
        run_on_selected(self, request, queryset, act, done_message=done)

    @admin.action(description=_("Publish the selected sessions"), permissions=["change"])
    def publish(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda s: services.session_publish(session=s, actor=request.user),
            lambda n: (
                ngettext("%(count)d session published.", "%(count)d sessions published.", n)
                % {"count": n}
            ),
        )

    @admin.action(
        description=_("Cancel the selected sessions (registrants are told)"), permissions=["change"]
    )
    def cancel(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda s: services.session_cancel(session=s, actor=request.user),
            lambda n: (
                ngettext("%(count)d session cancelled.", "%(count)d sessions cancelled.", n)
                % {"count": n}
            ),
        )

    def _intermediate(self, request, queryset, *, form, action, title, template):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "rows": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action": action,
        }
        return TemplateResponse(request, template, context)

    @admin.action(
        description=_("Email the registrants of the selected sessions…"), permissions=["change"]
    )
    def message(self, request, queryset):
        form = MessageForm(request.POST if "subject" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(
                request,
                queryset,
                lambda s: services.session_message(
                    session=s, actor=request.user, **form.cleaned_data
                ),
                lambda n: (
                    ngettext(
                        "Message queued for %(count)d session.",
                        "Message queued for %(count)d sessions.",
                        n,
                    )
                    % {"count": n}
                ),
            )
            return None
        return self._intermediate(
            request,
            queryset,
            form=form,
            action="message",
            title=_("Email registrants"),
            template="admin/events/form_action.html",
        )

    @admin.action(description=_("Create a series from the selected session…"), permissions=["add"])
    def create_series(self, request, queryset):
        form = SeriesForm(request.POST if "count" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(
                request,
                queryset[:1],
                lambda s: services.session_series_create(
                    template=s, actor=request.user, **form.cleaned_data
                ),
                lambda n: _("Series created as drafts."),
            )
            return None
        return self._intermediate(
            request,
            queryset[:1],
            form=form,
            action="create_series",
            title=_("Create a series"),
            template="admin/events/form_action.html",
        )

    def _export(self, queryset, ext: str, body: bytes, content_type: str) -> HttpResponse:
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="attendees-{timezone.now():%Y-%m-%d}.{ext}"'
        )
        return response

    @admin.action(description=_("Export the attendee list (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(
            queryset, "csv", exports.attendees_csv(queryset), "text/csv; charset=utf-8"
        )

    @admin.action(description=_("Export the attendee list (xlsx)"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self._export(queryset, "xlsx", exports.attendees_xlsx(queryset), XLSX)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "session",
        "status",
        "queue_number",
        "offer_expires_at",
        "attendance",
        "created_at",
    )
    list_filter = ("status", "attendance", "session__app")
    search_fields = ("user__email", "session__title")
    list_select_related = ("user", "session")
    readonly_fields = [f.name for f in Registration._meta.fields]
    actions = ("approve", "refuse", "move")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Accept the selected requests"), permissions=["change"])
    def approve(self, request, queryset):
        run_on_selected(
            self,
            request,
            queryset,
            lambda r: services.registration_approve(registration=r, actor=request.user),
            done_message=lambda n: (
                ngettext("%(count)d request accepted.", "%(count)d requests accepted.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Refuse the selected requests"), permissions=["change"])
    def refuse(self, request, queryset):
        run_on_selected(
            self,
            request,
            queryset,
            lambda r: services.registration_refuse(registration=r, actor=request.user),
            done_message=lambda n: (
                ngettext("%(count)d request refused.", "%(count)d requests refused.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Move on the waiting list…"), permissions=["change"])
    def move(self, request, queryset):
        form = MoveForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            run_on_selected(
                self,
                request,
                queryset[:1],
                lambda r: services.waitlist_move(
                    registration=r, actor=request.user, **form.cleaned_data
                ),
                done_message=lambda n: _("Moved on the waiting list."),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Move on the waiting list"),
            "opts": self.model._meta,
            "rows": queryset[:1],
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action": "move",
        }
        return TemplateResponse(request, "admin/events/form_action.html", context)

"""Coaching sessions in the admin: the engine's SessionAdminBase, with the calls a
briefing prepares for and feedback applications."""

from django import forms
from django.contrib import admin

from events.admin import SessionAdminBase
from events.kinds import kind_choices

from .models import CoachingSession, FeedbackApplication, SessionCall


class SessionCallInline(admin.TabularInline):
    model = SessionCall
    fk_name = "session"
    extra = 1
    autocomplete_fields = ("call",)


class CoachingSessionForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=lambda: kind_choices("coaching"))

    class Meta:
        model = CoachingSession
        fields = (
            "kind", "title", "description", "format", "language", "interpretation", "starts_at", "ends_at",
            "time_zone", "capacity", "registration_opens_at", "registration_closes_at", "audience", "hosts",
            "speakers", "categories", "meeting_url", "venue", "recording_url", "reminder_minutes",
        )  # fmt: skip


@admin.register(CoachingSession)
class CoachingSessionAdmin(SessionAdminBase):
    app_label_value = "coaching"
    form = CoachingSessionForm
    list_filter = ("kind", *SessionAdminBase.list_filter)
    inlines = (SessionCallInline, *SessionAdminBase.inlines)


@admin.register(FeedbackApplication)
class FeedbackApplicationAdmin(admin.ModelAdmin):
    list_display = ("registration", "created_at")
    list_select_related = ("registration__user", "registration__session")
    readonly_fields = ("registration", "description", "draft", "created_at")

    def has_add_permission(self, request):
        return False

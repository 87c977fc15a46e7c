"""Staff views of alerts and notifications. Matches and progress rows are records of what
the scheduled jobs did: read-only."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.admin import ReadOnlyAdmin
from funds.choices import ApplicantType, FunderType, Instrument
from taxonomy.models import Language
from taxonomy.regions import Region

from . import services
from .models import (
    REMINDER_OFFSET_CHOICES,
    Alert,
    AlertDelivery,
    AlertInbox,
    CallAnnouncement,
    DeadlineReminder,
    NotificationPreferences,
    NotificationProgress,
)


class AlertAdminForm(forms.ModelForm):
    regions = forms.MultipleChoiceField(
        label=_("Regions"), choices=Region.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    countries = forms.MultipleChoiceField(label=_("Countries"), choices=lambda: list(countries), required=False)
    instruments = forms.MultipleChoiceField(
        label=_("Types of support"), choices=Instrument.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    funder_types = forms.MultipleChoiceField(
        label=_("Funder types"), choices=FunderType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    applicant_types = forms.MultipleChoiceField(
        label=_("Who can apply"), choices=ApplicantType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Application languages"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Alert
        fields = [
            "user", "name", "frequency", "paused", "q", "categories", "regions", "countries", "instruments",
            "funder_types", "applicant_types", "languages", "amount_min_usd", "amount_max_usd", "query_string",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [(lang.code, lang.name) for lang in Language.objects.order_by("name_en")]

    def clean_user(self):
        # A new alert (or one moved to another person) counts against ALERTS_PER_USER_MAX.
        user = self.cleaned_data.get("user")
        if user is not None and (self.instance.pk is None or self.instance.user_id != user.pk):
            try:
                services.alert_require_room(user=user)
            except services.AlertError as error:
                raise forms.ValidationError(str(error)) from None
        return user


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    form = AlertAdminForm
    list_display = ("name", "user", "frequency", "paused", "created_at", "last_sent_at")
    list_filter = ("frequency", "paused", "categories")
    search_fields = ("name", "user__email", "q")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    filter_horizontal = ("categories",)
    readonly_fields = ("created_at", "last_sent_at", "last_digest_period", "unsubscribed_at")
    date_hierarchy = "created_at"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The matcher reads the derived signature columns: keep them in step.
        services.alert_resync_signature(alert=form.instance)


@admin.register(AlertInbox)
class AlertInboxAdmin(ReadOnlyAdmin):
    list_display = ("alert", "calls_found", "state", "found_at", "done_at")
    list_filter = ("state", "alert__frequency")
    search_fields = ("alert__name", "alert__user__email")
    list_select_related = ("alert",)
    date_hierarchy = "found_at"

    @admin.display(description=_("calls found"))
    def calls_found(self, obj: AlertInbox) -> int:
        return len(obj.call_ids or [])


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("alert", "call", "sent_at")
    list_filter = ("alert__frequency",)
    search_fields = ("alert__name", "alert__user__email", "call__title")
    list_select_related = ("alert", "call")
    raw_id_fields = ("alert", "call")
    date_hierarchy = "sent_at"


@admin.register(CallAnnouncement)
class CallAnnouncementAdmin(ReadOnlyAdmin):
    list_display = ("call", "announced_at", "matched_at", "matches")
    search_fields = ("call__title",)
    list_select_related = ("call",)


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(ReadOnlyAdmin):
    list_display = ("bookmark", "offset_days", "deadline", "sent_at")
    list_filter = ("offset_days",)
    search_fields = ("bookmark__user__email", "bookmark__call__title")


class PreferencesAdminForm(forms.ModelForm):
    reminder_offsets = forms.MultipleChoiceField(
        label=_("Remind me"), choices=REMINDER_OFFSET_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = NotificationPreferences
        fields = ["user", "reminders_enabled", "reminder_offsets", "change_notices_enabled", "digest_hour"]


@admin.register(NotificationPreferences)
class NotificationPreferencesAdmin(admin.ModelAdmin):
    form = PreferencesAdminForm
    list_display = ("user", "reminders_enabled", "change_notices_enabled", "digest_hour", "updated_at")
    list_filter = ("reminders_enabled", "change_notices_enabled")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)


@admin.register(NotificationProgress)
class NotificationProgressAdmin(ReadOnlyAdmin):
    list_display = ("name", "watermark", "updated_at")

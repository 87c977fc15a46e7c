"""The staff-curated directory: technical advisors, ILO offices and their contacts.
Messages sent through find help are read-only records (for abuse reports)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from core.audit.services import log_action

from .models import ContactMessage, HelpKind, HelpOffer, IloContact, IloOffice, TechnicalAdvisor


class KindsField(forms.MultipleChoiceField):
    """The kinds of help as checkboxes (stored as a list of codes)."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=HelpKind.choices, widget=forms.CheckboxSelectMultiple, required=False, **kwargs
        )


class DirectoryAdmin(admin.ModelAdmin):
    """Every change to the directory leaves one audit entry."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "kinds":
            return KindsField(label=db_field.verbose_name, help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.changed_data:
            log_action(
                actor=request.user,
                action="findhelp.directory.changed" if change else "findhelp.directory.added",
                obj=obj,
                data={"fields": form.changed_data},
            )


@admin.register(TechnicalAdvisor)
class TechnicalAdvisorAdmin(DirectoryAdmin):
    list_display = ["name", "title", "organization", "affiliation", "availability", "region", "is_active", "accepts_contact"]
    list_filter = ["affiliation", "availability", "is_active", "accepts_contact", "region", "categories"]
    list_editable = ["availability"]
    search_fields = ["name", "organization", "title"]
    filter_horizontal = ["languages", "categories", "expertise"]


class IloContactInline(admin.StackedInline):
    model = IloContact
    extra = 0
    filter_horizontal = ["languages", "categories"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "kinds":
            return KindsField(label=db_field.verbose_name, help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(IloOffice)
class IloOfficeAdmin(DirectoryAdmin):
    list_display = ["name", "kind", "city", "region", "is_active", "accepts_contact"]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["name", "city"]
    filter_horizontal = ["languages"]
    inlines = [IloContactInline]


@admin.register(IloContact)
class IloContactAdmin(DirectoryAdmin):
    list_display = ["name", "role", "office", "is_active", "accepts_contact"]
    list_filter = ["is_active", "office__region"]
    search_fields = ["name", "role", "office__name"]
    list_select_related = ["office"]
    filter_horizontal = ["languages", "categories"]


@admin.register(HelpOffer)
class HelpOfferAdmin(ReadOnlyAdmin):
    list_display = ["profile", "accepts_contact", "updated_at"]
    list_filter = ["accepts_contact"]
    list_select_related = ["profile"]


@admin.register(ContactMessage)
class ContactMessageAdmin(ReadOnlyAdmin):
    list_display = ["subject", "sender", "recipient_display", "created_at"]
    list_select_related = ["sender", "to_member", "to_advisor", "to_office", "to_contact__office"]
    def get_exclude(self, request, obj=None):
        # Who wrote to whom is enough for abuse reports; the message is private.
        return ["request_key"] if request.user.is_superuser else ["request_key", "body"]

    @admin.display(description=_("to"))
    def recipient_display(self, obj):
        return str(obj.recipient)

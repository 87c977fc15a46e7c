"""The staff-curated directory: technical advisors, ILO offices and their contacts.
Messages sent through find help are read-only records (for abuse reports)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin

from .models import ContactMessage, HelpOffer, IloContact, IloOffice, TechnicalAdvisor


@admin.register(TechnicalAdvisor)
class TechnicalAdvisorAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organization", "region", "is_active", "accepts_contact"]
    list_filter = ["is_active", "accepts_contact", "region", "categories"]
    search_fields = ["name", "organization", "title"]
    filter_horizontal = ["languages", "categories", "expertise"]


class IloContactInline(admin.StackedInline):
    model = IloContact
    extra = 0
    filter_horizontal = ["languages", "categories"]


@admin.register(IloOffice)
class IloOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "region", "is_active", "accepts_contact"]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["name", "city"]
    filter_horizontal = ["languages"]
    inlines = [IloContactInline]


@admin.register(IloContact)
class IloContactAdmin(admin.ModelAdmin):
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
    exclude = ["request_key"]

    @admin.display(description=_("to"))
    def recipient_display(self, obj):
        return str(obj.recipient)

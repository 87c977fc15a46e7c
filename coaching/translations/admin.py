from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LanguagePair, Offer, TranslationDocument, TranslationRequest, Volunteer


class PairInline(admin.TabularInline):
    model = LanguagePair
    extra = 1


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ("user", "monthly_capacity", "is_active")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    inlines = (PairInline,)


class OfferInline(admin.TabularInline):
    model = Offer
    extra = 0
    readonly_fields = ("volunteer", "status", "offered_at", "expires_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = TranslationDocument
    extra = 0
    fields = ("name", "kind", "size", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class UntakenFilter(admin.SimpleListFilter):
    """Open requests offered to nobody right now (every volunteer who fits was asked):
    what staff chase before the deadline. They are also emailed once per request."""

    title = _("nobody took it")
    parameter_name = "untaken"

    def lookups(self, request, model_admin):
        return [("yes", _("Open, offered to nobody, deadline not past"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.untaken(timezone.localdate())
        return queryset


@admin.register(TranslationRequest)
class TranslationRequestAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "target", "deadline", "status", "translator")
    list_filter = (UntakenFilter, "status")
    list_select_related = ("source", "target", "translator__user")
    readonly_fields = (
        "requester",
        "title",
        "source",
        "target",
        "deadline",
        "status",
        "translator",
        "accepted_at",
        "delivered_at",
        "translation",
        "coaching_request",
        "call",
        "unmatched_at",
    )
    inlines = (DocumentInline, OfferInline)

    def has_add_permission(self, request):
        return False

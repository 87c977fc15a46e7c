"""Staff triage coaching requests here: each save goes through request_triage (one
history entry, emails to the member and the coach)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import run_on_selected
from core.errors import DomainError

from . import services
from .models import CoachingRequest, RequestDocument, RequestEvent


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    readonly_fields = ("at", "actor", "changes", "note")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RequestDocumentInline(admin.TabularInline):
    model = RequestDocument
    extra = 0
    fields = ("name", "kind", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CoachingRequest)
class CoachingRequestAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "member",
        "call",
        "stage",
        "coach",
        "advisor",
        "requested_advisor",
        "deadline",
        "outcome",
    )
    list_filter = ("stage", "outcome")
    list_select_related = ("member", "call", "coach", "advisor", "requested_advisor")
    actions = ("assign_requested_advisor",)
    search_fields = ("title", "member__email")
    fields = (
        "member",
        "title",
        "call",
        "needs",
        "deadline",
        "requested_advisor",
        *services.TRIAGE_FIELDS,
        "translators",
        "outcome",
        "amount",
    )
    readonly_fields = (
        "member",
        "title",
        "call",
        "needs",
        "deadline",
        "requested_advisor",
        "outcome",
        "amount",
    )
    raw_id_fields = ("coach", "translators")
    inlines = (RequestEventInline, RequestDocumentInline)

    def has_add_permission(self, request):
        return False

    @admin.action(
        description=_("Assign the advisor the member asked for"),
        permissions=["change"],
    )
    def assign_requested_advisor(self, request, queryset):
        run_on_selected(
            self,
            request,
            queryset.select_related("requested_advisor"),
            lambda row: services.request_assign_requested_advisor(request=row, actor=request.user),
            done_message=lambda count: (
                ngettext(
                    "%(count)d request now has the advisor the member asked for.",
                    "%(count)d requests now have the advisor the member asked for.",
                    count,
                )
                % {"count": count}
            ),
        )

    def save_model(self, request, obj, form, change):
        changes = {
            f: form.cleaned_data[f] for f in services.TRIAGE_FIELDS if f in form.changed_data
        }
        try:
            services.request_triage(
                request=CoachingRequest.objects.get(pk=obj.pk), actor=request.user, **changes
            )
        except DomainError as error:
            messages.error(request, str(error))

    def save_related(self, request, form, formsets, change):
        for (
            formset
        ) in formsets:  # read-only inlines: nothing to write, but the change message needs them
            self.save_formset(request, form, formset, change=change)
        if "translators" in form.changed_data:
            form.instance.translators.set(form.cleaned_data["translators"])

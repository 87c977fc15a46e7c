"""Staff view of the outbox: what was sent, what is waiting, what failed and why.

Rows are written only by the outbox services, so everything here is read-only; the two
actions ("Resend now", "Retry failed") call services and leave an admin history entry.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Email


class GivenUpFilter(admin.SimpleListFilter):
    title = _("retries")
    parameter_name = "retries"

    def lookups(self, request, model_admin):
        return [("given_up", _("Given up")), ("waiting", _("Waiting for a retry"))]

    def queryset(self, request, queryset):
        if self.value() == "given_up":
            return queryset.given_up()
        if self.value() == "waiting":
            return queryset.filter(state=Email.State.FAILED, next_attempt_at__isnull=False)
        return queryset


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "state",
        "key",
        "to",
        "subject",
        "attempts",
        "short_error",
        "sent_at",
    )
    list_display_links = ("key",)
    list_filter = ("state", GivenUpFilter, "language", "created_at")
    search_fields = ("to", "key", "subject")
    date_hierarchy = "created_at"
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = (
        "key",
        "to",
        "subject",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "locked_at",
        "sent_at",
        "created_at",
        "language",
        "template",
        "headers",
        "text_body",
        "html_body",
    )
    fieldsets = (
        (None, {"fields": ("key", "to", "subject", "language", "template", "headers")}),
        (
            _("Delivery"),
            {
                "fields": (
                    "state",
                    "attempts",
                    "last_error",
                    "next_attempt_at",
                    "locked_at",
                    "sent_at",
                    "created_at",
                )
            },
        ),
        (_("Message"), {"fields": ("text_body", "html_body")}),
    )
    actions = ("resend_now", "retry_failed")

    @admin.display(description=_("last error"))
    def short_error(self, obj: Email) -> str:
        return truncatechars(obj.last_error, 80)

    def has_add_permission(self, request) -> bool:
        return False  # rows come from the services only

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the outbox is the record of what was sent

    @admin.action(description=_("Resend now"), permissions=["change"])
    def resend_now(self, request, queryset):
        resent = skipped = 0
        for email in queryset.order_by("pk"):
            try:
                row = services.email_resend(email=email)
            except services.OutboxError:
                skipped += 1
                continue
            resent += 1
            if row.pk == email.pk:
                self.log_change(request, email, [{"changed": {"fields": ["state"]}}])
            else:
                self.log_change(request, email, gettext("Resent as %(key)s") % {"key": row.key})
        if resent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d email queued to be sent again.",
                    "%(count)d emails queued to be sent again.",
                    resent,
                )
                % {"count": resent},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d email is being sent right now and was skipped.",
                    "%(count)d emails are being sent right now and were skipped.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Retry failed"), permissions=["change"])
    def retry_failed(self, request, queryset):
        retried = services.email_retry_failed(emails=queryset)
        for email in retried:
            self.log_change(request, email, [{"changed": {"fields": ["state", "attempts"]}}])
        if retried:
            self.message_user(
                request,
                ngettext(
                    "%(count)d failed email queued again.",
                    "%(count)d failed emails queued again.",
                    len(retried),
                )
                % {"count": len(retried)},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, _("None of the selected emails had failed."), messages.WARNING
            )

"""Staff view of the outbox: what was sent, what is waiting, what failed and why.

Rows are written only by the outbox services, so everything here is read-only; the two
actions ("Resend now", "Retry failed") call services and leave an admin history entry.
Message content is shown to superusers only, through outbox.redaction (see EmailAdmin).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models.constants import LOOKUP_SEP
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.audit.services import log_action

from . import redaction, services
from .models import Email

ACCOUNT_SECRET_NOTE = _(
    "Not shown: this message carries an account secret or a security notice "
    "(a reset or confirmation link, a code, the device that made a change)."
)


def _pre(text: str) -> str:
    return format_html('<pre style="white-space: pre-wrap">{}</pre>', text) if text else "–"


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


# Fields a filter in the changelist URL may use (Django otherwise allows any local
# field, and ?text_body__contains=… would let a curator probe a body for a key).
FILTERABLE_FIELDS = frozenset(
    {
        "state",
        "language",
        "template",
        "key",
        "to",
        "attempts",
        "created_at",
        "sent_at",
        "next_attempt_at",
    }
)
MODEL_FIELDS = frozenset(f.name for f in Email._meta.get_fields()) | {"pk", "id"}
DELIVERY_FIELDS = (
    "state",
    "attempts",
    "error",
    "next_attempt_at",
    "locked_at",
    "sent_at",
    "created_at",
)


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """Who sees what (core/outbox/redaction.py has the rules):

    - ILO staff (curators) operate the outbox: recipient, subject, template, language,
      state, attempts, last error and times, and "Resend now" / "Retry failed", which
      send the same message to the same recipient. Never a body or a header.
    - Superusers also see the bodies and headers, with every secret redacted; messages
      from account-security templates (reset, confirmation, sign-in codes, security
      notices) show no content to anyone.
    - Nobody can search or filter on bodies or headers.
    """

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
    actions = ("resend_now", "retry_failed")

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ("key", "to", "subject", "language", "template")}),
            (_("Delivery"), {"fields": DELIVERY_FIELDS}),
        ]
        if request.user.is_superuser:
            if obj is not None and redaction.is_account_secret(obj.template):
                fields = ("content_withheld",)
            else:
                fields = ("redacted_headers", "redacted_text_body", "redacted_html_body")
            fieldsets.append((_("Message (secrets redacted)"), {"fields": fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Everything shown is read-only: rows are written by the outbox services only.
        return [
            name
            for _title, options in self.get_fieldsets(request, obj)
            for name in options["fields"]
        ]

    def lookup_allowed(self, lookup, value, request=None):
        # Names that are no field (the "retries" filter's own parameter) pass through.
        field = lookup.split(LOOKUP_SEP, 1)[0]
        if field in MODEL_FIELDS and field not in FILTERABLE_FIELDS:
            return False
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("last error"))
    def error(self, obj: Email) -> str:
        return redaction.redact(obj.last_error)

    @admin.display(description=_("content"))
    def content_withheld(self, obj: Email) -> str:
        return ACCOUNT_SECRET_NOTE

    @admin.display(description=_("headers"))
    def redacted_headers(self, obj: Email) -> str:
        if redaction.is_account_secret(obj.template):
            return ACCOUNT_SECRET_NOTE
        headers = redaction.redact_headers(obj.headers)
        return _pre("\n".join(f"{name}: {value}" for name, value in sorted(headers.items())))

    @admin.display(description=_("text body"))
    def redacted_text_body(self, obj: Email) -> str:
        if redaction.is_account_secret(obj.template):
            return ACCOUNT_SECRET_NOTE
        return _pre(redaction.redact(obj.text_body))

    @admin.display(description=_("HTML body (source)"))
    def redacted_html_body(self, obj: Email) -> str:
        if redaction.is_account_secret(obj.template):
            return ACCOUNT_SECRET_NOTE
        return _pre(redaction.redact(obj.html_body))

    @admin.display(description=_("last error"))
    def short_error(self, obj: Email) -> str:
        return truncatechars(redaction.redact(obj.last_error), 80)

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
            # A given-up email is queued again as itself; a sent one as a new row.
            log_action(
                obj=email, action="outbox.email.resent", actor=request.user,
                data={} if row.pk == email.pk else {"resent_as": row.pk, "key": row.key},
            )
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
            log_action(obj=email, action="outbox.email.retried", actor=request.user)
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

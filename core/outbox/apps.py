from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The audit trail's codes for the outbox (core.audit.registry).
AUDIT_ACTIONS = {
    "outbox.email.resent": _("email resent"),
    "outbox.email.retried": _("failed email retried"),
}


class OutboxConfig(AppConfig):
    name = "core.outbox"
    label = "outbox"
    verbose_name = _("Email outbox")

    def ready(self) -> None:
        from core.audit.registry import register_actions

        register_actions("outbox", AUDIT_ACTIONS)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The audit trail's codes for alerts (core.audit.registry).
AUDIT_ACTIONS = {
    "alerts.alert.unsubscribed": _("alert unsubscribed"),
    "alerts.alert.unsubscribe_links_revoked": _("alert's unsubscribe links revoked"),
    "alerts.reminders.unsubscribed": _("deadline reminders unsubscribed"),
    "alerts.changes.unsubscribed": _("change notices unsubscribed"),
    "alerts.unsubscribe_links.revoked": _("all unsubscribe links revoked"),
}


class AlertsConfig(AppConfig):
    name = "funds.alerts"
    label = "alerts"
    verbose_name = _("Alerts and reminders")

    def ready(self) -> None:
        from core.audit.registry import register_actions

        register_actions("alerts", AUDIT_ACTIONS)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The audit trail's codes for funds (core.audit.registry). A call's rows are its change
# history: "changes" holds {field: [old, new]}.
AUDIT_ACTIONS = {
    "funds.call.created": _("created"),
    "funds.call.updated": _("updated"),
    "funds.call.reopened": _("re-opened"),
    "funds.call.suggested": _("suggested"),
    "funds.call.published": _("published"),
    "funds.call.rejected": _("rejected"),
    "funds.call.archived": _("archived"),
    "funds.call.status_changed": _("status changed"),
    "funds.call.verified": _("verified"),
    "funds.funder.created": _("funder created"),
    "funds.funder.updated": _("funder updated"),
    "funds.report.created": _("report received"),
    "funds.report.resolved": _("report resolved"),
    "funds.report.dismissed": _("report dismissed"),
    "funds.import.queued": _("spreadsheet import queued"),
    "funds.import.finished": _("spreadsheet import finished"),
}


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = _("Funds and challenge calls")

    def ready(self) -> None:
        from core.audit.registry import register_actions

        register_actions("funds", AUDIT_ACTIONS)

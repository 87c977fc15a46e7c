from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The audit trail's codes for find help (core.audit.registry).
AUDIT_ACTIONS = {
    "findhelp.contact.sent": _("message sent through find help"),
    "findhelp.offer.updated": _("help offered updated"),
    "findhelp.recipient.opted_out": _("opted out of being contacted"),
    "findhelp.directory.added": _("advisor or ILO office added to the directory"),
    "findhelp.directory.changed": _("advisor or ILO office changed in the directory"),
}


class FindHelpConfig(AppConfig):
    name = "members.help"
    label = "findhelp"
    verbose_name = _("Find help")

    def ready(self) -> None:
        from core.audit.registry import register_actions

        register_actions("findhelp", AUDIT_ACTIONS)

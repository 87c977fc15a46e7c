from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The audit trail's codes for recognition (core.audit.registry).
AUDIT_ACTIONS = {
    "badges.award.awarded": _("badge awarded"),
    "badges.award.revoked": _("badge revoked"),
    "badges.award.superseded": _("badge superseded"),
    "badges.award.visibility_set": _("badge made public or private"),
    "badges.document.issued": _("letter or certificate issued"),
    "badges.document.revoked": _("letter or certificate revoked"),
    "badges.document.superseded": _("letter or certificate superseded"),
    "badges.document.visibility_set": _("letter or certificate made public or private"),
}


class BadgesConfig(AppConfig):
    name = "badges"
    verbose_name = _("Recognition: badges, letters and certificates")

    def ready(self) -> None:
        from core.audit.registry import register_actions

        from . import hooks

        register_actions("badges", AUDIT_ACTIONS)
        hooks.connect()

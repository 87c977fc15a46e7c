from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "coaching.request.opened": _("opened a coaching request"),
    "coaching.request.triaged": _("changed a coaching request"),
    "coaching.request.advisor_requested": _("asked for a technical advisor"),
    "coaching.request.outcome": _("reported a coaching request's outcome"),
    "coaching.document.uploaded": _("uploaded a private document"),
}


class RequestsConfig(AppConfig):
    """Case-by-case coaching: a member's request, stage by stage, with its history,
    its outcome and private documents."""

    name = "coaching.requests"
    label = "coaching_requests"
    verbose_name = _("Coaching requests")

    def ready(self) -> None:
        from core.audit.registry import register_actions

        register_actions("coaching", AUDIT_ACTIONS)

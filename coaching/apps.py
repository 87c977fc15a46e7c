from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "coaching.application.submitted": _("applied for a feedback session"),
}

# The kinds of the seed report (working circle 2): events.Session.kind for app "coaching".
KINDS = {
    "workshop": _("Workshop"),
    "briefing": _("Call briefing"),
    "feedback": _("Feedback session with ILO regional evaluators"),
    "webinar": _("Webinar"),
    "tutorial": _("Online tutorial"),
}


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Coaching")

    def ready(self) -> None:
        from core.audit.registry import register_actions
        from events.kinds import register_session_app
        from funds.hooks import register_call_section

        from . import hooks

        register_actions("coaching", AUDIT_ACTIONS)
        register_session_app("coaching", kinds=KINDS, detail_url="coaching:session-detail")
        register_call_section(hooks.call_coaching_section)

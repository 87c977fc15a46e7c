from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The audit trail's codes for the survey (core.audit.registry).
AUDIT_ACTIONS = {
    "survey.survey.opened": _("survey version opened"),
    "survey.survey.closed": _("survey version closed"),
    "survey.survey.invited": _("members invited to answer the survey"),
    "survey.response.submitted": _("survey answered"),
    "survey.need.announced": _("members told about an answer to their need"),
}


class SurveyConfig(AppConfig):
    name = "members.survey"
    label = "survey"
    verbose_name = _("Needs assessment")

    def ready(self) -> None:
        from core.audit.registry import register_actions

        register_actions("survey", AUDIT_ACTIONS)

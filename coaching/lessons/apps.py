from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "coaching.library_lesson.submitted": _("submitted a lesson to the library"),
    "coaching.library_lesson.edited": _("edited a lesson awaiting review"),
    "coaching.library_lesson.endorsed": _("endorsed a library lesson"),
    "coaching.library_lesson.changes_requested": _("asked for changes to a library lesson"),
    "coaching.library_lesson.rejected": _("rejected a library lesson"),
    "coaching.library_lesson.added_to_course": _("added a library lesson to a course"),
}


class LessonsConfig(AppConfig):
    """The lesson library: recorded lessons members submit, staff endorse ("Endorsed by
    ILO") before other members see them, browsed by skills category and language."""

    name = "coaching.lessons"
    label = "coaching_lessons"
    verbose_name = _("Lesson library")

    def ready(self) -> None:
        from core.audit.registry import register_actions

        register_actions("coaching", AUDIT_ACTIONS)

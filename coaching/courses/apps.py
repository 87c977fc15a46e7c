from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "coaching.course.enrolled": _("enrolled in a course"),
    "coaching.lesson.completed": _("completed a lesson"),
    "coaching.course.completed": _("completed a course"),
    "coaching.quiz.attempted": _("took a lesson's quiz"),
}


class CoursesConfig(AppConfig):
    """Courses: ordered steps (coaching sessions through the engine, recorded lessons), a
    completion rule per course, and one completion per member and course."""

    name = "coaching.courses"
    label = "coaching_courses"
    verbose_name = _("Coaching courses")

    def ready(self) -> None:
        from core.audit.registry import register_actions

        register_actions("coaching", AUDIT_ACTIONS)

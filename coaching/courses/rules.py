"""The completion rule, computed from rows: attend every required session and at least
`course.min_sessions` of the course's sessions, and complete every lesson."""

from __future__ import annotations

from dataclasses import dataclass, field

from events.selectors import sessions_attended

from .models import Course, Enrollment, LessonProgress, Step


@dataclass
class Progress:
    course: Course
    steps: list[Step]
    attended: set[int] = field(default_factory=set)  # session pks
    completed: dict[int, object] = field(default_factory=dict)  # lesson step pk → completed_at
    opened: set[int] = field(default_factory=set)  # lesson step pks

    @property
    def session_steps(self) -> list[Step]:
        return [s for s in self.steps if not s.is_lesson]

    @property
    def lesson_steps(self) -> list[Step]:
        return [s for s in self.steps if s.is_lesson]

    def is_done(self, step: Step) -> bool:
        return step.session_id in self.attended if not step.is_lesson else step.pk in self.completed

    @property
    def sessions_attended(self) -> list[int]:
        return sorted(s.session_id for s in self.session_steps if s.session_id in self.attended)

    @property
    def lessons_completed(self) -> list[int]:
        return sorted(s.pk for s in self.lesson_steps if s.pk in self.completed)

    @property
    def sessions_needed(self) -> int:
        required = sum(1 for s in self.session_steps if s.required)
        return min(max(self.course.min_sessions, required), len(self.session_steps))

    @property
    def is_met(self) -> bool:
        return (
            all(s.session_id in self.attended for s in self.session_steps if s.required)
            and len(self.sessions_attended) >= self.sessions_needed
            and all(s.pk in self.completed for s in self.lesson_steps)
        )

    @property
    def rows(self) -> list[tuple[Step, bool]]:
        return [(s, self.is_done(s)) for s in self.steps]

    @property
    def next_step(self) -> Step | None:
        return next((s for s in self.steps if not self.is_done(s)), None)

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if self.is_done(s))


def progress_of(*, course: Course, user, enrollment: Enrollment | None) -> Progress:
    """Three queries: the steps (with sessions), the attended sessions, the lessons."""
    steps = list(course.steps.select_related("session").order_by("position"))
    progress = Progress(course=course, steps=steps)
    if enrollment is None or not user.is_authenticated:
        return progress
    session_ids = [s.session_id for s in steps if s.session_id]
    if session_ids:
        attended = sessions_attended(user=user).filter(pk__in=session_ids)
        progress.attended = set(attended.values_list("pk", flat=True))
    for row in LessonProgress.objects.filter(enrollment=enrollment).values(
        "step_id", "completed_at"
    ):
        progress.opened.add(row["step_id"])
        if row["completed_at"]:
            progress.completed[row["step_id"]] = row["completed_at"]
    return progress

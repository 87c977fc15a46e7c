"""Demo course for `manage.py seed_demo`: "Writing a winning proposal", three coaching
sessions (the past, recorded ones first) and three lessons (the last with a short quiz); member@example.org halfway
through (two sessions attended, one lesson completed). Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from events.models import Registration, Session
from taxonomy.models import Language, SkillCategory

from .models import Course, Enrollment, LessonProgress, Question, Quiz, Step

LESSONS = [
    ("From idea to concept note", "https://video.example.org/lessons/concept-note", 25),
    ("A logical framework reviewers trust", "https://video.example.org/lessons/logframe", 30),
    ("A budget that tells the same story", "https://video.example.org/lessons/budget", 35),
]


def seed(*, stdout) -> None:
    if Course.objects.exists():
        stdout.write("  courses demo already present")
        return
    sessions = list(Session.objects.of_app("coaching").published().order_by("starts_at")[:3])
    course = Course.objects.create(
        title="Writing a winning proposal",
        slug="writing-a-winning-proposal",
        summary=(
            "A certified course recorded with a coaching expert: **how funders read a proposal**, "
            "the concept note, the logical framework and the budget. Attend two of the three "
            "sessions (the first is required) and complete every lesson."
        ),
        min_sessions=2,
        badge_slug="course-completion",
        is_published=True,
    )
    course.categories.set(SkillCategory.objects.active()[:2])
    course.languages.set(Language.objects.filter(code__in=["en", "fr", "es"]))
    position = 0
    for index, session in enumerate(sessions):
        position += 1
        Step.objects.create(
            course=course,
            position=position,
            kind=Step.Kind.SESSION,
            session=session,
            required=index == 0,
        )
    lessons = []
    for title, url, minutes in LESSONS:
        position += 1
        lessons.append(
            Step.objects.create(
                course=course, position=position, kind=Step.Kind.LESSON, title=title, video_url=url,
                materials_url=url.replace("video.", "files.") + ".pdf", estimated_minutes=minutes,
                captions={"fr": url + "/fr.vtt", "es": url + "/es.vtt"},
            )
        )  # fmt: skip
    quiz = Quiz.objects.create(step=lessons[-1], pass_mark=50)
    Question.objects.create(
        quiz=quiz, position=1, correct=2,
        text="Which part of a proposal should the budget tell the same story as?",
        answers="The cover letter\nThe activities and the logical framework\nThe annexes",
    )  # fmt: skip
    Question.objects.create(
        quiz=quiz, position=2, correct=1,
        text="What should each budget line be linked to?",
        answers="An activity or an output\nThe organisation's annual accounts\nNothing",
    )  # fmt: skip
    member = get_user_model().objects.filter(email="member@example.org").first()
    if member is not None:
        enrollment = Enrollment.objects.create(course=course, user=member)
        now = timezone.now()
        LessonProgress.objects.create(
            enrollment=enrollment, step=lessons[0], opened_at=now, completed_at=now
        )
        LessonProgress.objects.create(enrollment=enrollment, step=lessons[1], opened_at=now)
        for session in sessions[:2]:
            Registration.objects.update_or_create(
                session=session, user=member,
                defaults={"status": "confirmed", "confirmed_at": now, "attendance": "attended"},
            )  # fmt: skip
    stdout.write(f"  1 course ({position} steps), member@example.org halfway through")

"""Reads of a lesson step's quiz for its page, and the answers a member posted."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import Enrollment, Question, Quiz, QuizAttempt, Step


def quiz_page(*, step: Step, enrollment: Enrollment | None) -> dict:
    """The step's quiz (None without questions), its questions in order, and whether the
    member already passed it (two queries, three with an enrollment)."""
    quiz = (
        Quiz.objects.filter(step=step)
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
        )
        .first()
    )
    questions = list(quiz.questions.all()) if quiz else []
    passed = bool(
        questions
        and enrollment is not None
        and QuizAttempt.objects.filter(enrollment=enrollment, quiz=quiz, passed=True).exists()
    )
    return {"quiz": quiz if questions else None, "questions": questions, "quiz_passed": passed}


def posted_answers(post) -> dict[int, int]:
    """{question pk: answer number} from fields named "question-<pk>"; junk is ignored
    (the service then says which question is unanswered)."""
    answers = {}
    for name, value in post.items():
        if name.startswith("question-"):
            try:
                answers[int(name.removeprefix("question-"))] = int(value)
            except ValueError:
                continue
    return answers

"""A lesson's quiz: passing it completes the lesson (and maybe the course, once);
failing shows the wrong answers; every attempt is kept; bad input changes nothing."""

import pytest
from django.urls import reverse

from coaching.courses import services
from coaching.courses.errors import CourseError
from coaching.courses.models import Completion, LessonProgress, Question, Quiz, QuizAttempt

from .conftest import attend, steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(course):
    lesson = steps(course, "lesson")[-1]
    quiz = Quiz.objects.create(step=lesson, pass_mark=50)
    Question.objects.create(
        quiz=quiz, position=1, text="What does a budget line follow?",
        answers="An activity\nThe weather\nNothing", correct=1,
    )  # fmt: skip
    Question.objects.create(
        quiz=quiz, position=2, text="Who reads the proposal?",
        answers="Nobody\nThe funder's reviewers", correct=2,
    )  # fmt: skip
    return quiz


def _answers(quiz, right: int):
    questions = list(quiz.questions.order_by("position"))
    return {
        q.pk: (q.correct if i < right else (q.correct % 2) + 1) for i, q in enumerate(questions)
    }


def _url(name, step):
    return reverse(name, kwargs={"slug": step.course.slug, "position": step.position})


def test_a_lesson_with_a_quiz_cannot_be_marked_completed_before_passing_it(member, enrolled, quiz):
    services.lesson_open(step=quiz.step, user=member)
    with pytest.raises(CourseError, match="Pass the lesson's quiz"):
        services.lesson_complete(step=quiz.step, user=member)
    assert LessonProgress.objects.get(step=quiz.step).completed_at is None


def test_failing_the_quiz_records_the_attempt_and_completes_nothing(member, enrolled, quiz):
    services.lesson_open(step=quiz.step, user=member)
    attempt, completion = services.quiz_submit(
        step=quiz.step, user=member, answers=_answers(quiz, 0)
    )
    assert (attempt.score, attempt.passed, completion) == (0, False, None)
    assert LessonProgress.objects.get(step=quiz.step).completed_at is None


def test_passing_the_quiz_completes_the_lesson_and_the_course_exactly_once(
    member, enrolled, course, quiz
):
    first, second, _third = steps(course, "session")
    attend(member, first)
    attend(member, second)
    for lesson in steps(course, "lesson"):
        services.lesson_open(step=lesson, user=member)
    services.lesson_complete(step=steps(course, "lesson")[0], user=member)
    services.quiz_submit(step=quiz.step, user=member, answers=_answers(quiz, 0))
    attempt, completion = services.quiz_submit(
        step=quiz.step, user=member, answers=_answers(quiz, 1)
    )
    assert (attempt.score, attempt.passed) == (50, True)
    assert completion is not None
    assert completion.lessons_completed == sorted(s.pk for s in steps(course, "lesson"))
    again, completion_again = services.quiz_submit(
        step=quiz.step, user=member, answers=_answers(quiz, 2)
    )
    assert completion_again == completion
    services.lesson_complete(step=quiz.step, user=member)
    assert Completion.objects.filter(user=member, course=course).count() == 1
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 3


def test_an_unanswered_question_or_a_missing_enrollment_is_refused(member, course, quiz):
    with pytest.raises(CourseError, match="not enrolled"):
        services.quiz_submit(step=quiz.step, user=member, answers=_answers(quiz, 2))
    services.course_enroll(course=course, user=member)
    with pytest.raises(CourseError, match="Open the lesson"):
        services.quiz_submit(step=quiz.step, user=member, answers=_answers(quiz, 2))
    services.lesson_open(step=quiz.step, user=member)
    first = quiz.questions.order_by("position").first()
    with pytest.raises(CourseError, match="Answer every question"):
        services.quiz_submit(step=quiz.step, user=member, answers={first.pk: 1})
    with pytest.raises(CourseError, match="Answer every question"):
        services.quiz_submit(step=quiz.step, user=member, answers={first.pk: 9})
    assert not QuizAttempt.objects.exists()


def test_the_lesson_page_shows_the_quiz_then_the_wrong_answers_then_the_pass(
    client, member, enrolled, quiz
):
    client.force_login(member)
    page = client.get(_url("courses:lesson", quiz.step)).content.decode()
    assert "What does a budget line follow?" in page
    assert "I completed this lesson" not in page

    questions = list(quiz.questions.order_by("position"))
    wrong = {f"question-{q.pk}": (q.correct % 2) + 1 for q in questions}
    response = client.post(_url("courses:quiz", quiz.step), wrong)
    assert response.status_code == 200
    page = response.content.decode()
    assert "You scored 0%; 50% is needed." in page
    assert page.count("Wrong answer.") == 2

    right = {f"question-{q.pk}": q.correct for q in questions}
    page = client.post(_url("courses:quiz", quiz.step), right).content.decode()
    assert "You completed this lesson." in page
    assert LessonProgress.objects.get(step=quiz.step).completed_at is not None


def test_posting_answers_with_junk_gets_a_400_and_a_message(client, member, enrolled, quiz):
    client.force_login(member)
    client.get(_url("courses:lesson", quiz.step))
    response = client.post(_url("courses:quiz", quiz.step), {"question-abc": "x"})
    assert response.status_code == 400
    assert "Answer every question." in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_posting_a_quiz_of_a_course_one_is_not_enrolled_in_is_refused(client, member, quiz):
    client.force_login(member)
    response = client.post(_url("courses:quiz", quiz.step), {})
    assert response.status_code == 400
    assert "You are not enrolled in this course." in response.content.decode()

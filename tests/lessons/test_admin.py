"""Staff review library lessons in the admin: a decision with a note on the lesson's
page, or endorse / reject several from the list — all through the services."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from coaching.courses.models import Question, Quiz
from coaching.lessons.models import Lesson
from core.outbox.models import Email
from tests.factories.courses import LessonStepFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:coaching_lessons_lesson_changelist")


@pytest.fixture
def staff_client(client, staff, login_with_mfa):
    login_with_mfa(client, staff)
    return client


def _decide(client, lesson, decision, note=""):
    data = {
        "decision": decision,
        "note": note,
        "materials-TOTAL_FORMS": "0",
        "materials-INITIAL_FORMS": "0",
        "materials-MIN_NUM_FORMS": "0",
        "materials-MAX_NUM_FORMS": "1000",
    }
    return client.post(reverse("admin:coaching_lessons_lesson_change", args=[lesson.pk]), data)


def test_staff_ask_for_changes_with_a_note_from_the_lesson_page(staff_client, submit, member):
    lesson = submit(member)
    assert (
        staff_client.get(
            reverse("admin:coaching_lessons_lesson_change", args=[lesson.pk])
        ).status_code
        == 200
    )
    refused = _decide(staff_client, lesson, "changes")
    assert refused.status_code == 200
    assert "Say what the author should change." in refused.content.decode()
    assert Lesson.objects.get().status == Lesson.Status.PENDING

    assert _decide(staff_client, lesson, "changes", "Add subtitles.").status_code == 302
    lesson.refresh_from_db()
    assert (lesson.status, lesson.review_note) == (
        Lesson.Status.CHANGES_REQUESTED,
        "Add subtitles.",
    )
    assert (
        Email.objects.filter(key__startswith="coaching.library_lesson.changes_requested:").count()
        == 1
    )


def test_staff_endorse_from_the_lesson_page_and_cannot_decide_again(
    staff_client, submit, member, staff
):
    lesson = submit(member)
    assert _decide(staff_client, lesson, "endorse").status_code == 302
    lesson.refresh_from_db()
    assert (lesson.status, lesson.endorsed_by) == (Lesson.Status.ENDORSED, staff)
    again = _decide(staff_client, lesson, "reject")
    assert "This lesson is not awaiting review." in again.content.decode()
    assert Lesson.objects.get().status == Lesson.Status.ENDORSED


def test_the_list_actions_endorse_and_reject_through_the_services(staff_client, submit, member):
    first, second, third = (submit(member, title=f"Lesson {n}") for n in range(3))
    staff_client.post(
        CHANGELIST, {"action": "endorse_selected", ACTION_CHECKBOX_NAME: [first.pk, second.pk]}
    )
    response = staff_client.post(
        CHANGELIST,
        {"action": "reject_selected", ACTION_CHECKBOX_NAME: [second.pk, third.pk]},
        follow=True,
    )
    statuses = dict(Lesson.objects.values_list("title", "status"))
    assert statuses == {"Lesson 0": "endorsed", "Lesson 1": "endorsed", "Lesson 2": "rejected"}
    assert "Lesson 1: “Lesson 1” is not awaiting review" in response.content.decode()
    assert Email.objects.count() == 3


def test_staff_edit_a_lessons_quiz_with_its_questions_inline(staff_client):
    step = LessonStepFactory()
    data = {
        "step": step.pk,
        "pass_mark": "60",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-position": "1",
        "questions-0-text": "Who reads a proposal?",
        "questions-0-answers": "Nobody\nReviewers",
        "questions-0-correct": "2",
    }
    response = staff_client.post(reverse("admin:coaching_courses_quiz_add"), data)
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.quiz, question.correct_answer) == (Quiz.objects.get(step=step), "Reviewers")
    data.update({"questions-0-correct": "5"})
    bad = staff_client.post(
        reverse("admin:coaching_courses_quiz_add"), {**data, "step": LessonStepFactory().pk}
    )
    assert "Give the number of one of the answers (1 to 2)." in bad.content.decode()

"""The library's services: who may submit, edit and review, the limits, the emails."""

import pytest

from coaching.lessons import services
from coaching.lessons.errors import LessonError
from coaching.lessons.models import Lesson, LessonMaterial
from core.audit.models import AuditEntry
from core.outbox.models import Email

from .conftest import PDF, lesson_data

pytestmark = pytest.mark.django_db


def test_a_member_submits_a_lesson_that_awaits_review_with_its_materials(member, english, category):
    lesson = services.lesson_submit(
        author=member,
        data=lesson_data(english),
        categories=[category],
        materials=[("handout.pdf", PDF)],
    )
    assert lesson.status == Lesson.Status.PENDING
    assert list(lesson.categories.all()) == [category]
    material = lesson.materials.get()
    assert (material.kind, material.name) == ("pdf", "handout.pdf")
    assert material.file.read() == PDF
    assert AuditEntry.objects.filter(action="coaching.library_lesson.submitted").count() == 1


def test_a_signed_in_person_who_is_not_a_member_cannot_submit(outsider, submit):
    with pytest.raises(LessonError, match="Only network members"):
        submit(outsider)
    assert not Lesson.objects.exists()


@pytest.mark.parametrize(
    "link",
    [
        "http://video.example.org/x",
        "javascript:alert(1)",
        "ftp://video.example.org/x",
        "not a link",
    ],
)
def test_a_video_link_that_is_not_https_is_refused_and_nothing_is_stored(member, submit, link):
    with pytest.raises(LessonError, match="https://"):
        submit(member, video_url=link)
    assert not Lesson.objects.exists()


def test_a_transcript_link_that_is_not_https_is_refused(member, submit):
    with pytest.raises(LessonError, match="https://"):
        submit(member, transcript_url="http://video.example.org/t.vtt")
    assert not Lesson.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [("handout.pdf", b"<html><script>alert(1)</script>"), ("notes.txt", b"plain"), ("x.pdf", b"")],
)
def test_a_material_of_the_wrong_type_is_refused_and_nothing_is_stored(
    member, english, category, name, data, settings
):
    with pytest.raises(LessonError, match="accepted|empty"):
        services.lesson_submit(
            author=member,
            data=lesson_data(english),
            categories=[category],
            materials=[(name, data)],
        )
    assert not Lesson.objects.exists()
    assert not LessonMaterial.objects.exists()
    assert not settings.PRIVATE_MEDIA_ROOT.exists() or not any(
        settings.PRIVATE_MEDIA_ROOT.rglob("*.*")
    )


def test_a_member_may_have_at_most_five_lessons_awaiting_review(member, submit, staff):
    lessons = [submit(member, title=f"Lesson {n}") for n in range(5)]
    with pytest.raises(LessonError, match="awaiting review"):
        submit(member, title="One too many")
    assert Lesson.objects.count() == 5
    services.lesson_endorse(lesson=lessons[0], actor=staff)
    submit(member, title="Room again")
    assert Lesson.objects.count() == 6


def test_staff_endorse_a_lesson_with_who_and_when_and_the_author_is_emailed_in_french(
    member, submit, staff
):
    member.profile.preferred_language = "fr"
    member.profile.save()
    lesson = services.lesson_endorse(lesson=submit(member), actor=staff)
    assert lesson.status == Lesson.Status.ENDORSED
    assert lesson.endorsed_by == staff
    assert lesson.endorsed_at is not None
    email = Email.objects.get(key__startswith="coaching.library_lesson.endorsed:")
    assert email.to == "member@example.org"
    assert email.language == "fr"
    assert "approuvée par l'OIT" in email.subject
    entry = AuditEntry.objects.get(action="coaching.library_lesson.endorsed")
    assert entry.changes == {"status": ["pending", "endorsed"]}


def test_asking_for_changes_needs_a_note_which_is_emailed_to_the_author(member, submit, staff):
    lesson = submit(member)
    with pytest.raises(LessonError, match="should change"):
        services.lesson_request_changes(lesson=lesson, actor=staff, note="  ")
    lesson = services.lesson_request_changes(
        lesson=lesson, actor=staff, note="Please add Spanish subtitles."
    )
    assert lesson.status == Lesson.Status.CHANGES_REQUESTED
    email = Email.objects.get(key__startswith="coaching.library_lesson.changes_requested:")
    assert "Please add Spanish subtitles." in email.text_body
    assert "Please add Spanish subtitles." in email.html_body


def test_a_rejected_lesson_emails_the_author_and_cannot_be_reviewed_again(member, submit, staff):
    lesson = services.lesson_reject(lesson=submit(member), actor=staff, note="Off topic.")
    assert lesson.status == Lesson.Status.REJECTED
    assert Email.objects.filter(key__startswith="coaching.library_lesson.rejected:").count() == 1
    with pytest.raises(LessonError, match="not awaiting review"):
        services.lesson_endorse(lesson=lesson, actor=staff)
    assert Lesson.objects.get().status == Lesson.Status.REJECTED


def test_members_cannot_review_lessons(member, other_member, submit):
    lesson = submit(member)
    for person in (member, other_member):
        with pytest.raises(LessonError, match="Only ILO staff"):
            services.lesson_endorse(lesson=lesson, actor=person)
    assert Lesson.objects.get().status == Lesson.Status.PENDING
    assert not Email.objects.exists()


def test_only_the_author_edits_a_lesson_and_only_while_it_awaits_review(
    member, other_member, submit, staff, english, category
):
    lesson = submit(member)
    with pytest.raises(LessonError, match="Only the author"):
        services.lesson_edit(
            lesson=lesson, actor=other_member, data=lesson_data(english, title="Hijacked"),
            categories=[category],
        )  # fmt: skip
    services.lesson_request_changes(lesson=lesson, actor=staff, note="Shorter title.")
    lesson = services.lesson_edit(
        lesson=lesson,
        actor=member,
        data=lesson_data(english, title="Budgets"),
        categories=[category],
    )
    assert (lesson.title, lesson.status) == ("Budgets", Lesson.Status.PENDING)
    entry = AuditEntry.objects.get(action="coaching.library_lesson.edited")
    assert entry.changes["status"] == ["changes_requested", "pending"]
    services.lesson_endorse(lesson=lesson, actor=staff)
    with pytest.raises(LessonError, match="can no longer be changed"):
        services.lesson_edit(
            lesson=lesson,
            actor=member,
            data=lesson_data(english, title="Later"),
            categories=[category],
        )
    assert Lesson.objects.get().title == "Budgets"


def test_each_decision_is_emailed_once_even_when_the_same_decision_repeats(member, submit, staff):
    lesson = submit(member)
    services.lesson_request_changes(lesson=lesson, actor=staff, note="One.")
    services.lesson_request_changes(lesson=lesson, actor=staff, note="Two.")
    assert (
        Email.objects.filter(key__startswith="coaching.library_lesson.changes_requested:").count()
        == 2
    )


def test_a_course_step_may_refer_to_an_endorsed_library_lesson_only(member, submit, staff):
    from django.core.exceptions import ValidationError

    from coaching.courses.models import Step
    from tests.factories.courses import CourseFactory

    course = CourseFactory()
    pending = submit(member, title="Still pending")
    step = Step(course=course, position=1, kind=Step.Kind.LESSON, library_lesson=pending)
    with pytest.raises(ValidationError, match="endorsed by ILO"):
        step.full_clean()
    lesson = services.lesson_endorse(lesson=pending, actor=staff)
    step = Step(course=course, position=1, kind=Step.Kind.LESSON, library_lesson=lesson)
    step.full_clean()
    assert (step.title, step.video_url, step.estimated_minutes) == (
        lesson.title,
        lesson.video_url,
        lesson.estimated_minutes,
    )

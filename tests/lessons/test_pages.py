"""The library pages: who sees which lesson, search and filters, the query budget,
submitting with bad input, materials, staff adding a lesson to a course."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coaching.courses.models import Step
from coaching.lessons import services
from coaching.lessons.models import Lesson
from tests.factories.courses import CourseFactory, EnrollmentFactory, LessonStepFactory
from tests.factories.members import SkillCategoryFactory, UserFactory

from .conftest import PDF, lesson_data

pytestmark = pytest.mark.django_db

LIBRARY = reverse("lessons:library")


def test_anonymous_visitors_are_sent_to_sign_in_for_the_library_and_a_lesson(client, endorsed):
    for url in (LIBRARY, endorsed.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_signed_in_non_member_does_not_find_the_library(client, outsider, endorsed):
    client.force_login(outsider)
    assert client.get(LIBRARY).status_code == 404
    assert client.get(endorsed.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("author", 200), ("other_member", 404), ("staff", 200)],
)
def test_a_pending_lesson_is_seen_by_its_author_and_staff_only(
    client, login_with_mfa, submit, member, other_member, staff, viewer, status
):
    lesson = submit(member)
    person = {"author": member, "other_member": other_member, "staff": staff}[viewer]
    if person.is_staff:
        login_with_mfa(client, person)
    else:
        client.force_login(person)
    response = client.get(lesson.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert "Awaiting review" in response.content.decode()
    assert lesson.title not in client.get(LIBRARY).content.decode()


def test_an_endorsed_lesson_shows_who_endorsed_it_and_when(client, endorsed, other_member):
    client.force_login(other_member)
    page = client.get(endorsed.get_absolute_url()).content.decode()
    assert "Endorsed by ILO" in page
    assert "by ILO staff on" in page  # staff without a profile: never their email
    assert endorsed.endorsed_by.email not in page
    assert endorsed.title in client.get(LIBRARY).content.decode()


def test_the_author_sees_the_note_of_requested_changes_and_their_lessons_with_their_state(
    client, submit, member, staff
):
    lesson = services.lesson_request_changes(
        lesson=submit(member), actor=staff, note="Please add Spanish subtitles."
    )
    client.force_login(member)
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "Please add Spanish subtitles." in page
    assert reverse("lessons:edit", kwargs={"pk": lesson.pk}) in page
    mine = client.get(reverse("lessons:mine")).content.decode()
    assert lesson.title in mine and "Changes requested" in mine


def _endorsed(staff, author, language, category, title, summary="A lesson."):
    lesson = services.lesson_submit(
        author=author,
        data=lesson_data(language, title=title, summary=summary),
        categories=[category],
    )
    return services.lesson_endorse(lesson=lesson, actor=staff)


def test_the_library_is_searchable_and_filtered_by_category_and_language(
    client, staff, member, other_member, english, french, category
):
    other_category = SkillCategoryFactory(slug="digital-skills", name_en="Digital skills")
    _endorsed(staff, member, english, category, "Budgeting a training programme")
    _endorsed(staff, member, french, category, "Rédiger une note conceptuelle", "Le budget aussi.")
    _endorsed(staff, member, english, other_category, "Coding bootcamps", "Budget lines explained.")
    client.force_login(other_member)

    def titles(**query):
        response = client.get(LIBRARY, query)
        assert response.status_code == 200
        return sorted(lesson.title for lesson in response.context["page_obj"].object_list)

    assert titles(q="budget") == [
        "Budgeting a training programme", "Coding bootcamps", "Rédiger une note conceptuelle",
    ]  # fmt: skip
    assert titles(q="budget lines") == ["Coding bootcamps"]
    assert titles(language="fr") == ["Rédiger une note conceptuelle"]
    assert titles(category="digital-skills") == ["Coding bootcamps"]
    assert titles(category="apprenticeships", language="en") == ["Budgeting a training programme"]
    assert titles(q="nothing like this") == []
    assert (
        "No endorsed lesson matches these filters yet."
        in client.get(LIBRARY, {"q": "nothing like this"}).content.decode()
    )


def test_an_unknown_category_or_language_answers_400_with_the_error_beside_the_field(
    client, other_member, endorsed
):
    client.force_login(other_member)
    response = client.get(LIBRARY, {"category": "no-such-thing", "language": "xx"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is no skills category “no-such-thing”." in page
    assert "There is no language with the code “xx”." in page


def test_the_library_costs_the_same_queries_for_one_lesson_or_twenty(
    client, staff, member, other_member, english, category, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _endorsed(staff, member, english, category, "Lesson 0")
    client.force_login(other_member)
    client.get(LIBRARY)  # warm the session and the taxonomy
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIBRARY).status_code == 200
    authors = [UserFactory() for _ in range(4)]
    for n in range(1, 20):
        lesson = Lesson.objects.create(
            title=f"Lesson {n}", summary="…", language=english, author=authors[n % 4],
            video_url="https://video.example.org/x", status="endorsed",
            endorsed_by=staff, endorsed_at=Lesson.objects.get(title="Lesson 0").endorsed_at,
        )  # fmt: skip
        lesson.categories.set([category, SkillCategoryFactory()])
    with django_assert_max_num_queries(len(one)):
        response = client.get(LIBRARY)
    assert len(response.context["page_obj"].object_list) == 20


def _form(language, category, **overrides):
    data = {
        "title": "Budgeting a training programme",
        "summary": "How to cost trainers.",
        "categories": [category.pk],
        "language": language.pk,
        "video_url": "https://video.example.org/budgeting",
        "estimated_minutes": "20",
    }
    return {**data, **overrides}


def test_a_member_submits_a_lesson_with_a_handout_through_the_form(
    client, member, english, category
):
    client.force_login(member)
    assert client.get(reverse("lessons:submit")).status_code == 200
    data = _form(english, category, material=SimpleUploadedFile("handout.pdf", PDF))
    response = client.post(reverse("lessons:submit"), data)
    lesson = Lesson.objects.get()
    assert response.status_code == 302
    assert response["Location"] == lesson.get_absolute_url()
    assert lesson.materials.get().name == "handout.pdf"
    download = client.get(reverse("lessons:material", kwargs={"pk": lesson.materials.get().pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"video_url": "http://video.example.org/x"},
            "Enter a secure link starting with https://.",
        ),
        ({"subtitles_url": "http://video.example.org/x.vtt"}, "Enter a secure link starting"),
        ({"transcript_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"material": "exe"}, "Only PDF, DOCX, XLSX or ODT documents are accepted."),
        ({"categories": []}, "This field is required."),
    ],
)
def test_bad_input_in_the_form_gets_a_clear_message_a_400_and_changes_nothing(
    client, member, english, category, overrides, message
):
    if overrides.get("material") == "exe":
        overrides = {"material": SimpleUploadedFile("handout.pdf", b"MZ\x90\x00 not a pdf")}
    client.force_login(member)
    response = client.post(reverse("lessons:submit"), _form(english, category, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Lesson.objects.exists()


def test_another_member_cannot_edit_or_download_a_pending_lesson(
    client, member, other_member, english, category
):
    lesson = services.lesson_submit(
        author=member, data=lesson_data(english), categories=[category],
        materials=[("handout.pdf", PDF)],
    )  # fmt: skip
    client.force_login(other_member)
    edit = reverse("lessons:edit", kwargs={"pk": lesson.pk})
    assert client.post(edit, _form(english, category, title="Hijacked")).status_code == 404
    material = reverse("lessons:material", kwargs={"pk": lesson.materials.get().pk})
    assert client.get(material).status_code == 404
    assert Lesson.objects.get().title == lesson.title


def test_the_author_edits_a_pending_lesson_but_not_an_endorsed_one(
    client, member, staff, english, category, submit
):
    lesson = submit(member)
    client.force_login(member)
    edit = reverse("lessons:edit", kwargs={"pk": lesson.pk})
    assert client.post(edit, _form(english, category, title="Budgets")).status_code == 302
    assert Lesson.objects.get().title == "Budgets"
    services.lesson_endorse(lesson=lesson, actor=staff)
    refused = client.post(edit, _form(english, category, title="Later"))
    assert refused.status_code == 403
    assert "it can no longer be changed" in refused.content.decode()
    assert Lesson.objects.get().title == "Budgets"


def test_staff_add_an_endorsed_lesson_to_a_course_and_members_follow_it_there(
    client, login_with_mfa, staff, endorsed, other_member
):
    course = CourseFactory()
    LessonStepFactory(course=course, position=1)
    login_with_mfa(client, staff)
    url = reverse("lessons:add-to-course", kwargs={"pk": endorsed.pk})
    assert client.post(url, {"course": course.pk}).status_code == 302
    step = Step.objects.get(library_lesson=endorsed)
    assert (step.course, step.position, step.title) == (course, 2, endorsed.title)
    again = client.post(url, {"course": course.pk})
    assert again.status_code == 400
    assert "is already a step of" in again.content.decode()

    client.logout()
    client.force_login(other_member)
    EnrollmentFactory(course=course, user=other_member)
    page = client.get(
        reverse("courses:lesson", kwargs={"slug": course.slug, "position": 2})
    ).content.decode()
    assert "Endorsed by ILO" in page
    assert endorsed.video_url in page


def test_a_member_cannot_add_a_lesson_to_a_course(client, endorsed, other_member):
    course = CourseFactory()
    client.force_login(other_member)
    url = reverse("lessons:add-to-course", kwargs={"pk": endorsed.pk})
    assert client.post(url, {"course": course.pk}).status_code == 403
    assert not course.steps.exists()


def test_a_pending_lesson_cannot_be_added_to_a_course(staff, member, submit):
    from coaching.lessons.errors import LessonError

    with pytest.raises(LessonError, match="endorsed"):
        services.lesson_add_to_course(lesson=submit(member), course=CourseFactory(), actor=staff)


def test_the_coaching_and_course_pages_link_the_library_for_members(client, other_member):
    client.force_login(other_member)
    for url in (reverse("coaching:session-list"), reverse("courses:list")):
        assert LIBRARY in client.get(url).content.decode()

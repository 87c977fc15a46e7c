"""Answering the survey: stored by code, checked, replaced on a second answer; new
versions and invitations."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from core.audit.models import AuditEntry
from core.outbox.models import Email
from members.survey import services
from members.survey.models import Answer, Invitation, Response, Survey
from tests.factories.members import ApprovedMemberFactory, MemberProfileFactory, UserFactory

from .conftest import FULL

pytestmark = pytest.mark.django_db


def test_answers_are_stored_as_codes_with_ranks_and_the_members_region(answer):
    response = answer(
        country="SN", language="fr", workshop_topics=["rpl", "budgeting", "green_skills"]
    )

    assert response.region == "africa" and response.answered_in == "fr"
    ranked = list(
        response.answers.filter(question="workshop_topics")
        .order_by("rank")
        .values_list("option", "rank")
    )
    assert ranked == [("rpl", 1), ("budgeting", 2), ("green_skills", 3)]
    assert (
        AuditEntry.objects.filter(
            action="survey.response.submitted", object_id=str(response.pk)
        ).count()
        == 1
    )


def test_answering_again_replaces_the_earlier_answers(answer):
    first = answer()
    second = answer(profile=first.profile, needs=["translation", "data"])

    assert second.pk == first.pk
    assert sorted(
        Answer.objects.filter(response=first, question="needs").values_list("option", flat=True)
    ) == [
        "data",
        "translation",
    ]
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("answers", "question"),
    [
        ({"needs": []}, "needs"),  # a required question skipped
        ({"needs": ["bribes"]}, "needs"),  # not an option
        (
            {"challenges": ["funding_access", "policy", "scaling", "measurement"]},
            "challenges",
        ),  # more than 3
        ({"workshop_topics": ["rpl", "rpl"]}, "workshop_topics"),  # the same topic twice
        (
            {"workshop_topics": ["rpl", "budgeting", "green_skills", "communication"]},
            "workshop_topics",
        ),
        ({"languages": ["xx"]}, "languages"),
        ({"challenges_other": "x" * 2001}, "challenges_other"),
    ],
)
def test_bad_answers_are_refused_by_question_and_nothing_is_written(answer, answers, question):
    with pytest.raises(services.SurveyError) as error:
        answer(**answers)

    assert list(error.value.errors) == [question]
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_nobody_answers_for_someone_else(survey, languages):
    profile = ApprovedMemberFactory()
    with pytest.raises(PermissionDenied):
        services.response_submit(survey=survey, profile=profile, actor=UserFactory(), answers=FULL)


def test_staff_run_the_survey_again_as_a_new_version_and_the_old_one_closes(survey, staff):
    new = services.survey_open_new_version(actor=staff)

    survey.refresh_from_db()
    assert (new.version, new.status, new.questions) == (2, "open", survey.questions)
    assert survey.status == "closed" and survey.closed_at is not None
    assert list(Survey.objects.open()) == [new]


def test_a_closed_version_takes_no_answers(survey, staff, answer):
    services.survey_open_new_version(actor=staff)
    with pytest.raises(services.SurveyError):
        answer()


def test_only_curators_open_versions_and_only_from_the_catalogue(survey, staff):
    with pytest.raises(PermissionDenied):
        services.survey_open_new_version(actor=ApprovedMemberFactory().user)
    with pytest.raises(services.SurveyError):
        services.survey_open_new_version(actor=staff, questions=["needs", "favourite_colour"])
    with pytest.raises(services.SurveyError):
        services.survey_open_new_version(actor=staff, questions=[])


def test_inviting_members_twice_emails_each_member_once(
    survey, staff, answer, django_capture_on_commit_callbacks
):
    invited = [ApprovedMemberFactory(), ApprovedMemberFactory(preferred_language="es")]
    MemberProfileFactory()  # not a member: not invited
    answered = answer().profile  # already answered: not invited

    with django_capture_on_commit_callbacks(execute=True):
        assert services.survey_invite_members(survey=survey, actor=staff) == 2
        assert services.survey_invite_members(survey=survey, actor=staff) == 0

    emails = Email.objects.filter(key__startswith=f"survey-invitation:{survey.pk}:")
    assert sorted(emails.values_list("to", flat=True)) == sorted(p.user.email for p in invited)
    assert not Invitation.objects.filter(profile=answered).exists()
    spanish = emails.get(to=invited[1].user.email)
    assert "/es/members/survey/" in spanish.text_body


def test_a_new_member_answers_the_survey_when_applying_all_or_nothing(survey, languages):
    profile = MemberProfileFactory()
    with pytest.raises(services.SurveyError):
        services.membership_apply_with_survey(
            profile=profile,
            actor=profile.user,
            application={"motivation": "Meet peers"},
            answers={"needs": []},
        )
    assert not profile.applications.exists()

    application = services.membership_apply_with_survey(
        profile=profile,
        actor=profile.user,
        application={"motivation": "Meet peers"},
        answers={**FULL, "needs": ["translation"], "topics_other": "Green jobs"},
    )
    assert application.needs == ["translation"] and application.workshop_topics == "Green jobs"
    assert application.survey_response.survey == survey

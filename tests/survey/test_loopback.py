"""The loop back: members who asked for a need, in that language and region, are told
once when something answers it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from core.outbox.models import Email
from members.survey.loopback import notify_members_with_need
from members.survey.models import NeedAnnouncement
from members.survey.services import SurveyError
from tests.factories.members import ApprovedMemberFactory

pytestmark = pytest.mark.django_db

WORKSHOP = {
    "need_code": "proposals",
    "subject_url": "https://portal.example.org/coaching/7/",
    "title": "Budget coaching",
}


def _told():
    return sorted(
        Email.objects.filter(key__startswith="survey-need-answered:").values_list("to", flat=True)
    )


def test_members_who_asked_for_the_need_in_that_language_and_region_are_told(answer):
    wanted = answer(country="PE", language="es", needs=["proposals"], languages=["es"]).profile
    answer(country="PE", needs=["proposals"], languages=["en"])  # another language
    answer(country="KE", needs=["proposals"], languages=["es"])  # another region
    answer(country="PE", needs=["funding"], languages=["es"])  # another need

    announcement = notify_members_with_need(**WORKSHOP, language="es", region="americas")

    assert _told() == [wanted.user.email]
    assert announcement.notified == 1
    email = Email.objects.get(to=wanted.user.email)
    assert email.language == "es" and "Budget coaching" in email.text_body


def test_telling_twice_emails_nobody_twice_and_later_answers_are_told_once(answer):
    first = answer(needs=["proposals"]).profile
    notify_members_with_need(**WORKSHOP, language="", region="")
    notify_members_with_need(**WORKSHOP, language="", region="")
    assert _told() == [first.user.email]

    later = answer(needs=["proposals"]).profile
    announcement = notify_members_with_need(**WORKSHOP, language="", region="")

    assert _told() == sorted([first.user.email, later.user.email])
    assert announcement.notified == 2 and NeedAnnouncement.objects.count() == 1


def test_only_the_latest_answer_of_a_member_counts(survey, staff, answer):
    from members.survey.services import response_submit, survey_open_new_version

    profile = answer(needs=["proposals"]).profile
    new = survey_open_new_version(actor=staff)
    response_submit(
        survey=new,
        profile=profile,
        actor=profile.user,
        answers={
            "needs": ["data"],
            "workshop_topics": ["rpl"],
            "languages": ["en"],
            "formats": ["webinar"],
        },
    )

    notify_members_with_need(**WORKSHOP, language="", region="")

    assert _told() == []


@pytest.mark.parametrize(
    "bad",
    [{"need_code": "bribes"}, {"region": "atlantis"}, {"language": "klingon"}, {"title": "  "}],
)
def test_unknown_needs_regions_languages_or_an_empty_title_are_refused(languages, bad):
    arguments = {**WORKSHOP, "language": "", "region": "", **bad}
    with pytest.raises(SurveyError):
        notify_members_with_need(**arguments)
    assert not NeedAnnouncement.objects.exists()


def test_a_member_cannot_announce(languages):
    with pytest.raises(PermissionDenied):
        notify_members_with_need(
            **WORKSHOP, language="", region="", actor=ApprovedMemberFactory().user
        )


def test_staff_tag_a_need_on_their_page_and_members_are_told(staff_client, answer):
    asked = answer(needs=["proposals"]).profile

    response = staff_client.post(
        "/members/survey/needs-answered/",
        {
            "need": "proposals",
            "language": "",
            "region": "",
            "title": "Budget clinic",
            "subject_url": "https://x.example.org/1",
        },
    )

    assert response.status_code == 302
    assert _told() == [asked.user.email]
    assert staff_client.post("/members/survey/needs-answered/", {"need": "nope"}).status_code == 400

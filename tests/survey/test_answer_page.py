"""The survey page members answer (and come back to)."""

from __future__ import annotations

import pytest
from pytest_django.asserts import assertContains, assertRedirects

from members.survey.models import Response
from tests.factories.members import ApprovedMemberFactory, MemberProfileFactory

pytestmark = pytest.mark.django_db

ANSWER = "/members/survey/"
GOOD = {
    "q_needs": ["funding", "translation"],
    "q_workshop_topics_1": "rpl",
    "q_workshop_topics_2": "budgeting",
    "q_languages": ["fr"],
    "q_formats": ["peer_exchange"],
}


def test_a_member_answers_and_sees_their_answers_when_coming_back(client, survey, languages):
    member = ApprovedMemberFactory()
    client.force_login(member.user)

    response = client.post("/fr" + ANSWER, GOOD)

    assertRedirects(response, "/fr" + ANSWER, fetch_redirect_response=False)
    saved = Response.objects.get(profile=member)
    assert saved.answered_in == "fr"
    page = client.get(ANSWER)
    assertContains(page, "You answered this version")
    assertContains(page, 'value="translation" id="id_q_needs_2" checked')


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"q_needs": []}, "This field is required."),
        ({"q_needs": ["bribes"]}, "Select a valid choice."),
        ({"q_workshop_topics_2": "rpl"}, "Choose each answer only once."),
        (
            {"q_challenges": ["funding_access", "policy", "scaling", "measurement"]},
            "Choose at most 3 answers.",
        ),
    ],
)
def test_skipped_or_excessive_answers_are_explained_with_a_400(
    client, survey, languages, change, message
):
    client.force_login(ApprovedMemberFactory().user)

    response = client.post(ANSWER, {**GOOD, **change})

    assertContains(response, message, status_code=400)
    assert not Response.objects.exists()


def test_people_who_are_not_members_are_sent_to_the_application(client, survey):
    client.force_login(MemberProfileFactory().user)
    response = client.get(ANSWER)
    assertContains(response, "New members answer it when they apply", status_code=403)


def test_the_application_page_asks_the_open_survey(client, survey, languages):
    client.force_login(MemberProfileFactory().user)
    page = client.get("/members/apply/")
    assertContains(page, "Which workshop or event topics do you need most? — choice 1")
    assertContains(page, 'name="survey-q_formats"', count=4)

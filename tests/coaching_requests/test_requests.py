"""Opening a request, staff triage with history and emails, outcomes and statistics."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.requests import selectors, services
from coaching.requests.errors import RequestError
from coaching.requests.models import CoachingRequest, Stage
from core.outbox.models import Email
from tests.factories.funds import FundingCallFactory
from tests.factories.members import SkillCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_request_for_a_call_takes_the_calls_deadline(member):
    call = FundingCallFactory(deadline=timezone.now() + timedelta(days=30))
    request = services.request_open(
        member=member, title="Green skills", stage=Stage.IDEA, needs=["writing"], call=call
    )
    assert request.deadline == call.deadline.date()


def test_a_request_with_a_deadline_in_the_past_is_refused(member):
    with pytest.raises(RequestError, match="past"):
        services.request_open(
            member=member,
            title="Late",
            stage=Stage.IDEA,
            needs=[],
            deadline=timezone.localdate() - timedelta(days=1),
        )
    assert not CoachingRequest.objects.exists()


def test_someone_who_is_not_a_network_member_cannot_ask_for_coaching_or_an_advisor(client, db):
    outsider = UserFactory(email="outsider@example.org")
    with pytest.raises(RequestError, match="network members"):
        services.request_open(member=outsider, title="x", stage=Stage.IDEA, needs=["review"])
    client.force_login(outsider)
    response = client.post(
        reverse("requests:new"), {"title": "x", "stage": "idea", "needs": ["review"]}
    )
    assert response.status_code == 400
    assert "Only network members can ask for coaching." in response.content.decode()


def test_staff_triage_is_kept_as_history_the_member_sees_and_emails_member_and_coach(
    client, member, coach, staff
):
    request = services.request_open(
        member=member, title="Budget help", stage=Stage.CONCEPT, needs=["budget"]
    )
    services.request_triage(
        request=request, actor=staff, coach=coach, stage=Stage.PROPOSAL, next_step="Send the draft"
    )
    services.request_triage(
        request=request, actor=staff, stage=Stage.PROPOSAL
    )  # no change, no entry

    assert request.history.count() == 2
    assert sorted(
        Email.objects.filter(key__startswith="coaching.request.changed:").values_list(
            "to", flat=True
        )
    ) == [
        "coach@ilo.example.org",
        "member@example.org",
    ]
    client.force_login(member)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Concept note → Full proposal" in page
    assert "Send the draft" in page


def test_only_staff_triage(member, other_member):
    request = services.request_open(member=member, title="x", stage=Stage.IDEA, needs=[])
    with pytest.raises(RequestError):
        services.request_triage(request=request, actor=other_member, stage=Stage.BUDGET)


def test_funded_needs_an_amount_and_only_the_member_reports(member, other_member):
    request = services.request_open(member=member, title="x", stage=Stage.SUBMITTED, needs=[])
    with pytest.raises(RequestError, match="amount"):
        services.request_report_outcome(request=request, actor=member, outcome="funded")
    with pytest.raises(RequestError):
        services.request_report_outcome(request=request, actor=other_member, outcome="withdrawn")
    request.refresh_from_db()
    assert request.outcome == ""


def test_outcome_statistics_count_funded_coached_applications_per_call_and_category(member):
    category = SkillCategoryFactory()
    call_a, call_b = FundingCallFactory(), FundingCallFactory()
    call_a.categories.add(category)
    for outcome, amount, call in [
        ("funded", Decimal("50000"), call_a),
        ("not_funded", None, call_a),
        ("funded", Decimal("1000"), call_b),
    ]:
        request = services.request_open(member=member, title="x", stage=Stage.SUBMITTED, needs=[])
        CoachingRequest.objects.filter(pk=request.pk).update(call=call)
        services.request_report_outcome(
            request=request, actor=member, outcome=outcome, amount=amount
        )
    services.request_open(member=member, title="no outcome yet", stage=Stage.IDEA, needs=[])

    stats = selectors.outcome_statistics()

    by_call = {
        row["pk"]: (row["reported"], row["funded"], row["amount"]) for row in stats["per_call"]
    }
    assert by_call == {call_a.pk: (2, 1, Decimal("50000")), call_b.pk: (1, 1, Decimal("1000"))}
    assert [(c.pk, c.reported, c.funded) for c in stats["per_category"]] == [(category.pk, 2, 1)]


def test_staff_triage_in_the_admin_goes_through_the_service(client, login_with_mfa, member, staff):
    from members.help.models import TechnicalAdvisor

    advisor = TechnicalAdvisor.objects.create(name="Kofi Mensah", email="kofi@example.org")
    request = services.request_open(member=member, title="t", stage=Stage.CONCEPT, needs=["budget"])
    login_with_mfa(client, staff)
    url = reverse("admin:coaching_requests_coachingrequest_change", args=[request.pk])
    response = client.post(url, {
        "stage": "proposal", "advisor": advisor.pk, "next_step": "Send the draft", "next_step_on": "", "coach": "",
        "translators": "", "history-TOTAL_FORMS": 1, "history-INITIAL_FORMS": 1,
        "history-0-id": request.history.get().pk, "history-0-request": request.pk,
        "documents-TOTAL_FORMS": 0, "documents-INITIAL_FORMS": 0,
    })  # fmt: skip
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.stage, request.advisor, request.next_step) == (
        "proposal",
        advisor,
        "Send the draft",
    )
    assert request.history.count() == 2

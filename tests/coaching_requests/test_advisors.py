"""A member asks for a technical advisor on their coaching request; staff see it in
triage and assign the advisor in one action."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import reverse

from coaching.requests import selectors, services
from coaching.requests.admin import CoachingRequestAdmin
from coaching.requests.errors import RequestError
from coaching.requests.models import CoachingRequest, Outcome, RequestEvent, Stage
from core.audit.models import AuditEntry
from core.outbox.models import Email
from members.help.models import TechnicalAdvisor
from tests.factories.members import LanguageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def french(db):
    return LanguageFactory(code="fr", name_en="French")


@pytest.fixture
def budget_advisor(french):
    advisor = TechnicalAdvisor.objects.create(
        name="Beatrice Budget",
        title="Finance specialist",
        email="beatrice@advisors.example.org",
        kinds=["budgeting"],
        region="africa",
    )
    advisor.languages.set([french])
    return advisor


@pytest.fixture
def other_advisor(db):
    return TechnicalAdvisor.objects.create(
        name="Aaron Other", email="aaron@advisors.example.org", kinds=["data"]
    )


def advisor_emails():
    return Email.objects.filter(key__startswith="coaching.request.advisor_requested:")


def test_the_member_asks_for_an_advisor_which_is_kept_in_history_audited_and_emailed(
    coaching_request, member, budget_advisor, staff, coach
):
    services.request_advisor_ask(request=coaching_request, actor=member, advisor=budget_advisor)

    coaching_request.refresh_from_db()
    assert coaching_request.requested_advisor == budget_advisor
    assert coaching_request.advisor is None
    event = coaching_request.history.last()
    assert event.changes == {"requested_advisor": ["", "Beatrice Budget"]}
    assert AuditEntry.objects.filter(action="coaching.request.advisor_requested").count() == 1
    assert sorted(advisor_emails().values_list("to", flat=True)) == [
        "coach@ilo.example.org",
        "staff@ilo.example.org",
    ]


def test_asking_twice_for_the_same_advisor_changes_nothing_more(
    coaching_request, member, budget_advisor
):
    for _ in range(2):
        services.request_advisor_ask(request=coaching_request, actor=member, advisor=budget_advisor)
    assert RequestEvent.objects.filter(changes__has_key="requested_advisor").count() == 1
    assert advisor_emails().count() == 2  # staff and coach, once


def test_the_staff_email_is_in_the_recipients_language(coaching_request, member, budget_advisor):
    spanish_staff = UserFactory(email="es-staff@ilo.example.org", is_staff=True)
    from django.contrib.auth.models import Group

    from members.roles import Role
    from tests.factories.members import MemberProfileFactory

    spanish_staff.groups.add(Group.objects.get(name=Role.ILO_STAFF.value))
    MemberProfileFactory(user=spanish_staff, preferred_language="es")

    services.request_advisor_ask(request=coaching_request, actor=member, advisor=budget_advisor)

    email = advisor_emails().get(to="es-staff@ilo.example.org")
    assert email.language == "es"
    assert "asesor" in email.text_body


@pytest.mark.parametrize("who", ["other_member", "staff", "coach", "translator"])
def test_only_the_requests_member_may_ask_for_an_advisor(
    request, coaching_request, budget_advisor, who
):
    actor = request.getfixturevalue(who)
    with pytest.raises(RequestError):
        services.request_advisor_ask(request=coaching_request, actor=actor, advisor=budget_advisor)
    coaching_request.refresh_from_db()
    assert coaching_request.requested_advisor is None
    assert not advisor_emails().exists()


def test_a_closed_request_cannot_get_an_advisor(coaching_request, member, budget_advisor):
    services.request_report_outcome(
        request=coaching_request, actor=member, outcome=Outcome.WITHDRAWN
    )
    with pytest.raises(RequestError, match="closed"):
        services.request_advisor_ask(request=coaching_request, actor=member, advisor=budget_advisor)
    assert CoachingRequest.objects.get().requested_advisor is None


@pytest.mark.parametrize("change", [{"is_active": False}, {"accepts_contact": False}])
def test_an_unavailable_advisor_cannot_be_asked_for(
    coaching_request, member, budget_advisor, change
):
    TechnicalAdvisor.objects.filter(pk=budget_advisor.pk).update(**change)
    with pytest.raises(RequestError, match="not available"):
        services.request_advisor_ask(request=coaching_request, actor=member, advisor=budget_advisor)
    assert CoachingRequest.objects.get().requested_advisor is None


def test_advisors_are_ranked_for_the_requests_needs_and_languages(
    coaching_request, budget_advisor, other_advisor, french
):
    coaching_request.languages.set([french])
    TechnicalAdvisor.objects.create(
        name="Hidden", email="h@advisors.example.org", kinds=["budgeting"], accepts_contact=False
    )
    ranked = selectors.advisors_for(request=coaching_request)
    assert [a.name for a in ranked] == ["Beatrice Budget", "Aaron Other"]
    assert ranked[0].reasons == ["Budgets and financial reporting", "French"]


# --- pages ---------------------------------------------------------------------------


def test_the_request_page_offers_ranked_advisors_without_their_addresses(
    client, coaching_request, member, budget_advisor, other_advisor
):
    client.force_login(member)
    page = client.get(coaching_request.get_absolute_url()).content.decode()
    assert "Ask for a technical advisor" in page
    assert page.index("Beatrice Budget") < page.index("Aaron Other")
    assert "@advisors.example.org" not in page


def test_the_member_asks_from_the_request_page_and_sees_it_in_the_history(
    client, coaching_request, member, budget_advisor
):
    client.force_login(member)
    response = client.post(
        reverse("requests:advisor", kwargs={"pk": coaching_request.pk}),
        {"advisor": budget_advisor.pk},
    )
    assert response.status_code == 302
    page = client.get(coaching_request.get_absolute_url()).content.decode()
    assert "asked for advisor Beatrice Budget" in page
    assert "waiting for ILO staff" in page


def test_the_history_reads_in_the_viewers_language(
    client, coaching_request, member, budget_advisor
):
    services.request_advisor_ask(request=coaching_request, actor=member, advisor=budget_advisor)
    client.force_login(member)
    page = client.get("/fr" + coaching_request.get_absolute_url()).content.decode()
    assert "Beatrice Budget" in page
    assert "asked for advisor" not in page


@pytest.mark.parametrize("who,status", [("other_member", 404), ("staff", 403), ("coach", 403)])
def test_nobody_but_the_member_may_ask_from_the_request_page(
    request, client, login_with_mfa, coaching_request, budget_advisor, who, status
):
    user = request.getfixturevalue(who)
    if user.is_staff:
        login_with_mfa(client, user)
    else:
        client.force_login(user)
    response = client.post(
        reverse("requests:advisor", kwargs={"pk": coaching_request.pk}),
        {"advisor": budget_advisor.pk},
    )
    assert response.status_code == status
    assert CoachingRequest.objects.get().requested_advisor is None


def test_an_anonymous_visitor_is_sent_to_sign_in(client, coaching_request, budget_advisor):
    response = client.post(
        reverse("requests:advisor", kwargs={"pk": coaching_request.pk}),
        {"advisor": budget_advisor.pk},
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert CoachingRequest.objects.get().requested_advisor is None


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_a_bad_or_unavailable_advisor_choice_is_a_400_with_a_message(
    client, coaching_request, member, budget_advisor, value
):
    client.force_login(member)
    response = client.post(
        reverse("requests:advisor", kwargs={"pk": coaching_request.pk}), {"advisor": value}
    )
    assert response.status_code == 400
    assert CoachingRequest.objects.get().requested_advisor is None


def test_an_advisor_who_opted_out_is_refused_from_the_request_page(
    client, coaching_request, member, budget_advisor
):
    TechnicalAdvisor.objects.filter(pk=budget_advisor.pk).update(accepts_contact=False)
    client.force_login(member)
    response = client.post(
        reverse("requests:advisor", kwargs={"pk": coaching_request.pk}),
        {"advisor": budget_advisor.pk},
    )
    assert response.status_code == 400
    assert "not available" in response.content.decode()


def test_a_closed_request_shows_no_advisor_form_and_refuses_with_a_message(
    client, coaching_request, member, budget_advisor
):
    CoachingRequest.objects.filter(pk=coaching_request.pk).update(
        outcome=Outcome.NOT_FUNDED, stage=Stage.RESULT
    )
    client.force_login(member)
    assert (
        "Ask for a technical advisor"
        not in client.get(coaching_request.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("requests:advisor", kwargs={"pk": coaching_request.pk}),
        {"advisor": budget_advisor.pk},
    )
    assert response.status_code == 400
    assert "This request is closed" in response.content.decode()


def test_from_the_advisors_page_the_member_picks_one_of_their_open_requests(
    client, coaching_request, member, budget_advisor
):
    client.force_login(member)
    url = reverse("requests:advisor-ask", kwargs={"advisor_pk": budget_advisor.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert coaching_request.title in page.content.decode()
    response = client.post(url, {"coaching_request": coaching_request.pk})
    assert response.status_code == 302
    assert CoachingRequest.objects.get().requested_advisor == budget_advisor


def test_from_the_advisors_page_another_members_request_cannot_be_chosen(
    client, coaching_request, other_member, budget_advisor
):
    client.force_login(other_member)
    url = reverse("requests:advisor-ask", kwargs={"advisor_pk": budget_advisor.pk})
    response = client.post(url, {"coaching_request": coaching_request.pk})
    assert response.status_code == 400
    assert "Choose one of your open coaching requests." in response.content.decode()
    assert CoachingRequest.objects.get().requested_advisor is None


def test_a_non_member_cannot_open_the_ask_page(client, coaching_request, budget_advisor):
    client.force_login(UserFactory(email="outsider@example.org"))
    url = reverse("requests:advisor-ask", kwargs={"advisor_pk": budget_advisor.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"coaching_request": coaching_request.pk}).status_code == 403
    assert CoachingRequest.objects.get().requested_advisor is None


def test_an_unlisted_advisor_cannot_be_asked_for_from_their_page(client, member, budget_advisor):
    TechnicalAdvisor.objects.filter(pk=budget_advisor.pk).update(is_active=False)
    client.force_login(member)
    response = client.get(reverse("requests:advisor-ask", kwargs={"advisor_pk": budget_advisor.pk}))
    assert response.status_code == 404
    assert "not available" in response.content.decode()


# --- staff triage ----------------------------------------------------------------------


def _admin_request(user):
    request = RequestFactory().post("/admin/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_staff_assign_the_requested_advisor_in_one_action(
    coaching_request, member, staff, budget_advisor, other_advisor
):
    services.request_advisor_ask(request=coaching_request, actor=member, advisor=budget_advisor)
    untouched = services.request_open(member=member, title="No advisor", stage="idea", needs=[])
    model_admin = CoachingRequestAdmin(CoachingRequest, site)

    model_admin.assign_requested_advisor(
        _admin_request(staff),
        CoachingRequest.objects.filter(pk__in=[coaching_request.pk, untouched.pk]),
    )

    coaching_request.refresh_from_db()
    untouched.refresh_from_db()
    assert coaching_request.advisor == budget_advisor
    assert untouched.advisor is None
    assert coaching_request.history.last().changes == {"advisor": ["", "Beatrice Budget"]}


def test_the_triage_list_shows_the_requested_advisor(
    client, login_with_mfa, coaching_request, member, budget_advisor
):
    from tests.factories.members import UserFactory as Users

    services.request_advisor_ask(request=coaching_request, actor=member, advisor=budget_advisor)
    superuser = Users(email="root@ilo.example.org", is_staff=True, is_superuser=True)
    login_with_mfa(client, superuser)
    page = client.get(reverse("admin:coaching_requests_coachingrequest_changelist"))
    assert page.status_code == 200
    assert "Beatrice Budget" in page.content.decode()
    assert "Assign the advisor the member asked for" in page.content.decode()


def test_a_non_staff_user_cannot_assign_through_the_service(
    coaching_request, member, budget_advisor
):
    services.request_advisor_ask(request=coaching_request, actor=member, advisor=budget_advisor)
    with pytest.raises(RequestError):
        services.request_assign_requested_advisor(request=coaching_request, actor=member)
    assert CoachingRequest.objects.get().advisor is None


def test_once_staff_assigned_an_advisor_the_request_page_no_longer_offers_the_select(
    client, coaching_request, member, staff, budget_advisor
):
    services.request_triage(request=coaching_request, actor=staff, advisor=budget_advisor)
    client.force_login(member)
    page = client.get(coaching_request.get_absolute_url()).content.decode()
    assert "Ask for a technical advisor" not in page
    assert "Beatrice Budget" in page


def test_the_request_pages_advisor_select_costs_the_same_queries_for_many_advisors(
    client, coaching_request, member, french, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n, start):
        for i in range(start, start + n):
            advisor = TechnicalAdvisor.objects.create(
                name=f"Advisor {i}", email=f"a{i}@advisors.example.org", kinds=["budgeting"]
            )
            advisor.languages.set([french])

    client.force_login(member)
    add(2, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(coaching_request.get_absolute_url())
    add(25, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(coaching_request.get_absolute_url())
    assert "Advisor 26" in page.content.decode()


# --- availability ----------------------------------------------------------------------


def test_an_advisor_taking_no_new_requests_is_refused_with_a_message_and_nothing_changes(
    coaching_request, member, budget_advisor
):
    TechnicalAdvisor.objects.filter(pk=budget_advisor.pk).update(
        availability=TechnicalAdvisor.Availability.UNAVAILABLE
    )

    with pytest.raises(RequestError, match="not taking new requests"):
        services.request_advisor_ask(request=coaching_request, actor=member, advisor=budget_advisor)
    assert CoachingRequest.objects.get().requested_advisor is None
    assert not advisor_emails().exists()


def test_the_ranked_choice_leaves_out_advisors_taking_no_new_requests_but_keeps_busy_ones(
    coaching_request, budget_advisor, other_advisor
):
    TechnicalAdvisor.objects.filter(pk=budget_advisor.pk).update(
        availability=TechnicalAdvisor.Availability.UNAVAILABLE
    )
    TechnicalAdvisor.objects.filter(pk=other_advisor.pk).update(
        availability=TechnicalAdvisor.Availability.LIMITED
    )

    assert [a.name for a in selectors.advisors_for(request=coaching_request)] == ["Aaron Other"]


def test_posting_an_advisor_taking_no_new_requests_from_the_request_page_is_a_400(
    client, coaching_request, member, budget_advisor
):
    TechnicalAdvisor.objects.filter(pk=budget_advisor.pk).update(
        availability=TechnicalAdvisor.Availability.UNAVAILABLE
    )
    client.force_login(member)

    response = client.post(
        reverse("requests:advisor", kwargs={"pk": coaching_request.pk}), {"advisor": budget_advisor.pk}
    )

    assert response.status_code == 400
    assert CoachingRequest.objects.get().requested_advisor is None

"""Member-facing curation pages: suggesting a call (approved members only) and reporting
outdated information (anyone), with the permissions of each kind of visitor."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from funds.choices import EditorialStatus, Source
from funds.models import CallReport, FundingCall
from taxonomy.models import SkillCategory
from tests.factories.funds import FunderFactory, FundingCallFactory
from tests.factories.members import (
    ApprovedMemberFactory,
    MemberProfileFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SUGGEST = "funds:call-suggest"


@pytest.fixture
def member():
    return ApprovedMemberFactory(full_name="Amina Member").user


def _suggestion(**overrides) -> dict:
    data = {
        "title": "Digital skills for rural women",
        "funder_name": "Rural Futures Fund",
        "funder_type": "private_foundation",
        "source_url": "https://fund.example.org/digital-women",
        "instrument": "project_grant",
        "summary": "Small grants for digital literacy in rural areas.",
        "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "currency": "USD",
        "amount_max": "15000",
        "eligible_regions": ["africa"],
        "categories": [c.pk for c in SkillCategory.objects.filter(slug="core-life-skills")],
    }
    data.update(overrides)
    return data


# --- Suggest a call ---------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_to_suggest(client):
    response = client.get(reverse(SUGGEST))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("membership", ["none", "pending", "declined"])
def test_people_who_are_not_members_are_told_how_to_join_with_a_403(client, membership):
    client.force_login(MemberProfileFactory(membership=membership).user)

    response = client.get(reverse(SUGGEST))
    post = client.post(reverse(SUGGEST), _suggestion())

    assert response.status_code == 403
    assert "Suggesting calls is for network members" in response.text
    assert reverse("members:apply") in response.text
    assert post.status_code == 403
    assert not FundingCall.objects.exists()


def test_a_registered_user_without_a_profile_is_also_told_how_to_join(client):
    client.force_login(UserFactory())

    assert client.get(reverse(SUGGEST)).status_code == 403


def test_members_see_an_accessible_suggestion_form(client, member):
    FunderFactory(name="Known Funder")
    client.force_login(member)

    response = client.get(reverse(SUGGEST))

    assert response.status_code == 200
    assert "funds/suggest.html" in [t.name for t in response.templates]
    assert '<label for="id_source_url"' in response.text
    assert '<datalist id="funder-names"><option value="Known Funder">' in response.text
    assert 'style="' not in response.text


def test_a_member_suggests_a_call_and_sees_the_confirmation(client, member):
    client.force_login(member)

    response = client.post(reverse(SUGGEST), _suggestion())

    call = FundingCall.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse(SUGGEST)}?thanks={call.pk}"
    assert (call.status, call.source, call.suggested_by) == (EditorialStatus.PENDING, Source.MEMBER, member)
    assert call.deadline.hour == 23
    assert [c.slug for c in call.categories.all()] == ["core-life-skills"]
    confirmation = client.get(response["Location"])
    assert "Thank you for your suggestion" in confirmation.text
    assert "may already be on the map" not in confirmation.text


def test_the_confirmation_tells_the_member_about_a_possible_duplicate(client, member):
    existing = FundingCallFactory(title="Digital Women Grants", source_url="https://www.fund.example.org/digital-women/")
    client.force_login(member)

    response = client.post(reverse(SUGGEST), _suggestion(source_url="https://fund.example.org/digital-women?utm_source=x"), follow=True)

    assert FundingCall.objects.get(suggested_by=member).duplicate_of == existing
    assert "This call may already be on the map" in response.text
    assert existing.get_absolute_url() in response.text


def test_a_duplicate_of_an_unpublished_call_is_mentioned_without_revealing_it(client, member):
    FundingCallFactory(title="Secret draft", status=EditorialStatus.DRAFT, source_url="https://fund.example.org/digital-women")
    client.force_login(member)

    response = client.post(reverse(SUGGEST), _suggestion(), follow=True)

    assert "may already be on the map" in response.text
    assert "Secret draft" not in response.text


def test_an_invalid_suggestion_shows_the_errors_with_a_400(client, member):
    client.force_login(member)

    response = client.post(
        reverse(SUGGEST),
        _suggestion(source_url="not a link at all", deadline=(timezone.localdate() - timedelta(days=1)).isoformat()),
    )

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "This deadline has passed" in response.text
    assert not FundingCall.objects.exists()


def test_another_members_confirmation_page_is_not_shown(client, member):
    other = ApprovedMemberFactory().user
    call = FundingCallFactory(suggested_by=other, status=EditorialStatus.PENDING)
    client.force_login(member)

    response = client.get(f"{reverse(SUGGEST)}?thanks={call.pk}")

    assert "Thank you for your suggestion" not in response.text
    assert "Suggest a funding call" in response.text


def test_staff_may_suggest_too(client, login_with_mfa):
    login_with_mfa(client, StaffUserFactory())

    assert client.get(reverse(SUGGEST)).status_code == 200


# --- Report outdated information --------------------------------------------------------


def _report_url(call) -> str:
    return reverse("funds:call-report", kwargs={"slug": call.slug})


def test_anyone_can_open_the_report_form_of_a_published_call(client):
    call = FundingCallFactory()

    response = client.get(_report_url(call))

    assert response.status_code == 200
    assert '<label for="id_email"' in response.text
    assert not CallReport.objects.exists()


def test_an_anonymous_report_with_an_email_reaches_the_staff(client, django_capture_on_commit_callbacks):
    staff = StaffUserFactory()
    call = FundingCallFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_report_url(call), {"message": "The deadline moved.", "email": "reader@example.org"})

    assert response.status_code == 302
    report = CallReport.objects.get()
    assert (report.reporter, report.email, report.message) == (None, "reader@example.org", "The deadline moved.")
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "Thank you" in client.get(response["Location"]).text


def test_a_signed_in_reporter_is_not_asked_for_an_email(client, member):
    call = FundingCallFactory()
    client.force_login(member)

    form = client.get(_report_url(call))
    client.post(_report_url(call), {"message": "Link broken."})

    assert 'name="email"' not in form.text
    assert CallReport.objects.get().reporter == member


@pytest.mark.parametrize("status", [EditorialStatus.DRAFT, EditorialStatus.PENDING, EditorialStatus.ARCHIVED, EditorialStatus.REJECTED])
def test_unpublished_calls_cannot_be_reported(client, status):
    call = FundingCallFactory(status=status)

    assert client.get(_report_url(call)).status_code == 404
    assert client.post(_report_url(call), {"message": "x"}).status_code == 404
    assert not CallReport.objects.exists()


def test_an_empty_report_is_refused_with_a_400(client):
    response = client.post(_report_url(FundingCallFactory()), {"message": "", "email": "not-an-email"})

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert not CallReport.objects.exists()


def test_reports_are_rate_limited(client, settings):
    per_hour = settings.CALL_REPORTS_PER_HOUR
    call = FundingCallFactory()
    for _ in range(per_hour):
        assert client.post(_report_url(call), {"message": "Outdated."}).status_code == 302

    response = client.post(_report_url(call), {"message": "Outdated again."})

    assert response.status_code == 429
    assert "try again in an hour" in response.text
    assert CallReport.objects.count() == per_hour


def test_only_get_and_post_are_allowed(client):
    call = FundingCallFactory()

    assert client.put(_report_url(call)).status_code == 405

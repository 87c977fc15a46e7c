"""Limits where abuse is cheap: saved alerts per person, suggested calls per member per
day, reports of outdated information per person per hour and day. Each refusal is a
clear, translated message (a form error with 400/429, or a notice), never a 500; the
business rules hold in the services, so every path (pages, admin) respects them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from funds.alerts import services as alert_services
from funds.alerts.models import Alert, Frequency
from funds.choices import EditorialStatus, Instrument
from funds.criteria import CallCriteria
from funds.models import CallReport, FundingCall
from funds.services.curation import CallError, SuggestionLimitReached, call_submit_suggestion
from taxonomy.models import SkillCategory
from tests.factories.alerts import AlertFactory
from tests.factories.funds import FundingCallFactory
from tests.factories.members import ApprovedMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """Report counters in this process's own cache (see tests/test_accounts.py)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "security-abuse"}
    }
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def member():
    return ApprovedMemberFactory(full_name="Amina Member").user


@pytest.fixture
def category():
    return SkillCategory.objects.active().order_by("ordering").first()


# --- Alerts per person ------------------------------------------------------------------------


def test_the_alert_service_refuses_a_new_alert_beyond_the_maximum(settings, member):
    settings.ALERTS_PER_USER_MAX = 3
    AlertFactory.create_batch(2, user=member)
    AlertFactory(user=member, paused=True)  # paused alerts are kept, so they count
    AlertFactory.create_batch(3, user=UserFactory())  # someone else's do not

    with pytest.raises(alert_services.AlertError, match="3 alerts, the most one person can keep"):
        alert_services.alert_create(
            user=member, name="One more", frequency=Frequency.DAILY, criteria=CallCriteria()
        )

    assert Alert.objects.filter(user=member).count() == 3


def test_a_person_below_the_maximum_still_saves_alerts(settings, member):
    settings.ALERTS_PER_USER_MAX = 3
    AlertFactory.create_batch(2, user=member)

    alert = alert_services.alert_create(
        user=member, name="The third", frequency=Frequency.DAILY, criteria=CallCriteria()
    )

    assert alert.pk and Alert.objects.filter(user=member).count() == 3


def test_the_alert_form_shows_the_maximum_as_a_form_error(settings, client, member):
    settings.ALERTS_PER_USER_MAX = 1
    AlertFactory(user=member)
    client.force_login(member)

    response = client.post(reverse("alerts:alert-create"), {"name": "Too many", "frequency": "daily"})

    assert response.status_code == 400
    assert "1 alert, the most one person can keep" in response.content.decode()
    assert Alert.objects.filter(user=member).count() == 1


def test_following_a_category_beyond_the_maximum_says_why_and_creates_nothing(settings, client, member, category):
    settings.ALERTS_PER_USER_MAX = 2
    AlertFactory.create_batch(2, user=member)
    client.force_login(member)

    response = client.post(reverse("alerts:category-follow", args=[category.slug]), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("alerts:alert-list")
    assert "the most one person can keep" in response.content.decode()
    assert Alert.objects.filter(user=member).count() == 2


def test_staff_cannot_add_an_alert_beyond_the_maximum_in_the_admin(settings, client, login_with_mfa, member):
    settings.ALERTS_PER_USER_MAX = 1
    AlertFactory(user=member)
    login_with_mfa(client, UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:alerts_alert_add"), {"user": member.pk, "name": "Via admin", "frequency": "daily", "query_string": ""}
    )

    assert response.status_code == 200
    assert "the most one person can keep" in response.content.decode()
    assert Alert.objects.filter(user=member).count() == 1


# --- Suggestions per member per day ------------------------------------------------------------


def _suggestion_data(n: int = 0) -> dict:
    return {
        "title": f"Digital skills for rural women {n}",
        "summary": "Small grants for digital literacy in rural areas.",
        "instrument": Instrument.PROJECT_GRANT,
        "source_url": f"https://fund.example.org/digital-women-{n}",
        "deadline": timezone.now() + timedelta(days=30),
        "categories": list(SkillCategory.objects.filter(slug="core-life-skills")),
    }


def _suggest(member, n: int = 0) -> FundingCall:
    return call_submit_suggestion(actor=member, data=_suggestion_data(n), funder_name="Rural Futures Fund")


def test_the_suggestion_service_refuses_more_than_the_daily_allowance(settings, member):
    settings.CALL_SUGGESTIONS_PER_DAY = 2
    _suggest(member, 1)
    _suggest(member, 2)

    with pytest.raises(SuggestionLimitReached, match="2 calls in the last 24 hours") as refused:
        _suggest(member, 3)

    assert isinstance(refused.value, CallError)  # every caller already shows CallError messages
    assert FundingCall.objects.filter(suggested_by=member).count() == 2


def test_suggestions_older_than_a_day_and_other_members_suggestions_do_not_count(settings, member):
    settings.CALL_SUGGESTIONS_PER_DAY = 2
    FundingCallFactory.create_batch(
        2, suggested_by=member, status=EditorialStatus.PENDING, created_at=timezone.now() - timedelta(hours=25)
    )
    FundingCallFactory.create_batch(2, suggested_by=ApprovedMemberFactory().user, status=EditorialStatus.PENDING)

    assert _suggest(member, 1).suggested_by == member


def test_the_suggestion_page_answers_429_with_the_reason(settings, client, member):
    settings.CALL_SUGGESTIONS_PER_DAY = 1
    _suggest(member, 1)
    client.force_login(member)

    response = client.post(
        reverse("funds:call-suggest"),
        {
            "title": "One too many",
            "funder_name": "Rural Futures Fund",
            "funder_type": "private_foundation",
            "source_url": "https://fund.example.org/one-too-many",
            "instrument": "project_grant",
            "summary": "Small grants.",
            "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "currency": "USD",
            "categories": [c.pk for c in SkillCategory.objects.filter(slug="core-life-skills")],
        },
    )

    assert response.status_code == 429
    assert "Please suggest more tomorrow" in response.content.decode()
    assert FundingCall.objects.filter(suggested_by=member).count() == 1


# --- Reports of outdated information ----------------------------------------------------------


def _report(client: Client, call) -> int:
    return client.post(reverse("funds:call-report", kwargs={"slug": call.slug}), {"message": "Outdated."}).status_code


def test_reports_are_limited_per_day_as_well_as_per_hour(settings):
    settings.CALL_REPORTS_PER_HOUR, settings.CALL_REPORTS_PER_DAY = 100, 3
    call = FundingCallFactory()
    client = Client(REMOTE_ADDR="198.51.100.7")

    statuses = [_report(client, call) for _ in range(4)]
    refused = client.post(reverse("funds:call-report", kwargs={"slug": call.slug}), {"message": "Again."})

    assert statuses == [302, 302, 302, 429]
    assert refused.status_code == 429
    assert "Please try again tomorrow" in refused.content.decode()
    assert CallReport.objects.count() == 3


def test_signed_in_reporters_are_counted_per_account_even_behind_one_address(settings):
    settings.CALL_REPORTS_PER_HOUR = 2
    call = FundingCallFactory()
    first, second = Client(REMOTE_ADDR="198.51.100.7"), Client(REMOTE_ADDR="198.51.100.7")
    first.force_login(UserFactory())
    second.force_login(UserFactory())

    assert [_report(first, call) for _ in range(3)] == [302, 302, 429]
    assert _report(second, call) == 302


def test_anonymous_reporters_are_counted_per_address_and_a_forged_forwarded_for_does_not_help(settings):
    settings.CALL_REPORTS_PER_HOUR = 2
    call = FundingCallFactory()
    for n in range(2):
        assert _report(Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"), call) == 302

    assert _report(Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.99"), call) == 429
    assert _report(Client(REMOTE_ADDR="198.51.100.7"), call) == 302


def test_behind_a_trusted_proxy_anonymous_reporters_are_told_apart_by_their_own_address(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.CALL_REPORTS_PER_HOUR = 1
    call = FundingCallFactory()

    first = [_report(Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66"), call) for _ in range(2)]
    other = _report(Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7"), call)

    assert first == [302, 429]
    assert other == 302

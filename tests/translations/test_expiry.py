"""Offer expiry: an unanswered offer lapses and passes to the next volunteer who fits;
nobody left → staff are told once and see it in the admin; capacity is respected; the
scheduled job is idempotent."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.translations import services, tasks
from coaching.translations.models import Offer, TranslationRequest
from core.audit.models import AuditEntry
from core.outbox.models import Email
from network_portal.celery import BEAT_SCHEDULE, app
from tests.factories.members import StaffUserFactory

from .conftest import ask, make_volunteer

pytestmark = pytest.mark.django_db


def _later(request, hours=1):
    return request.offers.get(status="pending").expires_at + timedelta(hours=hours)


def test_an_unanswered_offer_lapses_and_the_request_goes_to_the_next_volunteer(requester, langs):
    first = make_volunteer("first@example.org", langs, [("en", "fr")])
    second = make_volunteer("second@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    assert request.offers.get().volunteer == first

    result = services.offers_expire(now=_later(request))

    assert result == {"lapsed": 1, "offered_again": 0}
    assert dict(request.offers.values_list("volunteer", "status")) == {
        first.pk: "lapsed",
        second.pk: "pending",
    }
    assert Email.objects.filter(to="second@example.org", template__contains="offer").count() == 1


def test_running_the_expiry_twice_has_no_second_effect(requester, langs):
    make_volunteer("first@example.org", langs, [("en", "fr")])
    make_volunteer("second@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    now = _later(request)
    services.offers_expire(now=now)
    before = (Offer.objects.count(), Email.objects.count(), AuditEntry.objects.count())

    assert services.offers_expire(now=now) == {"lapsed": 0, "offered_again": 0}
    assert (Offer.objects.count(), Email.objects.count(), AuditEntry.objects.count()) == before


def test_the_scheduled_task_run_twice_lapses_once(requester, langs):
    make_volunteer("first@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    Offer.objects.filter(request=request).update(expires_at=timezone.now() - timedelta(minutes=1))

    first, second = tasks.offers_expire(), tasks.offers_expire()

    assert first["lapsed"] == 1 and second == {"lapsed": 0, "offered_again": 0}
    assert request.offers.get().status == "lapsed"


def test_the_beat_schedule_runs_the_expiry_job():
    entry = BEAT_SCHEDULE["translations-expire-offers"]
    assert entry["task"] == "coaching.translations.tasks.offers_expire"
    assert entry["task"] in app.tasks


def test_when_nobody_is_left_staff_are_told_once_and_see_it_in_the_admin(
    client, requester, langs, login_with_mfa
):
    staff = StaffUserFactory(email="staff@ilo.example.org")
    make_volunteer("only@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    now = _later(request)

    services.offers_expire(now=now)
    services.offers_expire(now=now + timedelta(hours=1))

    request.refresh_from_db()
    assert request.unmatched_at is not None and request.status == "open"
    assert Email.objects.filter(key__startswith="coaching.translation.unmatched:").count() == 1
    assert Email.objects.get(key__startswith="coaching.translation.unmatched:").to == staff.email
    assert list(services.untaken_before_deadline()) == [request]
    login_with_mfa(client, staff)
    url = reverse("admin:coaching_translations_translationrequest_changelist")
    assert "Budget narrative" in client.get(url, {"untaken": "yes"}).content.decode()


def test_a_volunteer_who_joins_later_is_offered_a_request_nobody_took(requester, langs):
    request = ask(requester, langs)
    assert not request.offers.exists()
    late = make_volunteer("late@example.org", langs, [("en", "fr")])

    assert services.offers_expire()["offered_again"] == 1
    assert request.offers.get().volunteer == late
    assert TranslationRequest.objects.get(pk=request.pk).unmatched_at is None


def test_monthly_capacity_is_respected(requester, langs):
    busy = make_volunteer("busy@example.org", langs, [("en", "fr")], capacity=1)
    taken = ask(requester, langs)
    services.offer_accept(offer=taken.offers.get(), actor=busy.user)

    second = ask(requester, langs)

    assert not second.offers.exists()
    assert list(services.candidates(second)) == []
    assert services.offers_expire()["offered_again"] == 0


def test_an_offer_gives_less_time_near_the_deadline(requester, langs, settings):
    settings.TRANSLATION_OFFER_HOURS = 48
    make_volunteer("v@example.org", langs, [("en", "fr")])
    far = ask(requester, langs, days=30).offers.get()
    near = ask(requester, langs, days=1).offers.get()

    assert far.expires_at - far.offered_at == pytest.approx(
        timedelta(hours=48), abs=timedelta(seconds=5)
    )
    assert near.expires_at - near.offered_at < timedelta(hours=12)


def test_a_lapsed_offer_cannot_be_accepted_even_before_the_job_runs(requester, langs):
    volunteer = make_volunteer("v@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    Offer.objects.filter(request=request).update(expires_at=timezone.now() - timedelta(seconds=1))

    with pytest.raises(services.TranslationError, match="lapsed"):
        services.offer_accept(offer=request.offers.get(), actor=volunteer.user)
    assert TranslationRequest.objects.get(pk=request.pk).status == "open"


def test_pausing_passes_a_pending_offer_to_the_next_volunteer(requester, langs):
    first = make_volunteer("first@example.org", langs, [("en", "fr")])
    second = make_volunteer("second@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)

    services.volunteer_set_available(user=first.user, available=False)

    assert dict(request.offers.values_list("volunteer", "status")) == {
        first.pk: "withdrawn",
        second.pk: "pending",
    }

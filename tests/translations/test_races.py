"""Accepting under real concurrency (PostgreSQL, one connection per thread): a double
click, the signed link and the page at once, or the member cancelling at the same instant
— exactly one answer wins and the rest are refused."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from coaching.translations import services
from coaching.translations.models import TranslationRequest
from core.audit.models import AuditEntry

from .conftest import ask, make_volunteer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(jobs):
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait(timeout=30)
            job()
            return "ok"
        except services.TranslationError:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return sorted(pool.map(run, jobs))


def test_a_double_click_and_a_cancel_at_the_same_instant_give_one_result(requester, langs):
    volunteer = make_volunteer("v@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    offer = request.offers.get()

    def accept():
        services.offer_accept(offer=offer, actor=volunteer.user)

    def cancel():
        services.translation_request_cancel(request=request, actor=requester)

    results = _race([accept, accept, accept, cancel])

    assert results.count("ok") == 1 and results.count("refused") == 3
    request = TranslationRequest.objects.get(pk=request.pk)
    accepted = AuditEntry.objects.filter(action="coaching.translation.accepted").count()
    cancelled = AuditEntry.objects.filter(action="coaching.translation.cancelled").count()
    assert (accepted, cancelled) == ((1, 0) if request.status == "accepted" else (0, 1))
    assert request.status in ("accepted", "cancelled")


def test_two_volunteers_racing_for_one_request_give_one_translator(requester, langs):
    first = make_volunteer("first@example.org", langs, [("en", "fr")])
    second = make_volunteer("second@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    offer = request.offers.get()  # offered to `first` only: one pending offer at a time

    results = _race(
        [
            lambda: services.offer_accept(offer=offer, actor=first.user),
            lambda: services.offer_accept(offer=offer, actor=second.user),
            lambda: services.offer_decline(offer=offer, actor=first.user),
        ]
    )

    assert results.count("ok") == 1
    request = TranslationRequest.objects.get(pk=request.pk)
    assert request.translator in (first, None)
    assert request.offers.filter(status="accepted").count() <= 1
    assert not TranslationRequest.objects.filter(translator=second).exists()

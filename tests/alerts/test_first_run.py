"""The alert preview promises that calls already published when an alert is saved are
not emailed: the matcher's first run on a fresh database (or its first run after being
down) must keep that promise, and only calls announced since reach the alert."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from funds.alerts.models import AlertDelivery, Frequency
from funds.alerts.selectors import alert_preview
from tests.factories.alerts import AlertFactory

pytestmark = pytest.mark.django_db


def test_the_first_matcher_run_does_not_email_a_call_announced_before_the_alert_as_new(
    member, make_call, run_alerts
):
    now = timezone.now()
    old = make_call(title="Announced 13 days ago", published_at=now - timedelta(days=13))
    alert = AlertFactory(user=member, frequency=Frequency.INSTANT, created_at=now - timedelta(hours=1))
    new = make_call(title="Published after the alert was saved", published_at=now)

    matched, sent = run_alerts(now=now + timedelta(minutes=1))

    assert matched.calls == 2  # both are matched once; only the new one is news to the alert
    assert sent == 1
    assert [m.subject for m in mail.outbox] == [mail.outbox[0].subject]
    assert new.title in mail.outbox[0].subject and old.title not in mail.outbox[0].body
    assert list(AlertDelivery.objects.values_list("alert_id", "call_id")) == [(alert.pk, new.pk)]


def test_a_daily_digest_leaves_out_calls_announced_before_the_alert_was_saved(member, make_call, run_alerts):
    from funds.alerts.selectors import pending_calls

    now = timezone.now()
    make_call(published_at=now - timedelta(days=3))
    alert = AlertFactory(user=member, frequency=Frequency.DAILY, created_at=now - timedelta(days=1))
    new = make_call(published_at=now - timedelta(hours=2))

    run_alerts(now=now)

    assert list(pending_calls(alert)) == [new]


def test_the_preview_lists_a_call_announced_before_the_alert_as_already_published_not_as_next_email(
    member, make_call, run_alerts
):
    now = timezone.now()
    old = make_call(published_at=now - timedelta(days=13))
    alert = AlertFactory(user=member, frequency=Frequency.DAILY, created_at=now - timedelta(hours=1))
    new = make_call(published_at=now)
    run_alerts(now=now + timedelta(minutes=1))

    preview = alert_preview(alert=alert, now=now + timedelta(minutes=2))

    assert preview.next_email == [new]
    assert preview.open_now == [old]

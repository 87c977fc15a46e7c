"""Instant alerts: one email per new call (one for many at once), in the recipient's
language, with a way out."""

from __future__ import annotations

import email.policy
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from funds.alerts import services, tokens
from funds.alerts.models import AlertDelivery, AlertInbox, Frequency
from funds.alerts.services.delivery import INSTANT_SINGLE_MAX
from funds.models import CallDismissal
from tests.factories.alerts import AlertFactory
from tests.factories.members import MemberProfileFactory

pytestmark = pytest.mark.django_db


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def test_an_instant_alert_emails_the_new_call_with_html_and_text_parts(member, make_call, run_alerts):
    AlertFactory(user=member, name="Youth apprenticeships", frequency=Frequency.INSTANT)
    call = make_call(title="Apprenticeship innovation fund", amount_usd=75_000)
    run_alerts()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "Youth apprenticeships" in message.subject and "Apprenticeship innovation fund" in message.subject
    call_url = f"{settings.SITE_URL}/funds/{call.slug}/"
    html = html_of(message)
    for body in (message.body, html):
        assert call_url in body
        assert "Amina Diallo" in body
        assert "75,000" in body
        assert "because you saved the alert" in body  # why they got it
    assert f'<a href="{call_url}">' in html
    assert '<html lang="en">' in html


def test_the_email_has_one_click_unsubscribe_headers_and_link_for_that_alert(member, make_call, run_alerts):
    alert = AlertFactory(user=member)
    make_call()
    run_alerts()
    message = mail.outbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith(f"<{settings.SITE_URL}/alerts/unsubscribe/") and header.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header[1:-1]
    assert url in message.body and url in html_of(message)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    subscription = tokens.read_token(token)
    assert (subscription.kind, subscription.alert_id, subscription.user_id) == ("alert", alert.pk, member.pk)
    # On the wire (as the SMTP backend serialises it): the bare <URL>, not RFC 2047
    # encoded words, which mail clients ignore in this header.
    wire = message.message(policy=email.policy.SMTP).as_bytes().decode()
    assert f"List-Unsubscribe: {header}\r\n" in wire
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in wire


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_email_is_written_in_the_recipients_language_with_links_in_it(language, make_call, run_alerts):
    user = MemberProfileFactory(preferred_language=language).user
    AlertFactory(user=user)
    call = make_call()
    run_alerts()
    message = mail.outbox[0]
    html = html_of(message)
    assert f'<html lang="{language}">' in html
    assert f"{settings.SITE_URL}/{language}/funds/{call.slug}/" in message.body
    assert f"{settings.SITE_URL}/{language}/alerts/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert f"{settings.SITE_URL}/{language}/alerts/" in html


def test_the_deadline_is_shown_in_the_recipients_time_zone(make_call, run_alerts):
    user = MemberProfileFactory(time_zone="Asia/Tokyo").user
    AlertFactory(user=user)
    make_call()
    run_alerts()
    assert "Asia/Tokyo" in mail.outbox[0].body


def test_each_call_is_emailed_once_however_often_the_jobs_run(member, make_call, run_alerts):
    AlertFactory(user=member)
    make_call()
    run_alerts()
    run_alerts()
    assert len(mail.outbox) == 1


def test_two_alerts_matching_the_same_call_send_one_email_each(member, make_call, run_alerts, categories):
    AlertFactory(user=member, name="Everything")
    AlertFactory(user=member, name="Category", categories=[categories[0]])
    make_call(categories=[categories[0]])
    run_alerts()
    assert sorted(m.subject.split("”")[0] for m in mail.outbox) == ["New call for “Category", "New call for “Everything"]


def test_digest_alerts_get_no_instant_email(member, make_call, run_alerts):
    AlertFactory(user=member, frequency=Frequency.DAILY)
    make_call()
    run_alerts()
    assert mail.outbox == []


def test_a_match_paused_or_dismissed_before_sending_is_skipped(member, make_call, django_capture_on_commit_callbacks):
    paused = AlertFactory(user=member)
    AlertFactory(user=member)
    call = make_call()
    services.alerts_match_new_calls()
    paused.paused = True
    paused.save()
    CallDismissal.objects.create(user=member, call=call)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.alert_send_instant() == 0
    assert mail.outbox == []
    assert not AlertDelivery.objects.exists()
    assert not AlertInbox.objects.pending().exists()


def test_last_sent_is_recorded(member, make_call, run_alerts):
    alert = AlertFactory(user=member)
    make_call()
    run_alerts()
    alert.refresh_from_db()
    assert alert.last_sent_at is not None


def test_a_few_new_calls_at_once_get_one_email_each(member, make_call, run_alerts):
    alert = AlertFactory(user=member, name="Everything")
    calls = [make_call(title=f"Call number {i}") for i in range(INSTANT_SINGLE_MAX)]
    _run, sent = run_alerts()
    assert sent == len(mail.outbox) == INSTANT_SINGLE_MAX
    assert set(AlertDelivery.objects.filter(alert=alert).values_list("call_id", flat=True)) == {c.pk for c in calls}


def test_many_new_calls_at_once_come_in_one_email_listing_them_by_deadline(member, make_call, run_alerts):
    """A spreadsheet import publishing many calls does not flood an instant alert."""
    alert = AlertFactory(user=member, name="Everything")
    soon = timezone.now() + timedelta(days=5)
    calls = [make_call(title=f"Call due in {5 + i} days", deadline=soon + timedelta(days=i))
             for i in reversed(range(INSTANT_SINGLE_MAX + 2))]
    _run, sent = run_alerts()
    assert sent == len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == f"{len(calls)} new calls for “Everything”"
    titles = [f"Call due in {5 + i} days" for i in range(len(calls))]
    assert [message.body.index(t) for t in titles] == sorted(message.body.index(t) for t in titles)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert AlertDelivery.objects.filter(alert=alert).count() == len(calls)
    run_alerts()
    assert len(mail.outbox) == 1

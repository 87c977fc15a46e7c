"""Daily and weekly digests: sent in people's local morning, grouped by category, once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail

from funds.alerts import services
from funds.alerts.models import AlertDelivery, AlertInbox, Frequency
from funds.choices import EditorialStatus
from funds.models import CallDismissal
from tests.factories.alerts import AlertFactory, NotificationPreferencesFactory
from tests.factories.members import MemberProfileFactory

pytestmark = pytest.mark.django_db

# Monday 2 March 2026. Tokyo is UTC+9; New York is UTC-5 until 8 March.
MONDAY_MORNING_UTC = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def at(*args) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=UTC), tick=False)


@pytest.fixture
def send_digests(django_capture_on_commit_callbacks):
    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.alert_send_digests()

    return run


def person(time_zone: str, language: str = "en"):
    return MemberProfileFactory(time_zone=time_zone, preferred_language=language).user


def test_daily_digests_go_out_at_seven_in_each_persons_time_zone(make_call, run_alerts, send_digests):
    tokyo, new_york = person("Asia/Tokyo"), person("America/New_York")
    AlertFactory(user=tokyo, frequency=Frequency.DAILY)
    AlertFactory(user=new_york, frequency=Frequency.DAILY)
    with at(2026, 3, 2, 10, 0):
        make_call(title="Digital skills challenge")
        run_alerts()
    with at(2026, 3, 2, 21, 0):  # 06:00 in Tokyo, 16:00 in New York
        assert send_digests() == 0
    with at(2026, 3, 2, 22, 5):  # 07:05 in Tokyo
        assert send_digests() == 1
    assert [m.to for m in mail.outbox] == [[tokyo.email]]
    with at(2026, 3, 3, 11, 0):  # 06:00 in New York
        assert send_digests() == 0
    with at(2026, 3, 3, 12, 0):  # 07:00 in New York
        assert send_digests() == 1
    assert [m.to for m in mail.outbox] == [[tokyo.email], [new_york.email]]
    assert "Digital skills challenge" in mail.outbox[1].body


def test_running_the_digest_job_twice_sends_one_email_per_period(make_call, run_alerts, send_digests):
    user = person("UTC")
    AlertFactory(user=user, frequency=Frequency.DAILY, name="Daily calls")
    with at(2026, 3, 2, 6, 0):
        make_call()
        run_alerts()
    with at(2026, 3, 2, 7, 0):
        assert send_digests() == 1
        assert send_digests() == 0
    with at(2026, 3, 2, 8, 0):  # a new call found later that morning waits for tomorrow
        make_call(title="Late arrival")
        run_alerts()
        assert send_digests() == 0
    with at(2026, 3, 3, 7, 0):
        assert send_digests() == 1
        assert send_digests() == 0
    assert len(mail.outbox) == 2
    assert "Late arrival" in mail.outbox[1].body
    assert {e.key for e in _outbox_rows()} >= {f"digest:{user.call_alerts.get().pk}:2026-03-02"}


def _outbox_rows():
    from core.outbox.models import Email

    return Email.objects.all()


def test_a_digest_groups_calls_by_category_with_deadline_and_amount(make_call, run_alerts, send_digests, categories):
    user = person("UTC")
    work_based, rpl, guidance = categories[0], categories[1], categories[2]
    AlertFactory(user=user, frequency=Frequency.DAILY, categories=[work_based, rpl])
    with at(2026, 3, 2, 6, 0):
        make_call(title="Apprenticeship fund", categories=[work_based], amount_usd=120_000)
        make_call(title="Certification prize", categories=[rpl, guidance], amount_usd=None, amount_min=None, amount_max=None)
        make_call(title="Both worlds", categories=[guidance, work_based])
        run_alerts()
    with at(2026, 3, 2, 7, 0):
        assert send_digests() == 1
    message = mail.outbox[0]
    assert message.subject == f"3 new calls for “{user.call_alerts.get().name}”"
    html = message.alternatives[0][0]
    assert html.count("<h2>") == 2
    first, second = html.index(f"<h2>{work_based.name}</h2>"), html.index(f"<h2>{rpl.name}</h2>")
    assert first < html.index("Apprenticeship fund") < second
    assert first < html.index("Both worlds") < second  # each call once, under a category the alert asked for
    assert second < html.index("Certification prize")
    assert html.count("Both worlds") == 1
    assert "Up to USD 120,000" in html
    assert "Deadline: May 1, 2026" in message.body
    assert f"== {work_based.name} ==" in message.body


def test_no_digest_is_sent_when_nothing_is_waiting(run_alerts, send_digests):
    AlertFactory(user=person("UTC"), frequency=Frequency.DAILY)
    with at(2026, 3, 2, 7, 0):
        run_alerts()
        assert send_digests() == 0
    assert mail.outbox == []


def test_weekly_digests_go_out_on_monday_mornings_only(make_call, run_alerts, send_digests):
    user = person("Europe/Paris")
    AlertFactory(user=user, frequency=Frequency.WEEKLY)
    with at(2026, 3, 4, 9, 0):  # Wednesday
        make_call()
        run_alerts()
    with at(2026, 3, 5, 6, 0):  # Thursday, 07:00 in Paris
        assert send_digests() == 0
    with at(2026, 3, 9, 6, 0):  # Monday, 07:00 in Paris
        assert send_digests() == 1
        assert send_digests() == 0
    alert = user.call_alerts.get()
    assert alert.last_digest_period == "2026-W11"


def test_the_digest_hour_can_be_chosen(make_call, run_alerts, send_digests):
    user = person("UTC")
    NotificationPreferencesFactory(user=user, digest_hour=18)
    AlertFactory(user=user, frequency=Frequency.DAILY)
    with at(2026, 3, 2, 6, 0):
        make_call()
        run_alerts()
    with at(2026, 3, 2, 7, 0):
        assert send_digests() == 0
    with at(2026, 3, 2, 18, 0):
        assert send_digests() == 1


def test_calls_dismissed_or_withdrawn_since_they_were_found_are_left_out(make_call, run_alerts, send_digests):
    user = person("UTC")
    alert = AlertFactory(user=user, frequency=Frequency.DAILY)
    with at(2026, 3, 2, 6, 0):
        kept = make_call(title="Still open")
        dismissed = make_call(title="Not for me")
        withdrawn = make_call(title="Withdrawn")
        run_alerts()
    CallDismissal.objects.create(user=user, call=dismissed)
    withdrawn.status = EditorialStatus.ARCHIVED
    withdrawn.save()
    with at(2026, 3, 2, 7, 0):
        assert send_digests() == 1
    body = mail.outbox[0].body
    assert "Still open" in body and "Not for me" not in body and "Withdrawn" not in body
    assert list(AlertDelivery.objects.filter(alert=alert).values_list("call_id", flat=True)) == [kept.pk]
    assert not AlertInbox.objects.pending().filter(alert=alert).exists()


def test_paused_digest_alerts_send_nothing(make_call, run_alerts, send_digests):
    alert = AlertFactory(user=person("UTC"), frequency=Frequency.DAILY)
    with at(2026, 3, 2, 6, 0):
        make_call()
        run_alerts()
    services.alert_set_paused(alert=alert, paused=True)
    with at(2026, 3, 2, 7, 0):
        assert send_digests() == 0
    assert not AlertInbox.objects.pending().filter(alert=alert).exists()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_digests_are_written_in_the_recipients_language(language, make_call, run_alerts, send_digests):
    AlertFactory(user=person("UTC", language=language), frequency=Frequency.DAILY)
    with at(2026, 3, 2, 6, 0):
        call = make_call()
        run_alerts()
    with at(2026, 3, 2, 7, 0):
        send_digests()
    message = mail.outbox[0]
    assert f'<html lang="{language}">' in message.alternatives[0][0]
    assert f"/{language}/funds/{call.slug}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

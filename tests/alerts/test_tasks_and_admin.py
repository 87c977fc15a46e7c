"""The scheduled tasks (run twice, no second effect), the beat schedule, and the admin."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from funds.alerts import services, tasks
from funds.alerts.models import Alert, AlertDelivery, AlertInbox, Frequency
from funds.models import CallBookmark
from network_portal.celery import BEAT_SCHEDULE, app
from tests.factories.alerts import AlertFactory
from tests.factories.members import MemberProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_beat_schedule_runs_every_alerts_job_from_the_database():
    schedule = {entry["task"]: entry["schedule"] for entry in BEAT_SCHEDULE.values()}
    assert schedule["funds.alerts.tasks.alerts_match_new_calls"] == timedelta(minutes=1)
    assert schedule["funds.alerts.tasks.alert_send_digests"] == timedelta(hours=1)
    assert schedule["funds.alerts.tasks.bookmark_send_deadline_reminders"] == timedelta(hours=1)
    assert schedule["funds.alerts.tasks.bookmark_send_change_notices"] == timedelta(minutes=5)
    assert schedule["funds.alerts.tasks.alerts_prune_inbox"] == timedelta(days=1)
    for name in schedule:
        if name.startswith("funds.alerts."):
            assert name in app.tasks


def test_the_match_task_run_twice_sends_one_email(member, make_call, django_capture_on_commit_callbacks):
    AlertFactory(user=member)
    make_call()
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.alerts_match_new_calls.delay().get()
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.alerts_match_new_calls.delay().get()
    assert first == {"calls": 1, "matches": 1, "instant_emails": 1}
    assert second == {"calls": 0, "matches": 0, "instant_emails": 0}
    assert len(mail.outbox) == 1


def test_the_digest_task_run_twice_sends_one_email(member, make_call, django_capture_on_commit_callbacks):
    AlertFactory(user=member, frequency=Frequency.DAILY)
    with time_machine.travel(datetime(2026, 3, 2, 6, 0, tzinfo=UTC), tick=False):
        make_call()
        tasks.alerts_match_new_calls.delay()
    with time_machine.travel(datetime(2026, 3, 2, 7, 0, tzinfo=UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.alert_send_digests.delay().get() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.alert_send_digests.delay().get() == 0
    assert len(mail.outbox) == 1


def test_the_reminder_task_run_twice_sends_one_email(member, make_call, django_capture_on_commit_callbacks):
    deadline = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
    with time_machine.travel(deadline - timedelta(days=30), tick=False):
        CallBookmark.objects.create(user=member, call=make_call(deadline=deadline))
    with time_machine.travel(deadline - timedelta(days=3), tick=False):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                tasks.bookmark_send_deadline_reminders.delay()
    assert len(mail.outbox) == 1


def test_the_change_notice_task_run_twice_sends_nothing_twice(member, make_call, django_capture_on_commit_callbacks):
    from funds.services.curation import call_archive

    call = make_call()
    CallBookmark.objects.create(user=member, call=call)
    tasks.bookmark_send_change_notices.delay()
    with time_machine.travel(datetime.now(tz=UTC) + timedelta(minutes=1), tick=False):
        call_archive(call=call, actor=None)
    with time_machine.travel(datetime.now(tz=UTC) + timedelta(minutes=5), tick=False):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                tasks.bookmark_send_change_notices.delay()
    assert len(mail.outbox) == 1


# --- Admin ------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, login_with_mfa):
    login_with_mfa(client, UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_lists_alerts_with_filters(admin_client):
    AlertFactory(name="Visible in admin")
    response = admin_client.get(reverse("admin:alerts_alert_changelist") + "?frequency__exact=instant&paused__exact=0")
    assert response.status_code == 200
    assert "Visible in admin" in response.content.decode()


def test_what_the_matcher_found_and_sent_is_read_only_in_the_admin(admin_client, make_call):
    alert, call = AlertFactory(name="Green jobs"), make_call()
    inbox = AlertInbox.objects.create(alert=alert, call_ids=[call.pk])
    delivery = AlertDelivery.objects.create(alert=alert, call=call)
    for name, row in (("alertinbox", inbox), ("alertdelivery", delivery)):
        response = admin_client.get(reverse(f"admin:alerts_{name}_changelist"))
        assert response.status_code == 200 and "Green jobs" in response.content.decode()
        assert admin_client.get(reverse(f"admin:alerts_{name}_add")).status_code == 403
        response = admin_client.post(reverse(f"admin:alerts_{name}_change", args=[row.pk]), {"state": "done"})
        assert response.status_code == 403
    assert AlertInbox.objects.get(pk=inbox.pk).state == AlertInbox.State.PENDING


def test_editing_an_alert_in_the_admin_keeps_the_matchers_signature(admin_client, categories):
    alert = AlertFactory(name="Admin edit")
    url = reverse("admin:alerts_alert_change", args=[alert.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {
        "user": alert.user_id, "name": "Admin edit", "frequency": "daily", "q": "green jobs",
        "categories": [categories[0].pk], "regions": ["africa"], "query_string": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    alert = Alert.objects.get(pk=alert.pk)
    assert alert.search_prefix == "green:* & jobs:*"
    assert alert.regions == ["africa"]
    assert list(alert.categories.all()) == [categories[0]]
    assert alert.frequency == "daily"


def test_the_preferences_admin_loads(admin_client):
    assert admin_client.get(reverse("admin:alerts_notificationpreferences_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:alerts_notificationpreferences_add")).status_code == 200


def test_a_digest_run_out_of_time_queues_itself_again_and_every_digest_goes_out(
    make_call, django_capture_on_commit_callbacks, monkeypatch
):
    """Each run stops once its time budget is spent (here: at once, after one digest)
    and queues the next run, instead of leaving the rest for an hour later."""
    for _ in range(3):
        AlertFactory(user=MemberProfileFactory(time_zone="UTC").user, frequency=Frequency.DAILY)
    with time_machine.travel(datetime(2026, 3, 2, 6, 0, tzinfo=UTC), tick=False):
        make_call()
        tasks.alerts_match_new_calls.delay()
    monkeypatch.setattr(tasks, "_deadline", time.monotonic)  # already spent
    seven = time_machine.travel(datetime(2026, 3, 2, 7, 0, tzinfo=UTC), tick=False)
    with seven, django_capture_on_commit_callbacks(execute=True):
        assert tasks.alert_send_digests.delay().get() == 1  # this run's share
    assert len(mail.outbox) == 3


def test_the_instant_sender_stops_between_chunks_when_out_of_time(make_call, django_capture_on_commit_callbacks, monkeypatch):
    from funds.alerts.services import delivery

    monkeypatch.setattr(delivery, "INSTANT_CHUNK", 1)
    for _ in range(3):
        AlertFactory(frequency=Frequency.INSTANT)
    make_call()
    services.alerts_match_new_calls()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.alert_send_instant(deadline=time.monotonic()) == 1
        assert services.alert_send_instant() == 2
    assert len(mail.outbox) == 3

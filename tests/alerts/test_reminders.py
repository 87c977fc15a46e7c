"""Deadline reminders for bookmarked calls: at the chosen offsets, each once, following
the deadline when staff move it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from funds.alerts import services
from funds.alerts.models import DeadlineReminder
from funds.models import CallBookmark
from tests.factories.alerts import NotificationPreferencesFactory
from tests.factories.members import MemberProfileFactory

pytestmark = pytest.mark.django_db

DEADLINE = datetime(2026, 6, 30, 17, 0, tzinfo=UTC)


def at(when: datetime) -> time_machine.travel:
    return time_machine.travel(when, tick=False)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.bookmark_send_deadline_reminders()

    return run


@pytest.fixture
def bookmarked(member, make_call):
    """A call due on DEADLINE, bookmarked by `member` two months before."""
    with at(DEADLINE - timedelta(days=60)):
        call = make_call(title="Skills for green jobs", deadline=DEADLINE)
        return CallBookmark.objects.create(user=member, call=call)


def test_reminders_go_out_14_3_and_1_days_before_the_deadline_each_once(bookmarked, remind):
    schedule = [
        (DEADLINE - timedelta(days=20), 0),
        (DEADLINE - timedelta(days=14), 1),
        (DEADLINE - timedelta(days=13, hours=23), 0),
        (DEADLINE - timedelta(days=10), 0),
        (DEADLINE - timedelta(days=3), 1),
        (DEADLINE - timedelta(days=2, hours=12), 0),
        (DEADLINE - timedelta(days=1), 1),
        (DEADLINE - timedelta(hours=2), 0),
        (DEADLINE + timedelta(hours=1), 0),
    ]
    for when, expected in schedule:
        with at(when):
            assert remind() == expected, when
            assert remind() == 0, f"second run at {when}"
    assert len(mail.outbox) == 3
    assert [m.subject for m in mail.outbox] == [
        "14 days left to apply: Skills for green jobs",
        "3 days left to apply: Skills for green jobs",
        "1 day left to apply: Skills for green jobs",
    ]
    assert sorted(DeadlineReminder.objects.values_list("offset_days", flat=True)) == [1, 3, 14]


def test_a_reminder_links_to_the_call_and_offers_one_click_unsubscribe(bookmarked, remind, member):
    with at(DEADLINE - timedelta(days=3)):
        remind()
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert f"/funds/{bookmarked.call.slug}/" in message.body
    assert "because you bookmarked this call" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/alerts/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert "html" in message.alternatives[0][1]


def test_when_staff_move_the_deadline_the_reminders_follow_the_new_date(bookmarked, remind):
    with at(DEADLINE - timedelta(days=3)):
        assert remind() == 1
    new_deadline = DEADLINE + timedelta(days=30)
    call = bookmarked.call
    call.deadline = new_deadline
    call.save()
    with at(DEADLINE - timedelta(days=1)):  # the old date's 1-day reminder does not come
        assert remind() == 0
    with at(new_deadline - timedelta(days=14)):
        assert remind() == 1
    with at(new_deadline - timedelta(days=3)):
        assert remind() == 1
    keys = sorted(e.key for e in _emails())
    assert keys == sorted([
        f"reminder:{bookmarked.pk}:3d:{DEADLINE.isoformat()}",
        f"reminder:{bookmarked.pk}:14d:{new_deadline.isoformat()}",
        f"reminder:{bookmarked.pk}:3d:{new_deadline.isoformat()}",
    ])


def _emails():
    from core.outbox.models import Email

    return Email.objects.all()


def test_a_call_bookmarked_late_gets_only_the_reminders_still_ahead(member, make_call, remind):
    with at(DEADLINE - timedelta(days=60)):
        call = make_call(deadline=DEADLINE)
    with at(DEADLINE - timedelta(days=5)):
        CallBookmark.objects.create(user=member, call=call)
        assert remind() == 0  # no "14 days left" five days before
    with at(DEADLINE - timedelta(days=3)):
        assert remind() == 1


def test_people_choose_their_offsets_or_turn_reminders_off(member, bookmarked, remind):
    prefs = NotificationPreferencesFactory(user=member, reminder_offsets=["7"])
    with at(DEADLINE - timedelta(days=14)):
        assert remind() == 0
    with at(DEADLINE - timedelta(days=7)):
        assert remind() == 1
    prefs.reminders_enabled = False
    prefs.save()
    prefs.reminder_offsets = ["7", "1"]
    with at(DEADLINE - timedelta(days=1)):
        assert remind() == 0


def test_rolling_withdrawn_and_inactive_peoples_bookmarks_get_no_reminder(member, make_call, remind):
    other = MemberProfileFactory().user
    other.is_active = False
    other.save()
    with at(DEADLINE - timedelta(days=60)):
        rolling = make_call(is_rolling=True, deadline=DEADLINE)
        archived = make_call(status="archived", deadline=DEADLINE)
        open_call = make_call(deadline=DEADLINE)
        CallBookmark.objects.create(user=member, call=rolling)
        CallBookmark.objects.create(user=member, call=archived)
        CallBookmark.objects.create(user=other, call=open_call)
    with at(DEADLINE - timedelta(days=3)):
        assert remind() == 0


@pytest.mark.parametrize("language", ["fr", "es"])
def test_reminders_are_in_the_recipients_language(language, make_call, remind):
    user = MemberProfileFactory(preferred_language=language).user
    with at(DEADLINE - timedelta(days=60)):
        call = make_call(deadline=DEADLINE)
        CallBookmark.objects.create(user=user, call=call)
    with at(DEADLINE - timedelta(days=1)):
        remind()
    message = mail.outbox[0]
    assert f'<html lang="{language}">' in message.alternatives[0][0]
    assert f"/{language}/funds/{call.slug}/" in message.body

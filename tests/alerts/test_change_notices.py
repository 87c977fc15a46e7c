"""Notices to people who bookmarked a call when staff move its deadline or withdraw it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from funds.alerts import services
from funds.models import CallBookmark
from funds.services.curation import call_archive, call_update
from members.roles import Role
from tests.factories.alerts import NotificationPreferencesFactory
from tests.factories.members import MemberProfileFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notify(django_capture_on_commit_callbacks):
    def run(now=None) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.bookmark_send_change_notices(now=now)

    return run


@pytest.fixture
def staff(db):
    return StaffUserFactory()


@pytest.fixture
def bookmarked(member, make_call, notify):
    call = make_call(title="Women in tech challenge")
    CallBookmark.objects.create(user=member, call=call, created_at=timezone.now() - timedelta(days=2))
    notify()  # the first run only sets the watermark
    return call


def later(minutes: int = 5) -> time_machine.travel:
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_people_who_bookmarked_a_call_hear_when_its_deadline_moves(bookmarked, member, staff, notify):
    new_deadline = bookmarked.deadline + timedelta(days=21)
    call_update(call=bookmarked, data={"deadline": new_deadline}, actor=staff)
    with later():
        assert notify() == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert message.subject == "Deadline changed: Women in tech challenge"
    assert "Before:" in message.body and "Now:" in message.body
    assert f"/funds/{bookmarked.slug}/" in message.body
    assert "because you bookmarked this call" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_people_who_bookmarked_a_call_hear_when_it_is_withdrawn(bookmarked, staff, notify):
    call_archive(call=bookmarked, actor=staff)
    with later():
        assert notify() == 1
    assert mail.outbox[0].subject == "Withdrawn: Women in tech challenge"
    assert "withdrawn" in mail.outbox[0].alternatives[0][0]


def test_each_change_is_emailed_once_however_often_the_scan_runs(bookmarked, staff, notify):
    call_update(call=bookmarked, data={"deadline": bookmarked.deadline + timedelta(days=7)}, actor=staff)
    with later(5):
        notify()
    with later(6):  # re-reads the overlap window: the outbox key keeps it to one email
        notify()
    with later(30):
        notify()
    assert len(mail.outbox) == 1


def test_changes_that_do_not_matter_send_nothing(bookmarked, staff, notify):
    call_update(call=bookmarked, data={"title": "Women in tech challenge 2026"}, actor=staff)
    with later():
        assert notify() == 0


def test_the_person_who_made_the_change_is_not_told(bookmarked, notify):
    editor = MemberProfileFactory().user
    editor.is_staff = True
    editor.save()
    editor.groups.add(Group.objects.get_or_create(name=Role.ILO_STAFF.value)[0])  # may curate calls
    CallBookmark.objects.create(user=editor, call=bookmarked, created_at=timezone.now() - timedelta(days=1))
    call_update(call=bookmarked, data={"deadline": bookmarked.deadline + timedelta(days=7)}, actor=editor)
    with later():
        assert notify() == 1
    assert mail.outbox[0].to != [editor.email]


def test_people_who_turned_change_notices_off_get_nothing(bookmarked, member, staff, notify):
    NotificationPreferencesFactory(user=member, change_notices_enabled=False)
    call_archive(call=bookmarked, actor=staff)
    with later():
        assert notify() == 0


def test_the_first_run_does_not_replay_the_history(member, make_call, staff, notify):
    call = make_call()
    CallBookmark.objects.create(user=member, call=call, created_at=timezone.now() - timedelta(days=2))
    call_archive(call=call, actor=staff)
    with later():
        assert notify() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("language", ["fr", "es"])
def test_change_notices_are_in_the_recipients_language(language, make_call, staff, notify):
    user = MemberProfileFactory(preferred_language=language).user
    call = make_call()
    CallBookmark.objects.create(user=user, call=call, created_at=timezone.now() - timedelta(days=2))
    notify()
    call_archive(call=call, actor=staff)
    with later():
        notify()
    message = mail.outbox[0]
    assert f'<html lang="{language}">' in message.alternatives[0][0]
    assert f"/{language}/alerts/unsubscribe/" in message.extra_headers["List-Unsubscribe"]

"""People who bookmarked a call are told about its briefing in their deadline reminder."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from funds.alerts import services
from funds.models import CallBookmark
from tests.factories.events import SessionFactory
from tests.factories.funds import FundingCallFactory

pytestmark = pytest.mark.django_db


def test_a_deadline_reminder_mentions_the_calls_upcoming_briefing(
    member, django_capture_on_commit_callbacks
):
    call = FundingCallFactory(deadline=timezone.now() + timedelta(days=3, hours=-1))
    bookmark = CallBookmark.objects.create(user=member, call=call)
    CallBookmark.objects.filter(pk=bookmark.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    briefing = SessionFactory(
        kind="briefing",
        title="Briefing for applicants",
        starts_at=timezone.now() + timedelta(days=1),
    )
    briefing.coaching_calls.create(call=call)

    with django_capture_on_commit_callbacks(execute=True):
        services.bookmark_send_deadline_reminders()

    [message] = mail.outbox
    assert "Briefing for applicants" in message.body
    assert f"/coaching/{briefing.pk}/" in message.body

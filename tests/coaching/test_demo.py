"""`seed_demo`'s coaching: realistic, for member@example.org too, idempotent."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.demo import seed
from events.models import Session
from tests.factories.funds import FundingCallFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_past_recordings_a_full_session_a_briefing_and_the_members_seats(
    member, people
):
    people(20)
    call = FundingCallFactory(deadline=timezone.now() + timedelta(days=40))

    seed(stdout=io.StringIO())
    seed(stdout=io.StringIO())

    sessions = Session.objects.of_app("coaching").with_counts()
    assert sessions.count() == 7
    past = [s for s in sessions if s.is_past]
    assert past and all(s.recording_url and s.attended_count for s in past)
    assert any(s.capacity and s.confirmed_count == s.capacity and s.waiting_count for s in sessions)
    assert sessions.filter(coaching_calls__call=call).exists()
    statuses = set(member.session_registrations.values_list("status", flat=True))
    assert {"confirmed", "waitlisted"} <= statuses

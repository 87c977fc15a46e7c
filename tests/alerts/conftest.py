"""Fixtures for the alerts and reminders tests."""

from __future__ import annotations

import pytest

from funds.alerts import services
from funds.search import update_search_vectors
from taxonomy.models import SkillCategory
from tests.factories.funds import FundingCallFactory
from tests.factories.members import MemberProfileFactory


@pytest.fixture
def member(db):
    """A person with a profile in English and UTC."""
    return MemberProfileFactory(full_name="Amina Diallo", preferred_language="en", time_zone="UTC").user


@pytest.fixture
def categories(db):
    """The network's skills categories (from the members migration), in order."""
    return list(SkillCategory.objects.active().order_by("ordering", "name_en"))


@pytest.fixture
def make_call(db):
    """A published call (FundingCallFactory) with its search vector up to date."""

    def make(**kwargs):
        call = FundingCallFactory(**kwargs)
        update_search_vectors([call.pk])
        call.refresh_from_db()
        return call

    return make


@pytest.fixture
def run_alerts(django_capture_on_commit_callbacks):
    """Run the matcher and the instant sender as beat would, sending emails after commit."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            matched = services.alerts_match_new_calls(**kwargs)
            sent = services.alert_send_instant(now=kwargs.get("now"))
        return matched, sent

    return run

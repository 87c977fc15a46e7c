"""`seed_demo`'s peer exchange: a running series, outputs of each type, hosts, votes; idempotent."""

import io

import pytest

from peer_exchange.demo import seed
from peer_exchange.models import GuidePage, Output, PeerSession, Topic

pytestmark = pytest.mark.django_db


def test_the_demo_has_past_outputs_upcoming_hosts_and_voted_topics(members):
    members(12, prefix="demo")

    seed(stdout=io.StringIO())
    seed(stdout=io.StringIO())

    assert set(Output.objects.published().values_list("kind", flat=True)) == {
        "tip_sheet",
        "good_practice",
        "sop",
    }
    upcoming = PeerSession.objects.filter(session__ends_at__gt=Output.objects.first().published_at)
    assert upcoming.filter(session__hosts__isnull=False).exists()
    assert Topic.objects.open().with_votes().filter(vote_count__gt=0).count() == 3
    assert GuidePage.objects.count() == 9

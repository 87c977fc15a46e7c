"""The vote budget holds under real concurrency (PostgreSQL, one connection per thread)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from core.errors import DomainError
from peer_exchange import services
from peer_exchange.models import Vote
from tests.factories.members import ApprovedMemberFactory
from tests.factories.peer_exchange import TopicFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _vote(topic, user):
    try:
        services.topic_vote(topic=topic, actor=user)
        return "ok"
    except DomainError:
        return "refused"
    finally:
        connection.close()


def test_ten_concurrent_votes_by_one_member_never_exceed_the_budget_of_three():
    member = ApprovedMemberFactory(user__email="racer@example.org").user
    topics = TopicFactory.create_batch(10)
    for _round in range(5):
        Vote.objects.all().delete()
        with ThreadPoolExecutor(max_workers=10) as pool:
            results = list(pool.map(lambda t: _vote(t, member), topics))
        assert results.count("ok") == 3
        assert Vote.objects.filter(user=member).count() == 3


def test_concurrent_double_clicks_on_one_topic_leave_one_vote():
    member = ApprovedMemberFactory(user__email="clicker@example.org").user
    topic = TopicFactory()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _n: _vote(topic, member), range(8)))
    assert results.count("ok") == 1
    assert Vote.objects.filter(user=member, topic=topic).count() == 1

"""Topics: propose, vote within the budget, schedule with notifications, merge."""

import pytest

from core.outbox.models import Email
from peer_exchange import services
from peer_exchange.errors import PeerExchangeError
from peer_exchange.models import Topic, Vote
from tests.factories.members import UserFactory
from tests.factories.peer_exchange import TopicFactory

pytestmark = pytest.mark.django_db


def test_a_member_proposes_a_topic_but_a_non_member_cannot(member):
    topic = services.topic_propose(actor=member, title="Soft skills for trainers")
    assert topic.proposer == member and topic.is_open

    with pytest.raises(PeerExchangeError, match="Only network members"):
        services.topic_propose(actor=UserFactory(), title="Spam")
    assert Topic.objects.count() == 1


def test_voting_twice_is_refused_and_counts_once(member):
    topic = TopicFactory()
    services.topic_vote(topic=topic, actor=member)

    with pytest.raises(PeerExchangeError, match="already voted"):
        services.topic_vote(topic=topic, actor=member)
    assert Vote.objects.count() == 1


def test_a_member_has_three_open_votes_given_back_when_a_topic_is_scheduled(member, staff, peer):
    topics = TopicFactory.create_batch(4)
    for topic in topics[:3]:
        services.topic_vote(topic=topic, actor=member)

    with pytest.raises(PeerExchangeError, match="used your 3 votes"):
        services.topic_vote(topic=topics[3], actor=member)

    services.topic_schedule(topic=topics[0], peer=peer, actor=staff)
    services.topic_vote(topic=topics[3], actor=member)
    assert Vote.objects.filter(user=member).count() == 4


def test_a_closed_topic_takes_no_votes_and_gives_its_votes_back(member, staff):
    topic = TopicFactory()
    services.topic_close(topic=topic, actor=staff)

    with pytest.raises(PeerExchangeError, match="no longer open"):
        services.topic_vote(topic=topic, actor=member)


def test_scheduling_tells_the_proposer_and_voters_once_each(members, staff, peer):
    proposer, voter = members(2)
    topic = services.topic_propose(actor=proposer, title="Presenting a project")
    services.topic_vote(topic=topic, actor=proposer)
    services.topic_vote(topic=topic, actor=voter)

    services.topic_schedule(topic=topic, peer=peer, actor=staff)

    mails = Email.objects.filter(key__startswith="peer:topic-scheduled:")
    assert sorted(mails.values_list("to", flat=True)) == sorted([proposer.email, voter.email])
    topic.refresh_from_db()
    assert topic.status == "scheduled" and topic.session == peer


def test_a_member_cannot_schedule_a_topic(member, peer):
    topic = TopicFactory()
    with pytest.raises(PeerExchangeError, match="Only staff or the session's host"):
        services.topic_schedule(topic=topic, peer=peer, actor=member)
    topic.refresh_from_db()
    assert topic.is_open


def test_merging_carries_votes_over_and_keeps_one_vote_per_member(members, staff):
    both, only_duplicate, only_target = members(3)
    target, duplicate = TopicFactory(), TopicFactory()
    for person in (both, only_target):
        services.topic_vote(topic=target, actor=person)
    for person in (both, only_duplicate):
        services.topic_vote(topic=duplicate, actor=person)

    services.topic_merge(duplicate=duplicate, into=target, actor=staff)

    assert sorted(target.votes.values_list("user__email", flat=True)) == sorted(
        [both.email, only_duplicate.email, only_target.email]
    )
    duplicate.refresh_from_db()
    assert duplicate.status == "merged" and duplicate.merged_into == target
    assert not duplicate.votes.exists()


def test_scheduling_a_topic_tagged_with_a_need_tells_the_members_who_asked_for_it(
    answer, staff, peer
):
    wanted = answer(needs=["proposals"]).profile.user
    answer(needs=["funding"])
    topic = TopicFactory(needs=["proposals"])

    services.topic_schedule(topic=topic, peer=peer, actor=staff)

    told = Email.objects.filter(key__startswith="survey-need-answered:")
    assert list(told.values_list("to", flat=True)) == [wanted.email]
    assert f"/peer-exchange/sessions/{peer.session_id}/" in told.get().text_body

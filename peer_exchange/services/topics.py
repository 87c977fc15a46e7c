"""Topics: propose, vote within a budget, schedule into a session, close, merge."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action

from .. import notify
from ..errors import PeerExchangeError
from ..models import PeerSession, Topic, Vote
from ..permissions import is_member, is_peer_staff

VOTE_BUDGET = 3


@transaction.atomic
def topic_propose(
    *, actor, title: str, description: str = "", language=None, categories=()
) -> Topic:
    if not is_member(actor):
        raise PeerExchangeError(_("Only network members may propose topics."))
    if not title.strip():
        raise PeerExchangeError(_("Give the topic a title."))
    topic = Topic.objects.create(
        title=title.strip()[:200],
        description=description.strip(),
        language=language,
        proposer=actor,
    )
    topic.categories.set(categories)
    log_action(obj=topic, action="peer_exchange.topic.proposed", actor=actor)
    return topic


@transaction.atomic
def topic_vote(*, topic: Topic, actor) -> Vote:
    """One vote per member and topic, at most VOTE_BUDGET on open topics at once.

    The member's row is locked first, so concurrent votes by one person are counted one
    after the other (the budget holds under PostgreSQL with many connections); the
    unique constraint backs "one vote per topic"."""
    if not is_member(actor):
        raise PeerExchangeError(_("Only network members may vote."))
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if not topic.is_open:
        raise PeerExchangeError(_("This topic is no longer open for votes."))
    if Vote.objects.filter(topic=topic, user=actor).exists():
        raise PeerExchangeError(_("You have already voted for this topic."))
    if Vote.objects.filter(user=actor, topic__status=Topic.Status.OPEN).count() >= VOTE_BUDGET:
        raise PeerExchangeError(
            _(
                "You have used your %(budget)d votes: withdraw one, or wait until a topic is scheduled."
            )
            % {"budget": VOTE_BUDGET}
        )
    vote = Vote.objects.create(topic=topic, user=actor)
    log_action(obj=topic, action="peer_exchange.topic.voted", actor=actor)
    return vote


@transaction.atomic
def topic_unvote(*, topic: Topic, actor) -> None:
    deleted, _rows = Vote.objects.filter(
        topic=topic, user=actor, topic__status=Topic.Status.OPEN
    ).delete()
    if deleted:
        log_action(obj=topic, action="peer_exchange.topic.unvoted", actor=actor)


@transaction.atomic
def topic_schedule(*, topic: Topic, peer: PeerSession, actor) -> Topic:
    """Put an open topic into an upcoming session (staff, or that session's host); its
    votes are given back and the proposer and voters are told (one email each)."""
    peer = PeerSession.objects.select_related("session", "series").get(pk=peer.pk)
    if not (is_peer_staff(actor) or peer.session.hosts.filter(pk=actor.pk).exists()):
        raise PeerExchangeError(_("Only staff or the session's host may schedule a topic."))
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if not topic.is_open:
        raise PeerExchangeError(_("Only an open topic can be scheduled."))
    if peer.session.status != "published" or peer.session.starts_at <= timezone.now():
        raise PeerExchangeError(_("Choose an upcoming session that is not cancelled."))
    topic.status, topic.session = Topic.Status.SCHEDULED, peer
    topic.save(update_fields=["status", "session"])
    log_action(
        obj=topic,
        action="peer_exchange.topic.scheduled",
        actor=actor,
        changes={"status": ["open", "scheduled"]},
        data={"session": peer.session_id},
    )
    people = {vote.user for vote in topic.votes.select_related("user")}
    if topic.proposer is not None:
        people.add(topic.proposer)
    for user in people:
        notify.topic_scheduled(user=user, topic=topic, peer=peer)
    _loop_back(topic=topic, peer=peer)
    return topic


def _loop_back(*, topic: Topic, peer: PeerSession) -> None:
    """Members who asked in the needs survey for what this topic answers are told, once
    per need (the needs service's documented entry point; its keys make it idempotent)."""
    from members.survey.loopback import notify_members_with_need

    url = settings.SITE_URL + reverse(
        "peer_exchange:session-detail", kwargs={"pk": peer.session_id}
    )
    for need in topic.needs or []:
        notify_members_with_need(
            need_code=need, language=topic.language.code if topic.language else "",
            region=peer.series.region, subject_url=url, title=topic.title, actor=None,
        )  # fmt: skip


@transaction.atomic
def topic_close(*, topic: Topic, actor) -> Topic:
    if not is_peer_staff(actor):
        raise PeerExchangeError(_("Only staff may close a topic."))
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.status != Topic.Status.OPEN:
        return topic
    topic.status = Topic.Status.CLOSED
    topic.save(update_fields=["status"])
    log_action(
        obj=topic,
        action="peer_exchange.topic.closed",
        actor=actor,
        changes={"status": ["open", "closed"]},
    )
    return topic


@transaction.atomic
def topic_merge(*, duplicate: Topic, into: Topic, actor) -> Topic:
    """Staff fold a duplicate into another topic: votes move over, a member who voted
    for both keeps one vote; the duplicate is marked merged."""
    if not is_peer_staff(actor):
        raise PeerExchangeError(_("Only staff may merge topics."))
    if duplicate.pk == into.pk:
        raise PeerExchangeError(_("A topic cannot be merged into itself."))
    rows = {
        t.pk: t for t in Topic.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk])
    }
    duplicate, into = rows[duplicate.pk], rows[into.pk]
    if duplicate.status != Topic.Status.OPEN or into.status not in (
        Topic.Status.OPEN,
        Topic.Status.SCHEDULED,
    ):
        raise PeerExchangeError(_("Merge an open topic into an open or scheduled one."))
    already = set(into.votes.values_list("user_id", flat=True))
    Vote.objects.filter(topic=duplicate, user_id__in=already).delete()
    moved = Vote.objects.filter(topic=duplicate).update(topic=into)
    duplicate.status, duplicate.merged_into = Topic.Status.MERGED, into
    duplicate.save(update_fields=["status", "merged_into"])
    log_action(
        obj=duplicate,
        action="peer_exchange.topic.merged",
        actor=actor,
        changes={"status": ["open", "merged"]},
        data={"into": into.pk, "votes_moved": moved},
    )
    return into

"""The host rota: assign, swap to a volunteer only, reminders and the staff alert."""

import datetime as dt

import pytest
from django.utils import timezone

from core.outbox.models import Email
from peer_exchange import services
from peer_exchange.errors import PeerExchangeError

pytestmark = pytest.mark.django_db


def test_staff_assign_a_host_and_a_backup_who_volunteered(staff, volunteers, peer):
    host, backup = volunteers(2)

    services.host_assign(peer=peer, actor=staff, host=host, backup=backup)

    assert list(peer.session.hosts.all()) == [host]
    peer.refresh_from_db()
    assert peer.backup_host == backup


def test_someone_who_did_not_volunteer_cannot_be_assigned(staff, members, peer):
    (person,) = members(1)
    with pytest.raises(PeerExchangeError, match="has not volunteered"):
        services.host_assign(peer=peer, actor=staff, host=person)
    assert not peer.session.hosts.exists()


def test_willing_to_host_on_the_membership_application_counts_as_volunteering(staff, members, peer):
    from tests.factories.members import MembershipApplicationFactory

    (person,) = members(1)
    MembershipApplicationFactory(profile=person.profile, can_host_peer_sessions=True)

    services.host_assign(peer=peer, actor=staff, host=person)

    assert list(peer.session.hosts.all()) == [person]


def test_a_host_asks_for_a_swap_and_a_volunteer_takes_it(staff, volunteers, members, peer):
    host, backup, other = volunteers(3)
    services.host_assign(peer=peer, actor=staff, host=host, backup=backup)
    (bystander,) = members(1, prefix="b")

    services.host_swap_request(peer=peer, actor=host)
    assert Email.objects.filter(key__startswith="peer:swap:", to=backup.email).exists()
    with pytest.raises(PeerExchangeError, match="volunteered to host"):
        services.host_swap_take(peer=peer, actor=bystander)
    services.host_swap_take(peer=peer, actor=other)

    assert list(peer.session.hosts.all()) == [other]
    peer.refresh_from_db()
    assert peer.swap_requested_at is None and peer.backup_host == backup


def test_only_the_host_may_ask_for_a_swap(volunteers, peer):
    (someone,) = volunteers(1)
    with pytest.raises(PeerExchangeError, match="Only the session's host"):
        services.host_swap_request(peer=peer, actor=someone)


def test_the_host_is_reminded_once_a_few_days_ahead_with_the_guide(staff, volunteers, peer):
    (host,) = volunteers(1)
    services.host_assign(peer=peer, actor=staff, host=host)
    now = peer.session.starts_at - dt.timedelta(days=2)

    services.host_reminders_send(now=now)
    services.host_reminders_send(now=now)

    mails = Email.objects.filter(key__startswith="peer:host-reminder:")
    assert mails.count() == 1
    assert "/guide/facilitation/" in mails.get().text_body


def test_staff_are_alerted_of_a_session_without_host_a_week_before(staff, peer):
    now = peer.session.starts_at - dt.timedelta(days=6)

    assert services.hostless_alerts_send(now=now) >= 1
    services.hostless_alerts_send(now=now)

    assert (
        Email.objects.filter(key__startswith=f"peer:hostless:{peer.pk}:", to=staff.email).count()
        == 1
    )
    assert services.hostless_alerts_send(now=timezone.now() - dt.timedelta(days=30)) == 0

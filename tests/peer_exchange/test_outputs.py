"""The knowledge base: who writes, script refused, attendees told, members only vs public, search."""

import pytest
from django.urls import reverse

from core.outbox.models import Email
from events import services as event_services
from peer_exchange import services
from peer_exchange.errors import PeerExchangeError
from peer_exchange.models import Output, PeerSession
from taxonomy.models import Language
from tests.factories.peer_exchange import SeriesFactory

pytestmark = pytest.mark.django_db


def _data(**changes):
    data = {"kind": "sop", "title": "Budget SOP", "summary": "## Steps\nKeep receipts.",
            "tips": "Start early\nAsk a peer", "keywords": "budget, receipts",
            "language": Language.objects.get(code="en"), "region": ""}  # fmt: skip
    return {**data, **changes}


@pytest.fixture
def hosted(staff, volunteers, peer):
    host, other = volunteers(2)
    services.host_assign(peer=peer, actor=staff, host=host)
    return peer, host, other


def test_the_host_publishes_and_attendees_are_told_once(hosted, members):
    peer, host, _other = hosted
    attendee, absent = members(2, prefix="a")
    for person in (attendee, absent):
        event_services.registration_register(session=peer.session, user=person)
    peer.session.registrations.filter(user=attendee).update(attendance="attended")

    output = services.output_save(peer=peer, actor=host, data=_data())
    services.output_publish(output=output, actor=host)
    services.output_publish(output=output, actor=host)

    mails = Email.objects.filter(key__startswith="peer:output-published:")
    assert list(mails.values_list("to", flat=True)) == [attendee.email]
    output.refresh_from_db()
    assert output.status == "published" and output.author == host


def test_another_host_cannot_edit_the_summary_and_nothing_changes(hosted, staff):
    peer, host, other = hosted
    output = services.output_save(peer=peer, actor=host, data=_data())
    services.host_assign(peer=peer, actor=staff, host=other)

    with pytest.raises(PeerExchangeError, match="another host"):
        services.output_save(peer=peer, actor=other, data=_data(title="Mine now"))
    output.refresh_from_db()
    assert output.title == "Budget SOP"


def test_a_member_who_is_not_the_host_cannot_write_it(hosted, members):
    peer, _host, _other = hosted
    (member,) = members(1, prefix="x")
    with pytest.raises(PeerExchangeError, match="Only the session's host"):
        services.output_save(peer=peer, actor=member, data=_data())


def test_script_in_a_summary_is_refused_with_nothing_saved(hosted):
    peer, host, _other = hosted
    with pytest.raises(PeerExchangeError, match="Scripts are not allowed"):
        services.output_save(
            peer=peer, actor=host, data=_data(summary="Hi <script>alert(1)</script>")
        )
    assert not Output.objects.exists()


def test_members_see_the_library_and_visitors_only_public_items(hosted, client, members, staff):
    peer, host, _other = hosted
    output = services.output_publish(
        output=services.output_save(peer=peer, actor=host, data=_data()), actor=host
    )
    url = reverse("peer_exchange:output-detail", kwargs={"pk": output.pk})

    assert client.get(url).status_code == 404
    (member,) = members(1, prefix="r")
    client.force_login(member)
    assert "Keep receipts" in client.get(url).text
    client.logout()
    services.output_set_public(output=output, actor=staff, is_public=True)
    assert "Keep receipts" in client.get(url).text


def test_only_staff_set_the_public_flag(hosted):
    peer, host, _other = hosted
    output = services.output_save(peer=peer, actor=host, data=_data())
    with pytest.raises(PeerExchangeError, match="Only staff"):
        services.output_set_public(output=output, actor=host, is_public=True)


def test_the_library_searches_and_filters_by_type_and_language(hosted, client, members):
    peer, host, _other = hosted
    services.output_publish(
        output=services.output_save(peer=peer, actor=host, data=_data()), actor=host
    )
    (member,) = members(1, prefix="s")
    client.force_login(member)
    url = reverse("peer_exchange:library")

    assert "Budget SOP" in client.get(url, {"q": "receipts"}).text
    assert "Budget SOP" not in client.get(url, {"q": "gardening"}).text
    assert "Budget SOP" in client.get(url, {"kind": "sop", "language": "en"}).text
    assert "Budget SOP" not in client.get(url, {"kind": "tip_sheet"}).text
    bad = client.get(url, {"kind": "poem", "language": "xx"})
    assert bad.status_code == 200 and "There is no type" in bad.text


def test_publishing_announces_hosting_through_the_documented_signal(hosted):
    from peer_exchange.signals import session_hosted

    peer, host, _other = hosted
    heard = []

    def receiver(sender, *, user, session, hosted_count, **kwargs):
        heard.append((user, session, hosted_count))

    session_hosted.connect(receiver)
    try:
        services.output_publish(
            output=services.output_save(peer=peer, actor=host, data=_data()), actor=host
        )
    finally:
        session_hosted.disconnect(receiver)
    assert heard == [(host, peer.session, 1)]


def test_a_host_earns_the_host_badge_on_the_third_published_summary(staff, volunteers):
    from badges.models import BadgeAward

    SeriesFactory()
    services.series_generate()
    (host,) = volunteers(1, prefix="badge")
    peers = list(PeerSession.objects.select_related("session")[:3])
    for number, peer in enumerate(peers, start=1):
        services.host_assign(peer=peer, actor=staff, host=host)
        output = services.output_save(peer=peer, actor=host, data=_data(title=f"Summary {number}"))
        services.output_publish(output=output, actor=host)
        awarded = BadgeAward.objects.filter(recipient=host, badge_class__slug="peer-exchange-host")
        assert awarded.count() == (1 if number == 3 else 0)


def test_the_backup_host_may_take_the_notes(staff, volunteers, peer):
    host, backup = volunteers(2, prefix="nt")
    services.host_assign(peer=peer, actor=staff, host=host, backup=backup)

    output = services.output_save(peer=peer, actor=backup, data=_data())

    assert output.author == backup

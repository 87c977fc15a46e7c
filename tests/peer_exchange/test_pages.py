"""The peer-exchange pages: fixed query counts, voting, proposing, the guide, emerging topics."""

import pytest
from django.urls import reverse
from django.utils import translation

from events import services as event_services
from peer_exchange import services
from peer_exchange.models import GuidePage, Output
from taxonomy.models import Language
from tests.factories.peer_exchange import SeriesFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _grow(members, staff, volunteers, prefix):
    """More topics, votes, sessions, registrations and outputs."""
    SeriesFactory(name=f"Series {prefix}")
    services.series_generate()
    people = members(4, prefix=prefix)
    (host,) = volunteers(1, prefix=f"h{prefix}")
    for topic in TopicFactory.create_batch(5):
        for person in people[:3]:
            services.topic_vote(
                topic=topic, actor=person
            ) if person.peer_votes.count() < 3 else None
    from peer_exchange.models import PeerSession

    for peer in PeerSession.objects.select_related("session").filter(session__hosts__isnull=True)[
        :3
    ]:
        services.host_assign(peer=peer, actor=staff, host=host)
        for person in people:
            event_services.registration_register(session=peer.session, user=person)
        data = {"kind": "tip_sheet", "title": f"Tips {peer.pk}", "summary": "Text", "keywords": "pitch",
                "language": Language.objects.get(code="en"), "region": ""}  # fmt: skip
        if not Output.objects.filter(session=peer).exists():
            services.output_publish(
                output=services.output_save(peer=peer, actor=host, data=data), actor=host
            )


@pytest.mark.parametrize(
    "name", ["peer_exchange:session-list", "peer_exchange:topic-list", "peer_exchange:library"]
)
def test_the_list_pages_have_a_fixed_number_of_queries(
    name, client, members, staff, volunteers, django_assert_max_num_queries
):
    (viewer,) = members(1, prefix="viewer")
    client.force_login(viewer)
    _grow(members, staff, volunteers, "one")
    with django_assert_max_num_queries(40) as before:
        assert client.get(reverse(name)).status_code == 200
    _grow(members, staff, volunteers, "two")

    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_the_session_page_has_a_fixed_number_of_queries(
    client, members, staff, volunteers, peer, django_assert_max_num_queries
):
    (viewer,) = members(1, prefix="viewer")
    client.force_login(viewer)
    url = reverse("peer_exchange:session-detail", kwargs={"pk": peer.session_id})
    host, backup = volunteers(2)
    services.host_assign(peer=peer, actor=staff, host=host)
    with django_assert_max_num_queries(40) as before:
        client.get(url)
    services.host_assign(peer=peer, actor=staff, host=host, backup=backup)
    for topic in TopicFactory.create_batch(2):
        services.topic_schedule(topic=topic, peer=peer, actor=staff)
    for person in members(6, prefix="reg"):
        event_services.registration_register(session=peer.session, user=person)

    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_a_member_proposes_and_votes_from_the_pages(client, member):
    client.force_login(member)
    response = client.post(
        reverse("peer_exchange:topic-propose"), {"title": "Pitching to funders"}, follow=True
    )
    assert "Your topic is proposed" in response.text
    topic = member.peer_topics.get()

    response = client.post(
        reverse("peer_exchange:topic-vote", kwargs={"pk": topic.pk}), follow=True
    )
    assert "Thank you for your vote." in response.text
    response = client.post(
        reverse("peer_exchange:topic-vote", kwargs={"pk": topic.pk}), follow=True
    )
    assert topic.votes.count() == 1


def test_a_visitor_is_sent_to_sign_in_and_a_non_member_gets_a_message(client):
    from tests.factories.members import UserFactory

    assert client.post(reverse("peer_exchange:topic-propose"), {"title": "x"}).status_code == 302
    client.force_login(UserFactory(email="outsider@example.org"))
    response = client.post(reverse("peer_exchange:topic-propose"), {"title": "x"})
    assert response.status_code == 400 and "Only network members" in response.text


def test_the_guide_page_shows_the_readers_language_or_english(client):
    GuidePage.objects.create(
        page="facilitation", language="en", title="Facilitation guide", body="Be kind."
    )
    GuidePage.objects.create(
        page="facilitation", language="fr", title="Guide d'animation", body="Soyez bienveillant."
    )

    assert (
        "Be kind."
        in client.get(reverse("peer_exchange:guide", kwargs={"page": "facilitation"})).text
    )
    with translation.override("fr"):
        french = reverse("peer_exchange:guide", kwargs={"page": "facilitation"})
    assert "Soyez" in client.get(french).text
    assert client.get(reverse("peer_exchange:guide", kwargs={"page": "nope"})).status_code == 404


def test_the_emerging_topics_panel_counts_keywords_for_staff_only(
    client, staff, member, volunteers, peer, login_with_mfa
):
    (host,) = volunteers(1)
    services.host_assign(peer=peer, actor=staff, host=host)
    data = {"kind": "summary", "title": "Pitching", "summary": "Text", "keywords": "pitch, Budget",
            "language": Language.objects.get(code="en"), "region": ""}  # fmt: skip
    services.output_publish(
        output=services.output_save(peer=peer, actor=host, data=data), actor=host
    )

    client.force_login(member)
    assert client.get(reverse("peer_exchange:emerging")).status_code == 403
    login_with_mfa(client, staff)
    response = client.get(reverse("peer_exchange:emerging"))
    assert response.status_code == 200 and "budget" in response.text and "pitch" in response.text

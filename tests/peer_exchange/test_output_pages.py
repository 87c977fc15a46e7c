"""Writing the summary from its page: who may, script refused, a checked file; emails in
the recipient's language; the admin keeps hosts to volunteers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.outbox.models import Email
from peer_exchange import services
from peer_exchange.models import Output, OutputFile
from taxonomy.models import Language
from tests.factories.peer_exchange import TopicFactory

pytestmark = pytest.mark.django_db


def _form(**changes):
    data = {"output-kind": "tip_sheet", "output-title": "Pitch tips", "output-summary": "Be brief.",
            "output-language": Language.objects.get(code="en").pk, "output-region": ""}  # fmt: skip
    return {**data, **changes}


@pytest.fixture
def hosted(staff, volunteers, peer):
    (host,) = volunteers(1, prefix="host")
    services.host_assign(peer=peer, actor=staff, host=host)
    return peer, host


def _url(peer):
    return reverse("peer_exchange:output-edit", kwargs={"pk": peer.session_id})


def test_a_member_who_is_not_the_host_cannot_open_the_summary_form(client, hosted, members):
    peer, _host = hosted
    (other,) = members(1, prefix="o")
    client.force_login(other)
    assert client.get(_url(peer)).status_code == 403
    response = client.post(_url(peer), _form())
    assert response.status_code == 400 and "Only the session" in response.text
    assert not Output.objects.exists()


def test_script_in_the_summary_is_explained_and_nothing_is_saved(client, hosted):
    peer, host = hosted
    client.force_login(host)
    response = client.post(_url(peer), _form(**{"output-summary": "<script>alert(1)</script>"}))
    assert response.status_code == 400 and "Scripts are not allowed" in response.text
    assert not Output.objects.exists()


def test_the_host_attaches_a_pdf_and_a_disguised_file_is_refused(client, hosted):
    peer, host = hosted
    client.force_login(host)
    fake = SimpleUploadedFile("notes.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(_url(peer), {**_form(), "file-title": "Notes", "file-file": fake})
    assert response.status_code == 400 and "Only PDF, DOCX, XLSX or ODT documents are accepted." in response.text

    real = SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        _url(peer), {**_form(), "file-title": "Notes", "file-file": real, "publish": "1"}
    )
    assert response.status_code == 302
    assert OutputFile.objects.get().title == "Notes"
    assert Output.objects.get().status == "published"


def test_a_french_speaking_voter_is_told_in_french(staff, members, peer):
    (voter,) = members(1, prefix="fr")
    voter.profile.preferred_language = "fr"
    voter.profile.save()
    topic = TopicFactory(title="Les compétences douces")
    services.topic_vote(topic=topic, actor=voter)

    services.topic_schedule(topic=topic, peer=peer, actor=staff)

    email = Email.objects.get(to=voter.email)
    assert email.language == "fr" and email.subject.startswith("Programmé")


def test_the_admin_refuses_a_host_who_did_not_volunteer(
    client, staff, members, peer, login_with_mfa
):
    (person,) = members(1, prefix="nv")
    login_with_mfa(client, staff)
    url = reverse("admin:peer_exchange_peerexchangesession_change", args=[peer.session_id])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"hosts": [person.pk], "categories": [], "reminder_minutes": "[1440, 60]",
                 "starts_at_0": peer.session.starts_at.strftime("%Y-%m-%d"), "starts_at_1": "14:00",
                 "ends_at_0": peer.session.ends_at.strftime("%Y-%m-%d"), "ends_at_1": "15:30"})  # fmt: skip
    response = client.post(url, data)
    assert "Only members who volunteered to host" in response.text
    assert not peer.session.hosts.exists()

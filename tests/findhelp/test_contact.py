"""Writing through find help: sent by email through the outbox, addresses never shown,
one message per form, rate-limited, and anyone can opt out."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from pytest_django.asserts import assertContains, assertNotContains

from core.outbox.models import Email
from members.help import services
from members.help.models import ContactMessage, HelpOffer
from tests.factories.members import ApprovedMemberFactory, MemberProfileFactory

pytestmark = pytest.mark.django_db


def _send(sender, recipient, **extra):
    return services.contact_send(
        sender=sender.user,
        recipient=recipient,
        subject=extra.pop("subject", "Help with RPL"),
        body=extra.pop("body", "Could we talk about certification?"),
        request_key=extra.pop("request_key", uuid.uuid4()),
        **extra,
    )


def test_a_message_to_an_advisor_is_emailed_in_their_language_with_a_reply_to_and_an_opt_out(
    seeker, advisor
):
    message = _send(seeker, advisor, kind="proposal_writing")

    email = Email.objects.get(key=f"findhelp-message:{message.pk}")
    assert email.to == "claire@advisors.example.org"
    assert email.language == "fr"  # the first of the portal's languages the advisor speaks
    assert email.headers["Reply-To"] == seeker.user.email
    assert "Could we talk about certification?" in email.text_body
    assert "/fr/members/help/opt-out/" in email.text_body


def test_the_same_form_sent_twice_sends_one_message(seeker, advisor):
    key = uuid.uuid4()
    first = _send(seeker, advisor, request_key=key)
    second = _send(seeker, advisor, request_key=key)

    assert first.pk == second.pk
    assert ContactMessage.objects.count() == 1 and Email.objects.count() == 1


def test_only_members_write_and_nobody_writes_to_themselves(seeker, advisor):
    with pytest.raises(PermissionDenied):
        _send(MemberProfileFactory(), advisor)
    with pytest.raises(services.ContactError):
        _send(seeker, seeker)


def test_a_recipient_who_opted_out_through_the_link_gets_nothing_more(client, seeker, advisor):
    token = services.opt_out_token(advisor)

    assertContains(client.get(f"/members/help/opt-out/{token}/"), "Claire Advisor")
    client.post(f"/members/help/opt-out/{token}/")

    advisor.refresh_from_db()
    assert not advisor.accepts_contact
    with pytest.raises(services.ContactError):
        _send(seeker, advisor)
    assert client.get("/members/help/opt-out/forged/").status_code == 404


def test_a_member_who_opts_out_on_their_page_cannot_be_written_to(client, seeker):
    helper = ApprovedMemberFactory()
    client.force_login(helper.user)
    client.post("/members/help/offer/", {"kinds": ["translation"]})  # accepts_contact unticked

    assert not HelpOffer.objects.get(profile=helper).accepts_contact
    client.force_login(seeker.user)
    assert client.get(f"/members/help/write/member/{helper.pk}/").status_code == 404
    with pytest.raises(services.ContactError):
        _send(seeker, helper)


def test_the_message_form_sends_through_the_outbox_and_shows_no_address(client, seeker, office):
    client.force_login(seeker.user)
    url = f"/members/help/write/office/{office.pk}/"
    form = client.get(url)
    assertNotContains(form, office.email)

    response = client.post(
        url, {"subject": "RPL", "body": "Hello", "request_key": str(uuid.uuid4())}
    )

    assert response.status_code == 302
    assert Email.objects.get().to == office.email


def test_the_contact_form_is_rate_limited_per_sender(client, seeker, office, settings):
    settings.FIND_HELP_MESSAGES_PER_HOUR = 2
    client.force_login(seeker.user)
    url = f"/members/help/write/office/{office.pk}/"

    statuses = [
        client.post(
            url, {"subject": "RPL", "body": f"Hello {i}", "request_key": str(uuid.uuid4())}
        ).status_code
        for i in range(4)
    ]

    assert statuses == [302, 302, 429, 429]
    assert ContactMessage.objects.count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {"subject": "", "body": "Hello"},
        {"subject": "Hi", "body": ""},
        {"subject": "Hi", "body": "x" * 3001},
        {"subject": "Hi", "body": "Hello", "request_key": "not-a-uuid"},
    ],
)
def test_bad_messages_are_a_clear_400_and_nothing_is_sent(client, seeker, office, data):
    client.force_login(seeker.user)
    response = client.post(
        f"/members/help/write/office/{office.pk}/", {"request_key": str(uuid.uuid4()), **data}
    )
    assert response.status_code == 400
    assert not Email.objects.exists()


def test_unknown_recipients_are_404(client, seeker):
    client.force_login(seeker.user)
    assert client.get("/members/help/write/planet/1/").status_code == 404
    assert client.get("/members/help/write/advisor/999999/").status_code == 404


def test_staff_curate_advisors_with_kinds_as_checkboxes_and_each_change_is_audited(
    client, login_with_mfa, rpl
):
    from core.audit.models import AuditEntry
    from members.help.models import TechnicalAdvisor
    from tests.factories.members import StaffUserFactory

    login_with_mfa(client, StaffUserFactory())
    form = client.get("/admin/findhelp/technicaladvisor/add/")
    assertContains(form, 'type="checkbox" name="kinds" value="translation"')

    response = client.post(
        "/admin/findhelp/technicaladvisor/add/",
        {
            "name": "Nadia Advisor",
            "email": "nadia@advisors.example.org",
            "kinds": ["translation", "data"],
            "categories": [rpl.pk],
            "is_active": "on",
            "accepts_contact": "on",
            "affiliation": "volunteer",
            "availability": "available",
        },
    )

    assert response.status_code == 302
    advisor = TechnicalAdvisor.objects.get(name="Nadia Advisor")
    assert advisor.kinds == ["translation", "data"]
    assert advisor.affiliation == "volunteer"
    assert AuditEntry.objects.filter(action="findhelp.directory.added", object_id=str(advisor.pk)).exists()


def test_staff_see_who_wrote_to_whom_but_not_the_message(client, login_with_mfa, seeker, advisor):
    from tests.factories.members import StaffUserFactory

    message = _send(seeker, advisor, body="A private question about our budget")
    login_with_mfa(client, StaffUserFactory())

    page = client.get(f"/admin/findhelp/contactmessage/{message.pk}/change/")

    assertContains(page, "Help with RPL")
    assertNotContains(page, "A private question about our budget")


def test_a_members_profile_offers_the_message_form_unless_they_opted_out(client, seeker):
    helper = ApprovedMemberFactory(full_name="Helpful Person")
    client.force_login(seeker.user)
    assertContains(client.get(helper.get_absolute_url()), f"/members/help/write/member/{helper.pk}/")

    HelpOffer.objects.create(profile=helper, accepts_contact=False)

    assertNotContains(client.get(helper.get_absolute_url()), f"/members/help/write/member/{helper.pk}/")

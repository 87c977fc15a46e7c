"""The members' translation pages: the volunteer setting, asking for a translation with
documents, "My translation requests", "My translation work", and who may do what there.
Bad input gets a clear message, a 4xx, and changes nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from coaching.translations import services
from coaching.translations.models import (
    Offer,
    TranslationDocument,
    TranslationRequest,
    Volunteer,
)
from core.outbox.models import Email
from tests.factories.members import (
    ApprovedMemberFactory,
    MembershipApplicationFactory,
    StaffUserFactory,
    UserFactory,
)

from .conftest import PDF, ask, docx, make_volunteer

pytestmark = pytest.mark.django_db


def _pairs_post(capacity=3, pairs=(), total=3):
    data = {
        "monthly_capacity": capacity,
        "pairs-TOTAL_FORMS": total,
        "pairs-INITIAL_FORMS": 0,
        "pairs-MIN_NUM_FORMS": 0,
        "pairs-MAX_NUM_FORMS": 10,
    }
    for n, (source, target) in enumerate(pairs):
        data[f"pairs-{n}-source"], data[f"pairs-{n}-target"] = source.pk, target.pk
    return data


# The volunteer setting


def test_anonymous_visitors_are_sent_to_sign_in_and_non_members_refused(client):
    url = reverse("translations:volunteer")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(email="visitor@example.org"))
    assert client.get(url).status_code == 403


def test_the_setting_is_prefilled_from_the_applications_willing_to_translate(client, langs):
    profile = ApprovedMemberFactory(
        user__email="m@example.org", languages=[langs["en"], langs["fr"]]
    )
    MembershipApplicationFactory(profile=profile, can_translate=True)
    client.force_login(profile.user)

    response = client.get(reverse("translations:volunteer"))

    assert response.status_code == 200
    assert "When you applied, you said you were willing to translate" in response.content.decode()
    initial = [form.initial for form in response.context["formset"].forms if form.initial]
    assert {(i["source"].code, i["target"].code) for i in initial} == {("en", "fr"), ("fr", "en")}


def test_a_member_volunteers_with_language_pairs_and_a_capacity(client, langs):
    member = ApprovedMemberFactory(user__email="m@example.org").user
    client.force_login(member)

    response = client.post(
        reverse("translations:volunteer"),
        _pairs_post(capacity=3, pairs=[(langs["en"], langs["es"]), (langs["es"], langs["en"])]),
    )

    assert response.status_code == 302
    volunteer = Volunteer.objects.get(user=member)
    assert volunteer.monthly_capacity == 3 and volunteer.is_active
    assert {(p.source.code, p.target.code) for p in volunteer.pairs.all()} == {
        ("en", "es"),
        ("es", "en"),
    }


@pytest.mark.parametrize(
    ("capacity", "pairs", "message"),
    [
        (2, [("en", "en")], "two different languages"),
        (2, [], "at least one language pair"),
        (0, [("en", "fr")], "greater than or equal to 1"),
    ],
)
def test_a_bad_volunteer_setting_is_refused_and_nothing_saved(
    client, langs, capacity, pairs, message
):
    client.force_login(ApprovedMemberFactory(user__email="m@example.org").user)
    data = _pairs_post(capacity=capacity, pairs=[(langs[s], langs[t]) for s, t in pairs])

    response = client.post(reverse("translations:volunteer"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Volunteer.objects.exists()


def test_a_volunteer_pauses_resumes_and_stops(client, langs):
    volunteer = make_volunteer("v@example.org", langs, [("en", "fr")])
    client.force_login(volunteer.user)
    url = reverse("translations:availability")

    client.post(url, {"answer": "pause"})
    assert not Volunteer.objects.get(pk=volunteer.pk).is_active
    client.post(url, {"answer": "resume"})
    assert Volunteer.objects.get(pk=volunteer.pk).is_active
    client.post(url, {"answer": "stop"})
    volunteer.refresh_from_db()
    assert not volunteer.is_active and not volunteer.pairs.exists()
    assert client.post(url, {"answer": "dance"}).status_code == 400


# Asking for a translation


def _request_post(langs, *, days=10, files=None, source="en", target="fr"):
    return {
        "title": "Concept note",
        "source": langs[source].pk,
        "target": langs[target].pk,
        "deadline": (timezone.localdate() + timedelta(days=days)).isoformat(),
        "documents": files or [SimpleUploadedFile("note.pdf", PDF, "application/pdf")],
    }


def test_a_member_asks_for_a_translation_with_documents_and_a_volunteer_is_asked(
    client, requester, langs
):
    volunteer = make_volunteer("v@example.org", langs, [("en", "fr")])
    client.force_login(requester)
    files = [
        SimpleUploadedFile("note.pdf", PDF, "application/pdf"),
        SimpleUploadedFile("budget.docx", docx()),
    ]

    response = client.post(reverse("translations:request-new"), _request_post(langs, files=files))

    assert response.status_code == 302
    request = TranslationRequest.objects.get()
    assert request.requester == requester and request.status == "open"
    assert sorted(request.documents.values_list("kind", flat=True)) == ["docx", "pdf"]
    assert request.offers.get().volunteer == volunteer


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"days": -1}, "The deadline is in the past"),
        (
            {"files": [SimpleUploadedFile("note.pdf", b"<html>not a pdf</html>")]},
            "Only PDF, DOCX, XLSX or ODT",
        ),
        ({"files": [SimpleUploadedFile("note.txt", b"plain text")]}, "Only PDF, DOCX, XLSX or ODT"),
        ({"target": "en"}, "Choose two different languages"),
    ],
)
def test_a_bad_translation_request_is_refused_with_a_clear_message(
    client, requester, langs, change, message
):
    client.force_login(requester)

    response = client.post(reverse("translations:request-new"), _request_post(langs, **change))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TranslationRequest.objects.exists() and not TranslationDocument.objects.exists()


def test_a_document_over_the_size_limit_is_refused(client, requester, langs, settings):
    settings.COACHING_DOCUMENT_MAX_BYTES = 50
    client.force_login(requester)
    big = [SimpleUploadedFile("note.pdf", PDF + b"0" * 100)]

    response = client.post(reverse("translations:request-new"), _request_post(langs, files=big))

    assert response.status_code == 400 and "too large" in response.content.decode()
    assert not TranslationRequest.objects.exists()


def test_non_members_cannot_ask_for_a_translation(client, langs):
    client.force_login(UserFactory(email="visitor@example.org"))
    assert client.get(reverse("translations:request-new")).status_code == 403


# My translation requests


def test_my_requests_show_their_status_and_an_open_one_can_be_cancelled(client, requester, langs):
    volunteer = make_volunteer("v@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    client.force_login(requester)

    page = client.get(reverse("translations:requests")).content.decode()
    assert "Budget narrative" in page and "Waiting for a volunteer" in page

    response = client.post(reverse("translations:request-cancel", kwargs={"pk": request.pk}))
    assert response.status_code == 302
    assert TranslationRequest.objects.get(pk=request.pk).status == "cancelled"
    offer = request.offers.get()
    assert offer.status == "withdrawn"
    with pytest.raises(services.TranslationError):
        services.offer_accept(offer=offer, actor=volunteer.user)


def test_a_taken_request_cannot_be_cancelled_and_someone_elses_is_not_found(
    client, requester, langs
):
    volunteer = make_volunteer("v@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    services.offer_accept(offer=request.offers.get(), actor=volunteer.user)
    url = reverse("translations:request-cancel", kwargs={"pk": request.pk})

    client.force_login(requester)
    response = client.post(url)
    assert response.status_code == 409 and "already taken" in response.content.decode()
    client.force_login(volunteer.user)
    assert client.post(url).status_code == 404
    assert TranslationRequest.objects.get(pk=request.pk).status == "accepted"


# My translation work


def test_a_volunteer_accepts_an_offer_on_their_page(client, requester, langs):
    volunteer = make_volunteer("v@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    client.force_login(volunteer.user)

    page = client.get(reverse("translations:work")).content.decode()
    assert "Budget narrative" in page and "Waiting for your answer" in page

    offer = request.offers.get()
    url = reverse("translations:offer-answer", kwargs={"pk": offer.pk})
    assert client.post(url, {"answer": "accept"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted" and request.translator == volunteer
    assert Email.objects.filter(key=f"coaching.translation.accepted:{request.pk}").exists()

    again = client.post(url, {"answer": "accept"})  # a double click
    assert again.status_code == 409 and "already been taken" in again.content.decode()


def test_someone_elses_offer_cannot_be_answered_on_the_page_or_by_the_link(
    client, requester, langs
):
    make_volunteer("v@example.org", langs, [("en", "fr")])
    other = make_volunteer("other@example.org", langs, [("en", "es")])
    offer = ask(requester, langs).offers.get()
    client.force_login(other.user)

    page_url = reverse("translations:offer-answer", kwargs={"pk": offer.pk})
    assert client.post(page_url, {"answer": "accept"}).status_code == 404
    link = reverse("translations:offer", kwargs={"token": services.offer_token(offer)})
    refused = client.get(link)
    assert refused.status_code == 403 and "Budget narrative" not in refused.content.decode()
    assert client.post(link, {"answer": "accept"}).status_code == 403
    assert Offer.objects.get(pk=offer.pk).status == "pending"
    with pytest.raises(services.NotYourOffer):
        services.offer_accept(offer=offer, actor=other.user)


def test_the_signed_link_of_a_lapsed_offer_says_so_and_offers_no_buttons(client, requester, langs):
    volunteer = make_volunteer("v@example.org", langs, [("en", "fr")])
    offer = ask(requester, langs).offers.get()
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(volunteer.user)

    page = client.get(reverse("translations:offer", kwargs={"token": services.offer_token(offer)}))

    assert page.status_code == 200
    assert "the offer has ended" in page.content.decode()
    assert 'value="accept"' not in page.content.decode()


def test_a_translator_delivers_a_checked_document_and_the_member_is_told(client, requester, langs):
    volunteer = make_volunteer("v@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    services.offer_accept(offer=request.offers.get(), actor=volunteer.user)
    url = reverse("translations:deliver", kwargs={"pk": request.pk})
    client.force_login(volunteer.user)

    bad = client.post(url, {"file": SimpleUploadedFile("done.pdf", b"MZ not a pdf")})
    assert bad.status_code == 400 and "Only PDF, DOCX, XLSX or ODT" in bad.content.decode()
    assert TranslationRequest.objects.get(pk=request.pk).status == "accepted"

    assert client.post(url, {"file": SimpleUploadedFile("done.pdf", PDF)}).status_code == 302
    request.refresh_from_db()
    assert request.status == "delivered" and request.translation
    assert (
        Email.objects.get(key=f"coaching.translation.delivered:{request.pk}").to == requester.email
    )


def test_only_the_translator_may_deliver(client, requester, langs):
    volunteer = make_volunteer("v@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    services.offer_accept(offer=request.offers.get(), actor=volunteer.user)
    client.force_login(requester)
    url = reverse("translations:deliver", kwargs={"pk": request.pk})

    assert client.post(url, {"file": SimpleUploadedFile("done.pdf", PDF)}).status_code == 403
    assert TranslationRequest.objects.get(pk=request.pk).status == "accepted"


# Who may download


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("requester", 200),
        ("translator", 200),
        ("staff", 200),
        ("offered_only", 404),
        ("other_member", 404),
        ("anonymous", 302),
    ],
)
def test_the_permission_matrix_of_the_documents_and_the_translation(
    client, requester, langs, login_with_mfa, who, status
):
    translator = make_volunteer("t@example.org", langs, [("en", "fr")])
    offered = make_volunteer("o@example.org", langs, [("en", "fr")], capacity=5)
    delivered = ask(requester, langs, documents=[("note.pdf", PDF)])
    services.offer_accept(offer=delivered.offers.get(), actor=translator.user)
    services.translation_deliver(request=delivered, actor=translator.user, name="x.pdf", data=PDF)
    waiting = ask(requester, langs, documents=[("other.pdf", PDF)])
    assert waiting.offers.get().volunteer == offered
    people = {
        "requester": requester,
        "translator": translator.user,
        "staff": StaffUserFactory(email="staff@ilo.example.org"),
        "offered_only": offered.user,
        "other_member": ApprovedMemberFactory(user__email="x@example.org").user,
    }
    if who == "staff":
        login_with_mfa(client, people[who])
    elif who != "anonymous":
        client.force_login(people[who])
    document = delivered.documents.get()
    urls = [
        reverse("translations:document", kwargs={"pk": document.pk}),
        reverse("translations:translation", kwargs={"pk": delivered.pk}),
    ]
    if who == "offered_only":
        urls.append(reverse("translations:document", kwargs={"pk": waiting.documents.get().pk}))

    for url in urls:
        response = client.get(url)
        assert response.status_code == status, url
        if status == 200:
            assert response["Cache-Control"] == "private, no-store"
            assert b"".join(response.streaming_content) == PDF


# Query budgets and languages


@pytest.mark.parametrize("count", [1, 6])
def test_my_requests_cost_the_same_queries_whatever_their_number(
    client, requester, langs, django_assert_max_num_queries, count
):
    volunteer = make_volunteer("v@example.org", langs, [("en", "fr")], capacity=10)
    for n in range(count):
        request = ask(requester, langs, documents=[(f"n{n}.pdf", PDF)])
        services.offer_accept(offer=request.offers.get(), actor=volunteer.user)
    client.force_login(requester)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("translations:requests")).status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_my_translation_work_costs_the_same_queries_whatever_its_size(
    client, requester, langs, django_assert_max_num_queries, count
):
    volunteer = make_volunteer("v@example.org", langs, [("en", "fr")], capacity=20)
    for n in range(count):
        accepted = ask(requester, langs, documents=[(f"n{n}.pdf", PDF)])
        services.offer_accept(offer=accepted.offers.get(), actor=volunteer.user)
        done = ask(requester, langs)
        services.offer_accept(offer=done.offers.get(), actor=volunteer.user)
        services.translation_deliver(request=done, actor=volunteer.user, name="d.pdf", data=PDF)
    for _n in range(count):
        other = ApprovedMemberFactory().user
        ask(other, langs, source="en", target="fr")  # offered to the volunteer, pending
    client.force_login(volunteer.user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("translations:work")).status_code == 200


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Mes demandes de traduction"), ("es", "Mis solicitudes de traducción")],
)
def test_the_pages_speak_french_and_spanish(client, requester, language, heading):
    client.force_login(requester)
    with translation.override(language):
        url = reverse("translations:requests")
    assert heading in client.get(url).content.decode()

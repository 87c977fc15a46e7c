"""Volunteer translators: matched by language pair and monthly capacity, offered one at a
time by signed link; taken requests and other people's links are refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from badges.models import BadgeAward, BadgeClass
from coaching.translations import services
from coaching.translations.models import LanguagePair, Offer, TranslationRequest, Volunteer
from taxonomy.models import Language
from tests.factories.members import ApprovedMemberFactory, UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def langs(db):
    return {
        code: Language.objects.get_or_create(code=code, defaults={"name_en": code})[0]
        for code in ("en", "fr", "es")
    }


def volunteer(email, langs, pairs, capacity=2):
    user = ApprovedMemberFactory(user__email=email).user
    v = Volunteer.objects.create(user=user, monthly_capacity=capacity)
    for source, target in pairs:
        LanguagePair.objects.create(volunteer=v, source=langs[source], target=langs[target])
    return v


@pytest.fixture
def requester(db):
    return ApprovedMemberFactory(user__email="requester@example.org").user


def ask(requester, langs, source="en", target="fr"):
    return services.translation_request_create(
        requester=requester, title="Budget narrative", source=langs[source], target=langs[target],
        deadline=timezone.localdate() + timedelta(days=10),
    )  # fmt: skip


def test_the_request_is_offered_to_one_volunteer_with_the_pair_and_capacity(requester, langs):
    volunteer("es-only@example.org", langs, [("en", "es")])
    full = volunteer("full@example.org", langs, [("en", "fr")], capacity=1)
    fits = volunteer("fits@example.org", langs, [("en", "fr")])
    earlier = ask(requester, langs)
    services.offer_accept(
        offer=earlier.offers.get(), actor=earlier.offers.get().volunteer.user
    )  # full takes one
    assert TranslationRequest.objects.get(pk=earlier.pk).translator == full

    request = ask(requester, langs)

    assert [o.volunteer for o in request.offers.all()] == [fits]


def test_a_decline_passes_the_offer_to_the_next_volunteer_and_then_to_staffs_list(requester, langs):
    first = volunteer("first@example.org", langs, [("en", "fr")])
    second = volunteer("second@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    services.offer_decline(offer=request.offers.get(volunteer=first), actor=first.user)
    services.offer_decline(offer=request.offers.get(volunteer=second), actor=second.user)

    assert list(request.offers.values_list("status", flat=True)) == ["declined", "declined"]
    assert list(services.untaken_before_deadline()) == [request]


def test_accepting_a_taken_request_or_someone_elses_offer_is_refused(client, requester, langs):
    first = volunteer("first@example.org", langs, [("en", "fr")])
    request = ask(requester, langs)
    offer = request.offers.get()
    intruder = UserFactory(email="intruder@example.org")
    client.force_login(intruder)
    url = reverse("translations:offer", kwargs={"token": services.offer_token(offer)})
    assert client.post(url, {"answer": "accept"}).status_code == 403
    assert Offer.objects.get(pk=offer.pk).status == "pending"

    client.force_login(first.user)
    assert client.post(url, {"answer": "accept"}).status_code == 302
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 409
    assert "already been taken" in response.content.decode()
    assert client.get(url.replace("offer/", "offer/x")).status_code == 404


def test_delivered_translations_count_for_the_volunteers_recognition(requester, langs):
    BadgeClass.objects.filter(slug="volunteer-translator").update(threshold=2)
    v = volunteer("v@example.org", langs, [("en", "fr")], capacity=5)
    for _ in range(2):
        request = ask(requester, langs)
        services.offer_accept(offer=request.offers.get(), actor=v.user)
        services.translation_deliver(request=request, actor=v.user, name="done.pdf", data=PDF)
    with pytest.raises(services.TranslationError):
        services.translation_deliver(request=request, actor=v.user, name="done.pdf", data=PDF)

    assert (
        BadgeAward.objects.filter(
            recipient=v.user, badge_class__slug="volunteer-translator"
        ).count()
        == 1
    )


def test_a_translation_with_a_deadline_in_the_past_is_refused(requester, langs):
    with pytest.raises(services.TranslationError, match="past"):
        services.translation_request_create(
            requester=requester, title="x", source=langs["en"], target=langs["fr"],
            deadline=timezone.localdate() - timedelta(days=1),
        )  # fmt: skip
    assert not TranslationRequest.objects.exists()

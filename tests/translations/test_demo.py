"""`seed_demo`'s volunteer translators: volunteers with pairs and a request at each state,
for member@example.org too; running it twice adds nothing."""

import io

import pytest

from coaching.translations.demo import seed
from coaching.translations.models import TranslationRequest, Volunteer
from tests.factories.members import ApprovedMemberFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_volunteers_and_a_request_at_each_state(langs):
    member = ApprovedMemberFactory(user__email="member@example.org").user
    for n in range(4):
        ApprovedMemberFactory(user__email=f"p{n}@example.org")

    seed(stdout=io.StringIO())
    seed(stdout=io.StringIO())

    assert Volunteer.objects.count() == 4 and Volunteer.objects.filter(user=member).exists()
    mine = TranslationRequest.objects.filter(requester=member)
    assert set(mine.values_list("status", flat=True)) == {
        "open",
        "accepted",
        "delivered",
        "cancelled",
    }
    assert mine.filter(unmatched_at__isnull=False).count() == 1
    assert mine.filter(offers__status="pending").count() == 1
    assert TranslationRequest.objects.filter(
        offers__volunteer__user=member, offers__status="pending"
    ).exists()
    assert TranslationRequest.objects.count() == 6

"""Signed-in people follow a category from a call's page in one click."""

import pytest

from funds.alerts.models import Alert
from taxonomy.models import SkillCategory
from tests.factories.funds import FundingCallFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def test_a_call_page_offers_to_follow_its_categories_and_one_post_creates_the_alert(client):
    rpl = SkillCategory.objects.get(slug="rpl-certification")
    call = FundingCallFactory(categories=[rpl])
    user = UserFactory()
    client.force_login(user)

    page = client.get(call.get_absolute_url())
    follow_url = f"/alerts/follow/{rpl.slug}/"
    assert f'action="{follow_url}"' in page.content.decode()

    response = client.post(follow_url, {"next": call.get_absolute_url()})

    assert response.status_code == 302
    assert Alert.objects.filter(user=user, categories=rpl).count() == 1


def test_anonymous_visitors_are_not_offered_to_follow(client):
    rpl = SkillCategory.objects.get(slug="rpl-certification")
    call = FundingCallFactory(categories=[rpl])

    page = client.get(call.get_absolute_url())

    assert "/alerts/follow/" not in page.content.decode()


def test_the_profile_page_offers_to_follow_the_members_own_categories(client):
    rpl = SkillCategory.objects.get(slug="rpl-certification")
    user = UserFactory()
    from members.services import profile_ensure

    profile_ensure(user=user).categories.set([rpl])
    client.force_login(user)

    page = client.get("/members/profile/").content.decode()

    assert f'action="/alerts/follow/{rpl.slug}/"' in page
    assert 'href="/alerts/preferences/"' in page

"""The main navigation marks the section people are in, and only that one: a profile or a
membership application is not the members directory."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories.funds import FundingCallFactory
from tests.factories.members import ApprovedMemberFactory, MemberProfileFactory

pytestmark = pytest.mark.django_db

CURRENT = re.compile(r'class="site-nav__link" href="([^"]+)" aria-current="page"')


def current_items(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return CURRENT.findall(response.content.decode())


def test_the_profile_and_application_pages_mark_no_main_section(client):
    client.force_login(MemberProfileFactory().user)

    assert current_items(client, reverse("members:profile-edit")) == []
    assert current_items(client, reverse("members:apply")) == []


def test_a_members_page_belongs_to_the_directory(client):
    profile = ApprovedMemberFactory()
    client.force_login(profile.user)

    assert current_items(client, reverse("members:member-detail", args=[profile.pk])) == ["/members/"]
    assert current_items(client, reverse("members:organizations")) == ["/members/organizations/"]


def test_a_calls_page_belongs_to_funding_calls_but_my_calls_to_the_account_menu(client):
    call = FundingCallFactory()
    client.force_login(MemberProfileFactory().user)

    assert current_items(client, call.get_absolute_url()) == ["/funds/"]
    assert current_items(client, reverse("funds:my-calls")) == []


def test_french_pages_mark_their_section_too(client):
    assert current_items(client, "/fr/funds/") == ["/fr/funds/"]
    assert current_items(client, "/fr/") == ["/fr/"]


def test_the_menu_button_controls_the_menu_and_starts_closed(client):
    html = client.get("/").content.decode()

    assert (
        '<button type="button" class="site-header__menu-button" aria-expanded="false" '
        'aria-controls="site-menu" data-disclosure hidden>'
    ) in html
    assert '<div class="site-header__menu" id="site-menu">' in html

"""A signed-in user's bookmarks ("my calls") and dismissals: services and views."""

from __future__ import annotations

import pytest

from funds.models import CallBookmark, CallDismissal
from funds.services import personal
from funds.services.personal import (
    call_bookmark_add,
    call_bookmark_remove,
    call_dismiss,
    call_undismiss,
)
from tests.factories.funds import CallBookmarkFactory, CallDismissalFactory, FundingCallFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def call():
    return FundingCallFactory(slug="youth-fund", title="Youth fund")


# --- services -------------------------------------------------------------------------------


def test_the_services_are_exported():
    assert set(personal.__all__) == {"call_bookmark_add", "call_bookmark_remove", "call_dismiss", "call_undismiss"}


def test_bookmarking_twice_keeps_one_bookmark(user, call):
    first = call_bookmark_add(user=user, call=call)
    second = call_bookmark_add(user=user, call=call)
    assert first.pk == second.pk
    assert CallBookmark.objects.filter(user=user, call=call).count() == 1


def test_removing_a_bookmark_is_idempotent(user, call):
    call_bookmark_add(user=user, call=call)
    assert call_bookmark_remove(user=user, call=call) is True
    assert call_bookmark_remove(user=user, call=call) is False
    assert not CallBookmark.objects.exists()


def test_dismissing_twice_keeps_one_dismissal_and_undo_is_idempotent(user, call):
    assert call_dismiss(user=user, call=call).pk == call_dismiss(user=user, call=call).pk
    assert CallDismissal.objects.count() == 1
    assert call_undismiss(user=user, call=call) is True
    assert call_undismiss(user=user, call=call) is False


def test_bookmarking_a_hidden_call_shows_it_again(user, call):
    call_dismiss(user=user, call=call)
    call_bookmark_add(user=user, call=call)
    assert not CallDismissal.objects.exists()


# --- views ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_saved(client, call):
    response = client.post("/funds/youth-fund/bookmark/", {"action": "add", "next": "/funds/?region=africa"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "region%3Dafrica" in response["Location"]
    assert not CallBookmark.objects.exists()
    response = client.post("/funds/youth-fund/dismiss/", {"action": "dismiss"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not CallDismissal.objects.exists()


def test_my_calls_needs_sign_in(client):
    response = client.get("/funds/mine/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_bookmark_and_dismiss_are_post_only(client, user, call):
    client.force_login(user)
    assert client.get("/funds/youth-fund/bookmark/").status_code == 405
    assert client.get("/funds/youth-fund/dismiss/").status_code == 405


def test_bookmark_needs_a_csrf_token(user, call):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    assert csrf_client.post("/funds/youth-fund/bookmark/", {"action": "add"}).status_code == 403
    assert not CallBookmark.objects.exists()


def test_saving_a_call_redirects_back_to_next(client, user, call):
    client.force_login(user)
    response = client.post("/funds/youth-fund/bookmark/", {"action": "add", "next": "/funds/?region=africa&page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/funds/?region=africa&page=2"
    assert CallBookmark.objects.filter(user=user, call=call).exists()
    client.post("/funds/youth-fund/bookmark/", {"action": "remove"})
    assert not CallBookmark.objects.exists()


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "http://testserver.evil.example/", "\\\\evil.example"],
)
def test_next_must_stay_on_this_site(client, user, call, next_url):
    client.force_login(user)
    response = client.post("/funds/youth-fund/bookmark/", {"action": "add", "next": next_url})
    assert response["Location"] == "/funds/youth-fund/"


def test_an_unknown_action_is_a_400(client, user, call):
    client.force_login(user)
    assert client.post("/funds/youth-fund/bookmark/", {"action": "explode"}).status_code == 400
    assert client.post("/funds/youth-fund/dismiss/", {}).status_code == 400


def test_unpublished_or_unknown_calls_cannot_be_bookmarked(client, user):
    FundingCallFactory(slug="draft-call", status="draft")
    client.force_login(user)
    assert client.post("/funds/draft-call/bookmark/", {"action": "add"}).status_code == 404
    assert client.post("/funds/nope/bookmark/", {"action": "add"}).status_code == 404


def test_my_calls_lists_my_bookmarks_with_deadlines(client, user, call):
    CallBookmarkFactory(user=user, call=call)
    client.force_login(user)
    html = client.get("/funds/mine/").content.decode()
    assert "Youth fund" in html
    assert "Deadline" in html
    assert 'href="/funds/youth-fund/calendar.ics"' in html


def test_another_users_bookmarks_are_invisible(client, user, call):
    other = UserFactory()
    CallBookmarkFactory(user=other, call=call)
    client.force_login(user)
    html = client.get("/funds/mine/").content.decode()
    assert "Youth fund" not in html
    assert "You have not saved any call yet" in html


def test_bookmarks_of_unpublished_calls_are_not_listed(client, user):
    CallBookmarkFactory(user=user, call=FundingCallFactory(title="Archived now", status="archived"))
    client.force_login(user)
    assert "Archived now" not in client.get("/funds/mine/").content.decode()


def test_dismissing_hides_the_call_and_offers_an_undo(client, user, call):
    FundingCallFactory(title="Other call")
    client.force_login(user)
    response = client.post("/funds/youth-fund/dismiss/", {"action": "dismiss", "next": "/funds/"}, follow=True)
    html = response.content.decode()
    assert "Other call" in html
    assert 'id="call-' + str(call.pk) + '-title"' not in html
    assert "You hid “Youth fund”." in html
    assert 'name="action" value="undo"' in html
    # The undo banner shows once.
    assert "You hid" not in client.get("/funds/").content.decode()
    client.post("/funds/youth-fund/dismiss/", {"action": "undo", "next": "/funds/"})
    assert "Youth fund" in client.get("/funds/").content.decode()


def test_hidden_calls_are_listed_on_my_calls_with_a_way_back(client, user, call):
    CallDismissalFactory(user=user, call=call)
    client.force_login(user)
    html = client.get("/funds/mine/").content.decode()
    assert "Calls you hid" in html and "Youth fund" in html and "Show again" in html

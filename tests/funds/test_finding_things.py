"""Finding and keeping calls: time left said without rounding down, a call's summary said
once, "Suggest a call" where people look, a link to share a search, the filter count for
phones, and My calls with its calendar links inside the cards and an undo for un-saving."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from funds.templatetags.funds_tags import time_left, time_left_text, without_summary
from tests.factories.funds import CallBookmarkFactory, FundingCallFactory
from tests.factories.members import ApprovedMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- Time left ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remaining", "said"),
    [
        (timedelta(days=1, hours=23, minutes=40), "1 day 23 hours"),
        (timedelta(days=2), "2 days"),
        (timedelta(days=6, hours=1), "6 days 1 hour"),
        (timedelta(hours=23, minutes=59), "23 hours"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(minutes=20), "less than an hour"),
        (timedelta(days=7, hours=20), "8 days"),
        (timedelta(days=30, hours=2), "30 days"),
        (timedelta(seconds=-1), ""),
    ],
)
def test_time_left_is_never_rounded_down_to_whole_days(remaining, said):
    assert time_left_text(remaining) == said


def test_rolling_calls_have_no_time_left():
    call = FundingCallFactory.build(is_rolling=True, deadline=None)

    assert time_left(call) == ""


def test_cards_and_call_pages_say_days_and_hours_for_the_last_days(client):
    call = FundingCallFactory(deadline=timezone.now() + timedelta(days=1, hours=23, minutes=30))

    listed = client.get(reverse("funds:call-list")).content.decode()
    detail = client.get(call.get_absolute_url()).content.decode()

    assert "1 day 23 hours left" in listed
    assert "1 day left" not in listed
    assert "<dd>1 day 23 hours</dd>" in detail


# --- A call's page --------------------------------------------------------------------------


def test_a_calls_summary_is_not_repeated_under_about_this_call(client):
    summary = "Grants for training providers that build apprenticeships with employers."
    call = FundingCallFactory(
        summary=summary, description=f"## About the call\n\n{summary}\n\n## Who can apply\n\nNGOs."
    )

    html = client.get(call.get_absolute_url()).content.decode()

    assert html.count(summary) == 2  # the meta description and the page's summary
    assert "About the call" not in html
    assert "Who can apply" in html


def test_a_description_that_does_not_repeat_the_summary_is_kept_whole():
    text = "## Background\n\nSomething else entirely."

    assert without_summary(text, "A summary.") == text


def test_members_are_invited_to_suggest_a_call_on_call_pages(client):
    call = FundingCallFactory()
    suggest = f'href="{reverse("funds:call-suggest")}"'

    assert suggest not in client.get(call.get_absolute_url()).content.decode()
    client.force_login(ApprovedMemberFactory().user)
    assert suggest in client.get(call.get_absolute_url()).content.decode()


# --- The catalogue -------------------------------------------------------------------------


def test_the_catalogue_links_to_suggest_a_call_and_to_this_search(client):
    FundingCallFactory()

    html = client.get(reverse("funds:call-list") + "?region=africa&rolling=1").content.decode()

    assert f'<a href="{reverse("funds:call-suggest")}">Suggest a call</a>' in html
    assert 'href="/funds/?region=africa&amp;rolling=1" data-copy-link' in html


def test_the_filter_button_counts_the_active_filters(client):
    FundingCallFactory()

    html = client.get(reverse("funds:call-list") + "?region=africa&rolling=1&q=skills").content.decode()

    assert 'aria-controls="call-filters" data-disclosure hidden>' in html
    assert "Filter<span data-filter-count> (3)</span>" in html
    assert 'data-active-filters="3"' in html


def test_without_filters_the_button_shows_no_count(client):
    html = client.get(reverse("funds:call-list")).content.decode()

    assert "Filter<span data-filter-count></span>" in html


# --- My calls ------------------------------------------------------------------------------


def test_my_calls_puts_each_calendar_link_inside_its_card(client):
    user = UserFactory()
    call = FundingCallFactory()
    CallBookmarkFactory(user=user, call=call)
    client.force_login(user)

    html = client.get(reverse("funds:my-calls")).content.decode()
    card = html[html.index('<article class="funds-card') : html.index("</article>")]

    assert reverse("funds:call-ics", args=[call.slug]) in card


def test_removing_a_call_from_my_calls_offers_to_undo(client):
    user = UserFactory()
    call = FundingCallFactory(title="Youth Skills Challenge")
    CallBookmarkFactory(user=user, call=call)
    client.force_login(user)
    my_calls = reverse("funds:my-calls")

    response = client.post(
        reverse("funds:call-bookmark", args=[call.slug]), {"action": "remove", "next": my_calls}, follow=True
    )

    html = response.content.decode()
    assert "“Youth Skills Challenge” was removed from My calls." in html
    assert "Undo: save it again" in html
    assert f'action="{reverse("funds:call-bookmark", args=[call.slug])}"' in html
    assert 'name="action" value="add"' in html

    client.post(reverse("funds:call-bookmark", args=[call.slug]), {"action": "add", "next": my_calls})
    html = client.get(my_calls).content.decode()
    assert "Youth Skills Challenge" in html
    assert "Undo: save it again" not in html


def test_the_undo_is_offered_once(client):
    user = UserFactory()
    call = FundingCallFactory()
    CallBookmarkFactory(user=user, call=call)
    client.force_login(user)
    my_calls = reverse("funds:my-calls")
    client.post(reverse("funds:call-bookmark", args=[call.slug]), {"action": "remove", "next": my_calls})

    assert "Undo: save it again" in client.get(my_calls).content.decode()
    assert "Undo: save it again" not in client.get(my_calls).content.decode()

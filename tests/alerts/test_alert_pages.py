"""Saving /funds/ selections as alerts, following categories, and managing one's alerts."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from funds.alerts.models import Alert, AlertInbox, Frequency
from funds.choices import Instrument
from tests.factories.alerts import AlertFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


CREATE = reverse("alerts:alert-create")


# --- From a /funds/ query string -------------------------------------------------------------


def test_the_create_form_is_prefilled_from_the_funds_query_string(signed_in, categories):
    slug = categories[0].slug
    response = signed_in.get(f"{CREATE}?category={slug}&region=africa&instrument=challenge&q=youth&amount_min=5000")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.is_valid()
    assert form.cleaned_data["category"] == [slug]
    assert form.cleaned_data["region"] == ["africa"]
    assert form.cleaned_data["amount_min"] == Decimal(5000)
    assert form["name"].value() == f"{categories[0].name} · Africa · Challenge / prize / competition · “youth”"
    content = response.content.decode()
    assert f'value="{slug}"' in content and "checked" in content
    assert "<legend>Which calls</legend>" in content


def test_unknown_and_list_only_parameters_are_ignored(signed_in):
    response = signed_in.get(f"{CREATE}?status=open&sort=newest&page=3&utm_source=mail&region=americas")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.is_valid() and form.cleaned_data["region"] == ["americas"]


def test_invalid_values_in_the_query_string_become_form_errors(signed_in):
    response = signed_in.get(f"{CREATE}?category=no-such-category&amount_min=abc&region=atlantis")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"category", "amount_min", "region"}
    assert "There is a problem" in response.content.decode()


def test_posting_the_form_saves_the_alert_with_normalised_criteria(signed_in, member, categories):
    query = f"category={categories[0].slug}&country=ke&instrument=challenge&instrument=fellowship&status=open&page=2"
    form = signed_in.get(f"{CREATE}?{query}").context["form"]
    data = {**dict(form.data.lists()), "name": "Kenya challenges", "frequency": Frequency.WEEKLY}
    response = signed_in.post(CREATE, data)
    assert response.status_code == 302 and response.url == reverse("alerts:alert-list")
    alert = Alert.objects.get(user=member)
    assert alert.name == "Kenya challenges" and alert.frequency == Frequency.WEEKLY
    assert list(alert.categories.all()) == [categories[0]]
    assert alert.countries == ["KE"]
    assert alert.instruments == [Instrument.CHALLENGE, Instrument.FELLOWSHIP]
    # The original query string (without paging) makes the "view these results" link.
    assert alert.query_string == f"category={categories[0].slug}&country=ke&instrument=challenge&instrument=fellowship&status=open"


def test_an_amount_minimum_above_the_maximum_is_refused(signed_in):
    response = signed_in.post(CREATE, {"name": "Big", "frequency": "daily", "amount_min": "9000", "amount_max": "10"})
    assert response.status_code == 400
    assert "amount_max" in response.context["form"].errors
    assert not Alert.objects.exists()


def test_editing_the_criteria_rebuilds_the_link_and_the_matching_signature(signed_in, member, categories):
    alert = AlertFactory(user=member, categories=[categories[0]], query_string=f"category={categories[0].slug}")
    url = reverse("alerts:alert-edit", args=[alert.pk])
    assert signed_in.get(url).status_code == 200
    response = signed_in.post(url, {
        "name": "Renamed", "frequency": "instant", "category": [categories[1].slug], "region": ["africa"],
        "q": "youth apprentice", "source_query": alert.query_string,
    })
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.name == "Renamed"
    assert list(alert.categories.all()) == [categories[1]]
    assert alert.query_string == f"q=youth+apprentice&category={categories[1].slug}&region=africa"
    assert alert.search_prefix == "youth:* & apprentice:*"


# --- Follow this category ---------------------------------------------------------------------


def test_following_a_category_creates_one_alert_and_reuses_it(signed_in, member, categories):
    url = reverse("alerts:category-follow", args=[categories[2].slug])
    first = signed_in.post(url)
    assert first.status_code == 302
    second = signed_in.post(url, {"next": "/funds/?category=x"})
    assert second.status_code == 302 and second.url == "/funds/?category=x"
    alert = Alert.objects.get(user=member)
    assert list(alert.categories.all()) == [categories[2]]
    assert alert.name == categories[2].name and alert.query_string == f"category={categories[2].slug}"


def test_following_a_category_resumes_a_paused_alert_for_it(signed_in, member, categories):
    alert = AlertFactory(user=member, categories=[categories[2]], paused=True)
    signed_in.post(reverse("alerts:category-follow", args=[categories[2].slug]))
    alert.refresh_from_db()
    assert not alert.paused and Alert.objects.filter(user=member).count() == 1


def test_the_follow_link_asks_for_confirmation_on_get(signed_in, categories):
    response = signed_in.get(reverse("alerts:category-follow", args=[categories[0].slug]))
    assert response.status_code == 200
    assert not Alert.objects.exists()
    assert "Follow this category" in response.content.decode()


def test_following_an_unknown_category_is_a_404(signed_in):
    assert signed_in.post(reverse("alerts:category-follow", args=["nope"])).status_code == 404


# --- The list, preview, pause and delete -----------------------------------------------------------


def test_the_list_shows_ones_own_alerts_only(signed_in, member):
    AlertFactory(user=member, name="Mine")
    AlertFactory(name="Someone else's")
    response = signed_in.get(reverse("alerts:alert-list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mine" in content and "Someone else" not in content


def test_the_preview_shows_the_next_email_and_open_calls_matching_now(signed_in, member, make_call, categories):
    alert = AlertFactory(user=member, frequency=Frequency.DAILY, categories=[categories[0]])
    waiting = make_call(title="Waiting in the digest", categories=[categories[0]])
    AlertInbox.objects.create(alert=alert, call_ids=[waiting.pk])
    make_call(title="Open and matching", categories=[categories[0]])
    make_call(title="Other category", categories=[categories[1]])
    response = signed_in.get(reverse("alerts:alert-preview", args=[alert.pk]))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [c.title for c in preview.next_email] == ["Waiting in the digest"]
    assert [c.title for c in preview.open_now] == ["Open and matching"]


def test_pausing_resuming_and_deleting_an_alert(signed_in, member):
    alert = AlertFactory(user=member)
    assert signed_in.post(reverse("alerts:alert-pause", args=[alert.pk])).status_code == 302
    alert.refresh_from_db()
    assert alert.paused
    signed_in.post(reverse("alerts:alert-resume", args=[alert.pk]))
    alert.refresh_from_db()
    assert not alert.paused
    assert signed_in.get(reverse("alerts:alert-delete", args=[alert.pk])).status_code == 200
    signed_in.post(reverse("alerts:alert-delete", args=[alert.pk]))
    assert not Alert.objects.filter(pk=alert.pk).exists()


def test_pausing_needs_a_post(signed_in, member):
    alert = AlertFactory(user=member)
    assert signed_in.get(reverse("alerts:alert-pause", args=[alert.pk])).status_code == 405


# --- Permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["alert-edit", "alert-preview", "alert-delete", "alert-pause", "alert-resume"])
def test_someone_elses_alert_does_not_exist(signed_in, name):
    other = AlertFactory()
    method = signed_in.post if name in {"alert-pause", "alert-resume"} else signed_in.get
    assert method(reverse(f"alerts:{name}", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert not other.paused


def test_someone_elses_alert_cannot_be_changed_or_deleted_by_post(signed_in):
    other = AlertFactory(name="Theirs")
    assert signed_in.post(reverse("alerts:alert-edit", args=[other.pk]), {"name": "Mine now", "frequency": "daily"}).status_code == 404
    assert signed_in.post(reverse("alerts:alert-delete", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.name == "Theirs"


@pytest.mark.parametrize(
    "url",
    [
        reverse("alerts:alert-list"),
        reverse("alerts:alert-create") + "?region=africa",
        reverse("alerts:alert-edit", args=[1]),
        reverse("alerts:alert-preview", args=[1]),
        reverse("alerts:preferences"),
        reverse("alerts:category-follow", args=["work-based-learning"]),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=" in response.url


# --- Components for the /funds/ page --------------------------------------------------------------


def test_the_save_alert_button_carries_the_current_query_string():
    request = RequestFactory().get("/funds/?category=rpl-certification&region=africa")
    html = render_to_string("alerts/components/save_alert_button.html", {"request": request})
    assert f'href="{CREATE}?category=rpl-certification&amp;region=africa"' in html
    assert "Email me new calls like these" in html


def test_the_follow_category_button_posts_to_the_follow_view(categories):
    html = render_to_string(
        "alerts/components/follow_category_button.html",
        {"category": categories[0], "csrf_token": "token123", "next": "/funds/"},
    )
    assert f'action="{reverse("alerts:category-follow", args=[categories[0].slug])}"' in html
    assert 'method="post"' in html and "token123" in html and 'value="/funds/"' in html


def test_every_valid_funds_filter_value_can_be_saved_as_an_alert(signed_in, member, settings):
    """What test_every_filter_value.py does for /funds/, for "Email me new calls like these"."""
    from tests.funds.test_every_filter_value import _every_filter_value

    settings.ALERTS_PER_USER_MAX = 10_000  # one person saves them all here
    saved = 0
    for name, value in _every_filter_value():
        if name == "country" and value not in ("KE", "SN", "BR"):
            continue
        query = urlencode({name: value})
        page = signed_in.get(f"{CREATE}?{query}")
        assert page.status_code == 200, (name, value, page.status_code)
        form = page.context["form"]
        data = {**dict(form.data.lists()), "name": f"{name}={value}", "frequency": Frequency.DAILY}
        response = signed_in.post(CREATE, data)
        assert response.status_code == 302, (name, value, response.status_code)
        saved += 1
    assert Alert.objects.filter(user=member).count() == saved

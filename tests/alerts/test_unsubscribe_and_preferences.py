"""One-click unsubscribe (RFC 8058) and the notification-preferences page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core.audit.models import AuditEntry
from funds.alerts import tokens
from funds.alerts.models import AlertInbox, NotificationPreferences
from tests.factories.alerts import AlertFactory, NotificationPreferencesFactory
from tests.factories.funds import FundingCallFactory

pytestmark = pytest.mark.django_db


def unsubscribe_url(token: str) -> str:
    return reverse("alerts:unsubscribe", kwargs={"token": token})


def alert_token(alert) -> str:
    return tokens.make_token(kind=tokens.KIND_ALERT, user_id=alert.user_id, alert_id=alert.pk)


@pytest.fixture
def mail_client():
    """A mail client's one-click POST: no cookies, no CSRF token."""
    return Client(enforce_csrf_checks=True)


def test_the_link_asks_for_confirmation_and_changes_nothing_on_get(client, member):
    alert = AlertFactory(user=member, name="Green jobs")
    response = client.get(unsubscribe_url(alert_token(alert)))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Stop receiving the alert “Green jobs”?" in content
    assert '<form method="post">' in content
    alert.refresh_from_db()
    assert not alert.paused


def test_a_one_click_post_without_csrf_or_session_unsubscribes_at_once(mail_client, member):
    alert = AlertFactory(user=member, name="Green jobs")
    AlertInbox.objects.create(alert=alert, call_ids=[FundingCallFactory().pk])
    response = mail_client.post(unsubscribe_url(alert_token(alert)), data="List-Unsubscribe=One-Click",
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    alert.refresh_from_db()
    assert alert.paused and alert.unsubscribed_at is not None
    assert not AlertInbox.objects.pending().filter(alert=alert).exists()
    assert AuditEntry.objects.filter(action="alerts.alert.unsubscribed", object_id=str(alert.pk)).exists()


def test_unsubscribing_twice_says_it_is_already_done(mail_client, member):
    alert = AlertFactory(user=member, name="Green jobs")
    url = unsubscribe_url(alert_token(alert))
    mail_client.post(url)
    again = mail_client.post(url)
    assert again.status_code == 200
    assert "Already unsubscribed" in again.content.decode()
    assert "Already unsubscribed" in mail_client.get(url).content.decode()
    assert AuditEntry.objects.filter(action="alerts.alert.unsubscribed").count() == 1


def test_the_link_of_a_deleted_alert_says_nothing_more_will_be_sent(mail_client, member):
    alert = AlertFactory(user=member)
    url = unsubscribe_url(alert_token(alert))
    alert.delete()
    response = mail_client.post(url)
    assert response.status_code == 200
    assert "This alert no longer exists" in response.content.decode()


def test_resuming_an_unsubscribed_alert_clears_the_unsubscription(client, member, mail_client):
    alert = AlertFactory(user=member)
    mail_client.post(unsubscribe_url(alert_token(alert)))
    client.force_login(member)
    client.post(reverse("alerts:alert-resume", args=[alert.pk]))
    alert.refresh_from_db()
    assert not alert.paused and alert.unsubscribed_at is None


@pytest.mark.parametrize(
    "kind, field",
    [(tokens.KIND_REMINDERS, "reminders_enabled"), (tokens.KIND_CHANGES, "change_notices_enabled")],
)
def test_reminder_and_change_notice_links_turn_that_kind_off(mail_client, member, kind, field):
    url = unsubscribe_url(tokens.make_token(kind=kind, user_id=member.pk))
    assert mail_client.post(url).status_code == 200
    prefs = NotificationPreferences.objects.get(user=member)
    assert getattr(prefs, field) is False
    other = "change_notices_enabled" if field == "reminders_enabled" else "reminders_enabled"
    assert getattr(prefs, other) is True
    assert "Already unsubscribed" in mail_client.post(url).content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_gets_a_clear_400_page(mail_client, member, method):
    alert = AlertFactory(user=member)
    token = alert_token(alert)
    tampered = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    response = getattr(mail_client, method)(unsubscribe_url(tampered))
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    alert.refresh_from_db()
    assert not alert.paused


def test_a_forged_token_is_refused(mail_client, member):
    from django.core import signing

    other_alert = AlertFactory()
    forged = [
        "not-a-token",
        signing.dumps({"u": member.pk, "a": other_alert.pk}, salt="some.other.purpose", compress=True),
        signing.dumps({"u": member.pk, "a": other_alert.pk}, key="not-our-secret", salt="funds.alerts.unsubscribe.alert"),
        tokens.make_token(kind=tokens.KIND_REMINDERS, user_id=member.pk) + "x",
    ]
    for token in forged:
        assert mail_client.post(unsubscribe_url(token)).status_code == 400, token
    other_alert.refresh_from_db()
    assert not other_alert.paused


def test_a_token_for_an_alert_names_its_owner_and_cannot_stop_someone_elses(mail_client, member):
    mine = AlertFactory(user=member)
    theirs = AlertFactory()
    token = tokens.make_token(kind=tokens.KIND_ALERT, user_id=member.pk, alert_id=theirs.pk)
    mail_client.post(unsubscribe_url(token))
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert not theirs.paused and not mine.paused


# --- Preferences -----------------------------------------------------------------------------


def test_the_preferences_page_shows_the_defaults_without_creating_a_row(client, member):
    client.force_login(member)
    response = client.get(reverse("alerts:preferences"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["reminders_enabled"].value() is True
    assert form["reminder_offsets"].value() == ["14", "3", "1"]
    assert form["digest_hour"].value() == 7
    assert not NotificationPreferences.objects.exists()


def test_saving_preferences_creates_them_lazily(client, member):
    client.force_login(member)
    response = client.post(reverse("alerts:preferences"), {
        "reminders_enabled": "on", "reminder_offsets": ["7", "1"], "digest_hour": "8",
    })
    assert response.status_code == 302
    prefs = NotificationPreferences.objects.get(user=member)
    assert prefs.offsets == [1, 7]
    assert prefs.change_notices_enabled is False
    assert prefs.digest_hour == 8


def test_reminders_on_without_a_day_is_a_form_error(client, member):
    client.force_login(member)
    response = client.post(reverse("alerts:preferences"), {"reminders_enabled": "on", "digest_hour": "7"})
    assert response.status_code == 400
    assert "reminder_offsets" in response.context["form"].errors


def test_an_existing_row_is_updated_in_place(client, member):
    NotificationPreferencesFactory(user=member, reminders_enabled=False)
    client.force_login(member)
    client.post(reverse("alerts:preferences"), {"reminders_enabled": "on", "reminder_offsets": ["30"], "digest_hour": "6"})
    assert NotificationPreferences.objects.get(user=member).offsets == [30]

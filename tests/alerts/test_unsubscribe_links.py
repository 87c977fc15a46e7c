"""Unsubscribe links are scoped to one alert (or one kind of notice of one person) and
revocable: revoking gives the alert (or the person's notices) a new nonce, and every link
sent before it stops working, with a clear page, never a 500."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail, signing
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from core.audit.models import AuditEntry
from funds.alerts import services, tokens
from funds.alerts.models import Alert, NotificationPreferences
from tests.factories.alerts import AlertFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_client():
    """A mail client's one-click POST: no cookies, no CSRF token."""
    return Client(enforce_csrf_checks=True)


def url_of(token: str) -> str:
    return reverse("alerts:unsubscribe", kwargs={"token": token})


def alert_link(alert: Alert) -> str:
    return url_of(tokens.make_token(kind=tokens.KIND_ALERT, user_id=alert.user_id, alert_id=alert.pk))


def legacy_alert_link(alert: Alert) -> str:
    """A link as emails carried it before links were revocable: no nonce."""
    token = signing.dumps({"u": alert.user_id, "a": alert.pk}, salt="funds.alerts.unsubscribe.alert", compress=True)
    return url_of(token)


def paused(alert: Alert) -> bool:
    alert.refresh_from_db()
    return alert.paused


# --- Scope -----------------------------------------------------------------------------------


def test_a_link_stops_its_own_alert_and_nothing_else(mail_client, member):
    mine, other = AlertFactory(user=member), AlertFactory(user=member)
    prefs = NotificationPreferences.objects.create(user=member)

    assert mail_client.post(alert_link(mine)).status_code == 200

    assert paused(mine)
    assert not paused(other)
    prefs.refresh_from_db()
    assert prefs.reminders_enabled and prefs.change_notices_enabled


def test_an_alert_link_carries_that_alerts_nonce_and_its_email_link_works(member, make_call, run_alerts, mail_client):
    alert = AlertFactory(user=member)
    make_call()
    run_alerts()
    url = mail.outbox[0].extra_headers["List-Unsubscribe"][1:-1]
    subscription = tokens.read_token(url.rstrip("/").rsplit("/", 1)[-1])

    assert subscription.nonce == alert.unsubscribe_nonce
    assert mail_client.post(url.removeprefix(settings.SITE_URL)).status_code == 200
    assert paused(alert)


def test_every_alert_gets_its_own_random_nonce(member):
    nonces = {AlertFactory(user=member).unsubscribe_nonce for _ in range(5)}
    assert len(nonces) == 5 and all(len(n) >= 16 for n in nonces)


@pytest.mark.parametrize(
    "payload",
    [{"u": 1, "a": 1, "n": 5}, {"u": 1, "a": 1, "n": ["x"]}, ["u", 1], "just text", {"u": "x", "a": 1}],
)
def test_a_signed_but_malformed_token_is_a_400_not_a_500(mail_client, payload):
    token = signing.dumps(payload, salt="funds.alerts.unsubscribe.alert", compress=True)
    response = mail_client.post(url_of(token))
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()


# --- Revoking one alert's links --------------------------------------------------------------


def test_revoking_an_alerts_links_makes_old_links_fail_and_new_ones_work(client, mail_client, member):
    alert = AlertFactory(user=member, name="Green jobs")
    old_link = alert_link(alert)
    client.force_login(member)

    response = client.post(reverse("alerts:alert-revoke-links", args=[alert.pk]))

    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.unsubscribe_links_revoked_at is not None
    for method in ("get", "post"):
        refused = getattr(mail_client, method)(old_link)
        assert refused.status_code == 400
        assert "This unsubscribe link no longer works" in refused.content.decode()
    assert not paused(alert)
    assert AuditEntry.objects.filter(
        action="alerts.alert.unsubscribe_links_revoked", object_id=str(alert.pk), actor=member
    ).exists()

    assert mail_client.post(alert_link(alert)).status_code == 200
    assert paused(alert)


def test_revoking_one_alerts_links_leaves_the_others_working(client, mail_client, member):
    revoked, kept = AlertFactory(user=member), AlertFactory(user=member)
    kept_link = alert_link(kept)
    client.force_login(member)

    client.post(reverse("alerts:alert-revoke-links", args=[revoked.pk]))

    assert mail_client.post(kept_link).status_code == 200
    assert paused(kept)


def test_the_alert_page_offers_to_revoke_its_links(client, member):
    alert = AlertFactory(user=member)
    client.force_login(member)

    page = client.get(reverse("alerts:alert-edit", args=[alert.pk])).content.decode()

    assert f'action="{reverse("alerts:alert-revoke-links", args=[alert.pk])}"' in page
    assert "Revoke old unsubscribe links" in page


def test_only_the_owner_may_revoke_and_only_by_post(client, member):
    theirs = AlertFactory()
    before = theirs.unsubscribe_nonce
    client.force_login(member)

    assert client.post(reverse("alerts:alert-revoke-links", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("alerts:alert-revoke-links", args=[AlertFactory(user=member).pk])).status_code == 405
    theirs.refresh_from_db()
    assert theirs.unsubscribe_nonce == before

    anonymous = Client()
    response = anonymous.post(reverse("alerts:alert-revoke-links", args=[theirs.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_links_from_before_nonces_work_until_the_alert_is_revoked(client, mail_client, member):
    alert = AlertFactory(user=member)
    assert mail_client.get(legacy_alert_link(alert)).status_code == 200

    services.alert_revoke_unsubscribe_links(alert=alert)

    assert mail_client.post(legacy_alert_link(alert)).status_code == 400
    assert not paused(alert)


def test_the_link_of_a_deleted_alert_stops_nothing_even_if_ids_were_reused(mail_client, member):
    alert = AlertFactory(user=member)
    link = alert_link(alert)
    pk = alert.pk
    alert.delete()
    # Another alert with the same id (a restored backup, say) has another nonce.
    reused = AlertFactory(user=member, pk=pk)

    response = mail_client.post(link)

    assert response.status_code == 400
    assert not paused(reused)


# --- Revoking all of a person's links --------------------------------------------------------


def test_revoking_from_the_preferences_page_stops_every_old_link(client, mail_client, member):
    first, second = AlertFactory(user=member), AlertFactory(user=member)
    old = [
        alert_link(first),
        alert_link(second),
        url_of(tokens.make_token(kind=tokens.KIND_REMINDERS, user_id=member.pk)),
        url_of(tokens.make_token(kind=tokens.KIND_CHANGES, user_id=member.pk)),
    ]
    someone_else = AlertFactory()
    their_link = alert_link(someone_else)
    client.force_login(member)

    page = client.get(reverse("alerts:preferences")).content.decode()
    assert f'action="{reverse("alerts:revoke-unsubscribe-links")}"' in page
    response = client.post(reverse("alerts:revoke-unsubscribe-links"), follow=True)

    assert "no longer work" in response.content.decode()
    for link in old:
        assert mail_client.post(link).status_code == 400, link
    assert not paused(first) and not paused(second)
    prefs = NotificationPreferences.objects.get(user=member)
    assert prefs.reminders_enabled and prefs.change_notices_enabled
    assert AuditEntry.objects.filter(action="alerts.unsubscribe_links.revoked", actor=member).count() == 1
    # Other people's links are untouched; new links work.
    assert mail_client.post(their_link).status_code == 200
    assert mail_client.post(url_of(tokens.make_token(kind=tokens.KIND_REMINDERS, user_id=member.pk))).status_code == 200
    prefs.refresh_from_db()
    assert prefs.reminders_enabled is False


def test_notice_links_made_before_any_revocation_keep_working(mail_client, member):
    """Links sent before nonces existed carry none; they read as the empty nonce that a
    person has until they first revoke."""
    token = signing.dumps({"u": member.pk}, salt="funds.alerts.unsubscribe.changes", compress=True)
    assert mail_client.post(url_of(token)).status_code == 200
    assert NotificationPreferences.objects.get(user=member).change_notices_enabled is False

    services.unsubscribe_links_revoke_all(user=member)

    assert mail_client.post(url_of(token)).status_code == 400


def test_revoking_needs_a_signed_in_post(client):
    assert client.get(reverse("alerts:revoke-unsubscribe-links")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("alerts:revoke-unsubscribe-links")).status_code == 405


# --- Migration -------------------------------------------------------------------------------


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_alerts_get_a_nonce_each_and_their_old_links_keep_working(mail_client):
    old_apps = _migrate([("alerts", "0002_inbox_and_deliveries")])
    try:
        user = UserFactory()
        OldAlert = old_apps.get_model("alerts", "Alert")
        pks = [OldAlert.objects.create(user_id=user.pk, name=f"Alert {n}", frequency="daily").pk for n in range(3)]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    alerts = list(Alert.objects.filter(pk__in=pks))
    nonces = {a.unsubscribe_nonce for a in alerts}
    assert len(nonces) == 3 and "" not in nonces
    assert all(a.unsubscribe_links_revoked_at is None for a in alerts)
    assert mail_client.post(legacy_alert_link(alerts[0])).status_code == 200
    assert paused(alerts[0])

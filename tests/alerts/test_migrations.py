"""Upgrading a database that has per-pair AlertMatch rows (alerts 0001) to the inbox and
deliveries of alerts 0002: what was sent stays sent, what was waiting still waits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from funds.alerts.models import Alert, AlertDelivery, AlertInbox
from funds.alerts.selectors import waiting_calls
from tests.factories.funds import FundingCallFactory
from tests.factories.members import UserFactory

pytestmark = [
    pytest.mark.postgres,
    # The test moves the schema back and forth; the rows seeded by migrations come back after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _migrate(target: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_sent_matches_become_deliveries_and_pending_ones_wait_in_the_inbox():
    old_apps = _migrate([("alerts", "0001_initial")])
    try:
        user = UserFactory()
        sent, waiting, skipped, later = (FundingCallFactory() for _ in range(4))
        OldAlert = old_apps.get_model("alerts", "Alert")
        OldMatch = old_apps.get_model("alerts", "AlertMatch")
        alert = OldAlert.objects.create(
            user_id=user.pk, name="Everything", frequency="daily", created_at=datetime(2025, 1, 1, tzinfo=UTC)
        )
        OldMatch.objects.create(alert_id=alert.pk, call_id=sent.pk, state="sent")
        OldMatch.objects.create(alert_id=alert.pk, call_id=skipped.pk, state="skipped")
        OldMatch.objects.create(alert_id=alert.pk, call_id=waiting.pk, state="pending")
        OldMatch.objects.create(alert_id=alert.pk, call_id=later.pk, state="pending")
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert list(AlertDelivery.objects.values_list("alert_id", "call_id")) == [(alert.pk, sent.pk)]
    inbox = AlertInbox.objects.get()
    assert (inbox.alert_id, inbox.call_ids, inbox.state) == (alert.pk, [waiting.pk, later.pk], AlertInbox.State.PENDING)
    assert waiting_calls([Alert.objects.get(pk=alert.pk)]) == {alert.pk: [waiting.pk, later.pk]}

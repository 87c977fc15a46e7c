"""One audit trail: registered codes only, one row per state change with its field
changes, the call's history read from it, and the migration that merged CallRevision in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.audit.models import AuditEntry
from core.audit.registry import check_action, register_actions
from core.audit.selectors import history_for
from core.audit.services import log_action
from funds.models import FundingCall
from funds.services.curation import call_archive, call_publish, call_update
from tests.factories.funds import FundingCallFactory, SuggestedCallFactory
from tests.factories.members import StaffUserFactory

pytestmark = pytest.mark.django_db


# --- The registry ----------------------------------------------------------------------


def test_an_unknown_code_is_refused_and_writes_nothing():
    call = FundingCallFactory()

    for code in ("funds.call.teleported", "published", "call.published"):
        with pytest.raises(ValueError, match="Unknown audit action"):
            log_action(obj=call, action=code, actor=None)

    assert not AuditEntry.objects.exists()


def test_codes_are_namespaced_by_the_app_that_registers_them():
    for namespace, code in [("funds", "funds.call"), ("funds", "members.profile.updated"), ("funds", "funds.Call.x")]:
        with pytest.raises(ValueError):
            register_actions(namespace, {code: "label"})
    # Every app's codes are registered at start-up, the outbox's included.
    for code in ("funds.call.published", "members.membership.approved", "members.organization.approved", "outbox.email.resent"):
        assert check_action(code) == code


# --- One row per state change, read back as the call's history -------------------------


def test_each_state_change_leaves_one_row_with_its_field_changes():
    staff = StaffUserFactory()
    call = SuggestedCallFactory(title="Old title")

    call_update(call=call, data={"title": "New title"}, actor=staff)
    call_publish(call=call, actor=staff)
    call_archive(call=call, actor=staff)

    rows = list(history_for(call))
    assert [r.action for r in rows] == ["funds.call.updated", "funds.call.published", "funds.call.archived"]
    assert rows[0].changes == {"title": ["Old title", "New title"]}
    assert rows[1].changes["status"] == ["pending", "published"]
    assert rows[2].changes == {"status": ["published", "archived"]}
    assert {r.actor for r in rows} == {staff}
    # Nothing else was written about the call: no second trail.
    call_type = ContentType.objects.get_for_model(FundingCall)
    assert AuditEntry.objects.filter(content_type=call_type, object_id=str(call.pk)).count() == 3


def test_an_anonymous_actor_is_recorded_as_nobody():
    from django.contrib.auth.models import AnonymousUser

    entry = log_action(obj=FundingCallFactory(), action="funds.call.verified", actor=AnonymousUser())

    assert entry.actor is None and entry.changes == {} and entry.data == {}


# --- The migration -----------------------------------------------------------------------


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state([node for node in target if node[1] is not None]).apps


def test_the_migration_keeps_audit_rows_and_merges_the_call_history_in():
    with connection.cursor() as cursor:
        # Rows inserted below would otherwise leave deferred FK checks that block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    old = _migrate([("audit", None), ("funds", "0005_clean_text_fields"), ("members", "0005_organization_review")])
    try:
        OldEntry = old.get_model("members", "AuditEntry")
        OldRevision = old.get_model("funds", "CallRevision")
        ContentTypeOld = old.get_model("contenttypes", "ContentType")
        call_type = ContentTypeOld.objects.get_or_create(app_label="funds", model="fundingcall")[0]
        org_type = ContentTypeOld.objects.get_or_create(app_label="members", model="organization")[0]
        user = old.get_model("members", "User").objects.create(email="curator@example.org")
        call = FundingCallFactory(title="Kept call")
        when = timezone.now() - timedelta(days=3)
        approved = OldEntry.objects.create(
            actor_id=user.pk, action="organization.approved", content_type=org_type, object_id="7", object_repr="Org"
        )
        # A state change written twice (revision + audit row), an edit written once, and a
        # report decision whose audit row lives on the report.
        twin = OldEntry.objects.create(
            actor_id=user.pk, action="funds.call.status-changed", content_type=call_type,
            object_id=str(call.pk), object_repr="Kept call", data={"from": "draft"}, created_at=when,
        )
        OldRevision.objects.create(
            call_id=call.pk, actor_id=user.pk, action="status-changed", changes={"status": ["draft", "pending"]},
            created_at=when + timedelta(seconds=1),
        )
        OldRevision.objects.create(
            call_id=call.pk, actor_id=None, action="updated", changes={"title": ["Old", "Kept call"]},
            created_at=when + timedelta(hours=1),
        )
        OldRevision.objects.create(call_id=call.pk, action="report-resolved", changes={"report": [1, "resolved"]})
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert AuditEntry.objects.get(pk=approved.pk).action == "members.organization.approved"
    history = list(history_for(call))
    assert [(r.action, r.changes) for r in history] == [
        ("funds.call.status_changed", {"status": ["draft", "pending"]}),
        ("funds.call.updated", {"title": ["Old", "Kept call"]}),
    ]
    assert history[0].pk == twin.pk and history[0].data == {"from": "draft"}
    assert history[0].actor_id == user.pk
    assert ContentType.objects.get_for_model(AuditEntry).app_label == "audit"

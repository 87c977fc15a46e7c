"""Migration 0005 brings the existing, curated data over to organization reviews: what
was public stays public, every affiliation stays confirmed, and it can be reversed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db

BEFORE = [("members", "0004_organization_created_by")]
AFTER = [("members", "0005_organization_review")]


def test_the_migration_keeps_listed_organizations_public_and_affiliations_confirmed():
    with connection.cursor() as cursor:
        # Rows inserted below would otherwise leave deferred FK checks that block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldOrganization = old.get_model("members", "Organization")
    listed = OldOrganization.objects.create(
        name="Curated Org", slug="curated-org", type="ngo", country="KE", is_approved=True
    )
    waiting = OldOrganization.objects.create(
        name="Waiting Org", slug="waiting-org", type="ngo", country="KE", is_approved=False
    )
    user = old.get_model("members", "User").objects.create(email="old@example.org")
    old.get_model("members", "MemberProfile").objects.create(user=user, organization=listed)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    NewOrganization = new.get_model("members", "Organization")
    assert NewOrganization.objects.get(pk=listed.pk).review_status == "approved"
    assert NewOrganization.objects.get(pk=listed.pk).reviewed_at is not None
    assert NewOrganization.objects.get(pk=waiting.pk).review_status == "pending"
    profile = new.get_model("members", "MemberProfile").objects.get(user_id=user.pk)
    assert (profile.organization_id, profile.requested_organization_id) == (listed.pk, None)

    # And back: the flag comes back from the review.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps.get_model("members", "Organization")
    assert back.objects.get(pk=listed.pk).is_approved is True
    assert back.objects.get(pk=waiting.pk).is_approved is False
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

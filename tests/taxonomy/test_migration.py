"""Upgrading a database from before the taxonomy app (skills categories, expertise and
languages in members) moves nothing on disk: the rows, the tables and their names, every
profile's, organization's, call's and alert's links, and the content types (so staff
permissions and audit entries) stay as they were, now under the taxonomy app."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from funds.alerts.models import Alert
from funds.models import FundingCall
from members.models import MemberProfile, Organization
from taxonomy.models import Expertise, Language, SkillCategory
from tests.factories.funds import FundingCallFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

BEFORE = [
    ("members", "0005_organization_review"),
    ("funds", "0005_clean_text_fields"),
    ("alerts", "0003_unsubscribe_nonces"),
    ("taxonomy", None),
    ("audit", None),  # the audit trail moved to core later: AuditEntry still lives in members
]
AFTER = [
    ("members", "0007_taxonomy_moved_out"),
    ("funds", "0006_taxonomy_fields"),
    ("alerts", "0004_taxonomy_fields"),
    ("taxonomy", "0002_move_content_types"),
]
TABLES = {
    "members_skillcategory",
    "members_expertise",
    "members_language",
    "members_memberprofile_categories",
    "members_memberprofile_expertise",
    "members_memberprofile_languages",
    "members_organization_project_languages",
    "funds_fundingcall_categories",
    "funds_fundingcall_languages",
    "alerts_alert_categories",
}


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return MigrationExecutor(connection).loader.project_state([n for n in target if n[1]]).apps


@pytest.fixture
def old():
    with connection.cursor() as cursor:
        # Rows inserted below would otherwise leave deferred FK checks behind.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    apps = _migrate(BEFORE)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_going_back_gives_the_models_and_their_content_types_back_to_members(old):
    assert old.get_model("members", "SkillCategory")._meta.db_table == "members_skillcategory"
    with pytest.raises(LookupError):
        old.get_model("taxonomy", "SkillCategory")
    OldContentType = old.get_model("contenttypes", "ContentType")
    assert set(OldContentType.objects.filter(model__in=["skillcategory", "expertise", "language"])
               .values_list("app_label", flat=True)) == {"members"}


def test_upgrading_keeps_the_taxonomy_rows_their_links_tables_and_content_types(old):
    category = old.get_model("members", "SkillCategory").objects.create(slug="green-skills", name_en="Green skills")
    language = old.get_model("members", "Language").objects.create(code="zz", name_en="Zedish", name_fr="Zédois")
    expertise = old.get_model("members", "Expertise").objects.create(slug="tvet-reform", name_en="TVET reform")
    user = old.get_model("members", "User").objects.create(email="old@example.org")
    organization = old.get_model("members", "Organization").objects.create(
        name="Old Org", slug="old-org", type="ngo", country="KE", review_status="approved"
    )
    organization.project_languages.add(language)
    profile = old.get_model("members", "MemberProfile").objects.create(user=user, organization=organization)
    profile.categories.add(category)
    profile.languages.add(language)
    profile.expertise.add(expertise)
    call = old.get_model("funds", "FundingCall").objects.get(pk=FundingCallFactory().pk)
    call.categories.add(category)
    call.languages.add(language)
    alert = old.get_model("alerts", "Alert").objects.create(user=user, name="Green", frequency="daily")
    alert.categories.add(category)
    OldContentType = old.get_model("contenttypes", "ContentType")
    category_type = OldContentType.objects.get(app_label="members", model="skillcategory")
    entry = old.get_model("members", "AuditEntry").objects.create(
        action="taxonomy.changed", content_type=category_type, object_id=str(category.pk), object_repr="Green skills"
    )
    staff_permissions = set(Group.objects.get(name="ILO staff").permissions.values_list("pk", flat=True))

    new = _migrate(AFTER)

    with pytest.raises(LookupError):
        new.get_model("members", "SkillCategory")
    assert set(connection.introspection.table_names()) >= TABLES
    assert not [t for t in connection.introspection.table_names() if t.startswith("taxonomy_")]
    taxonomy_models = (SkillCategory, Expertise, Language)
    links = [
        f.remote_field.through._meta.db_table
        for model in (MemberProfile, Organization, FundingCall, Alert)
        for f in model._meta.many_to_many
        if f.related_model in taxonomy_models
    ]
    assert {m._meta.db_table for m in taxonomy_models} | set(links) == TABLES

    assert SkillCategory.objects.get(pk=category.pk).slug == "green-skills"
    assert Language.objects.get(pk=language.pk).name_fr == "Zédois"
    assert Expertise.objects.get(pk=expertise.pk).slug == "tvet-reform"
    upgraded = MemberProfile.objects.get(pk=profile.pk)
    assert [c.pk for c in upgraded.categories.all()] == [category.pk]
    assert [x.pk for x in upgraded.languages.all()] == [language.pk]
    assert [x.pk for x in upgraded.expertise.all()] == [expertise.pk]
    assert [x.pk for x in Organization.objects.get(pk=organization.pk).project_languages.all()] == [language.pk]
    assert [c.pk for c in FundingCall.objects.get(pk=call.pk).categories.all()] == [category.pk]
    assert [x.pk for x in FundingCall.objects.get(pk=call.pk).languages.all()] == [language.pk]
    assert [c.pk for c in Alert.objects.get(pk=alert.pk).categories.all()] == [category.pk]
    assert set(SkillCategory.objects.get(pk=category.pk).funding_calls.values_list("pk", flat=True)) == {call.pk}

    # The same content type row, now under taxonomy: the audit entry and the staff role's
    # permissions still point at the skills category.
    moved = ContentType.objects.get_for_model(SkillCategory)
    assert (moved.pk, moved.app_label) == (category_type.pk, "taxonomy")
    assert new.get_model("members", "AuditEntry").objects.get(pk=entry.pk).content_type_id == moved.pk
    assert moved.get_object_for_this_type(pk=int(entry.object_id)).slug == "green-skills"
    assert set(Group.objects.get(name="ILO staff").permissions.values_list("pk", flat=True)) == staff_permissions
    assert Permission.objects.get(content_type=moved, codename="change_skillcategory")
    assert not ContentType.objects.filter(app_label="members", model__in=["skillcategory", "expertise", "language"])

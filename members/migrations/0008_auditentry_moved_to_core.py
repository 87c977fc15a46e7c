"""AuditEntry now lives in core.audit (same table, see audit 0001): drop it from members'
state only, and rename the members' action codes to <app>.<entity>.<verb>."""

from django.db import migrations

RENAMES = {
    "membership.applied": "members.membership.applied",
    "membership.approved": "members.membership.approved",
    "membership.declined": "members.membership.declined",
    "organization.created": "members.organization.created",
    "organization.updated": "members.organization.updated",
    "organization.approved": "members.organization.approved",
    "organization.rejected": "members.organization.rejected",
    "organization.admin_changed": "members.organization.admin_changed",
    "profile.updated": "members.profile.updated",
    "profile.admin_changed": "members.profile.admin_changed",
    "profile.role_set": "members.profile.role_set",
    "profile.join_requested": "members.profile.join_requested",
    "profile.join_confirmed": "members.profile.join_confirmed",
    "profile.join_declined": "members.profile.join_declined",
    "user.admin_created": "members.user.admin_created",
    "user.admin_changed": "members.user.admin_changed",
}


def rename(apps, schema_editor, mapping=RENAMES):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for old, new in mapping.items():
        AuditEntry.objects.filter(action=old).update(action=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0007_taxonomy_moved_out"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
            database_operations=[],
        ),
        migrations.RunPython(rename, rename_back),
    ]

"""The audit trail moves from members to core: the model's state is created here on the
existing table members_auditentry (no database change), members drops it from its state
(members 0006), and the content type row is renamed so the permissions granted on it
(and the admin's history) follow the model."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    # A row created for the new label before this ran (post_migrate on a fresh app) would
    # block the rename: the old row carries the permissions, so it wins.
    old = ContentType.objects.filter(app_label="members", model="auditentry").first()
    if old is None:
        return
    ContentType.objects.filter(app_label="audit", model="auditentry").exclude(pk=old.pk).delete()
    old.app_label = "audit"
    old.save(update_fields=["app_label"])


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="audit", model="auditentry").update(app_label="members")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0005_organization_review"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.CharField(db_index=True, max_length=64, verbose_name="action")),
                        ("object_id", models.CharField(max_length=64)),
                        ("object_repr", models.CharField(max_length=200)),
                        ("data", models.JSONField(blank=True, default=dict)),
                        ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype")),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit trail",
                        "ordering": ["-created_at"],
                        "db_table": "members_auditentry",
                        "indexes": [models.Index(fields=["content_type", "object_id"], name="members_aud_content_2eaef5_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]

"""The content types of the moved models change app label (members -> taxonomy) in place,
so the permissions, audit entries and admin log entries that point at them keep pointing
right, and the staff role's permissions are the same rows as before.

On a new database there is nothing to move: the content types are created afterwards, by
post_migrate, already under taxonomy. If one already exists under taxonomy (created by a
migrate run between the two steps), the old row is left alone rather than merged.
"""

from django.db import migrations

MODELS = ("skillcategory", "expertise", "language")


def _move(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label=target, model__in=MODELS).values_list("model", flat=True))
    ContentType.objects.filter(app_label=source, model__in=set(MODELS) - taken).update(app_label=target)
    # The real manager caches content types by app label and model; drop what it holds.
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    CurrentContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move(apps, "members", "taxonomy")


def backwards(apps, schema_editor):
    _move(apps, "taxonomy", "members")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""One audit trail: a call's change history moves from CallRevision into core.audit's
AuditEntry, and the funds' action codes become <app>.<entity>.<verb>.

Until now each editorial state change wrote a CallRevision (with the field changes) *and*
an AuditEntry (without them). Each revision is merged into its twin audit row (same call,
matching code, same actor, written within a few seconds) by giving that row the changes;
a revision without a twin (an edit, or a change made before the twin existed) becomes a
row of its own. "report-*" revisions are dropped: the report's own audit row records the
decision. Then CallRevision goes."""

from datetime import timedelta

from django.db import migrations

# CallRevision.action -> the AuditEntry code.
REVISION_ACTIONS = {
    "created": "funds.call.created",
    "updated": "funds.call.updated",
    "published": "funds.call.published",
    "rejected": "funds.call.rejected",
    "archived": "funds.call.archived",
    "status-changed": "funds.call.status_changed",
    "verified": "funds.call.verified",
}
# AuditEntry codes renamed in place.
RENAMES = {"funds.call.status-changed": "funds.call.status_changed"}
TWIN_WINDOW = timedelta(seconds=5)


def forward(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    CallRevision = apps.get_model("funds", "CallRevision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new in RENAMES.items():
        AuditEntry.objects.filter(action=old).update(action=new)
    call_type, _created = ContentType.objects.get_or_create(app_label="funds", model="fundingcall")
    used: set[int] = set()
    new_rows = []
    for revision in CallRevision.objects.select_related("call").order_by("created_at", "pk").iterator():
        action = REVISION_ACTIONS.get(revision.action)
        if action is None:
            continue  # report-resolved / report-dismissed: the report's row has it
        twin = (
            AuditEntry.objects.filter(
                content_type=call_type,
                object_id=str(revision.call_id),
                action=action,
                actor_id=revision.actor_id,
                created_at__gte=revision.created_at - TWIN_WINDOW,
                created_at__lte=revision.created_at + TWIN_WINDOW,
            )
            .exclude(pk__in=used)
            .order_by("created_at", "pk")
            .first()
        )
        if twin is not None:
            used.add(twin.pk)
            twin.changes = revision.changes or {}
            twin.save(update_fields=["changes"])
            continue
        new_rows.append(
            AuditEntry(
                actor_id=revision.actor_id,
                action=action,
                content_type=call_type,
                object_id=str(revision.call_id),
                object_repr=str(revision.call.title)[:200],
                changes=revision.changes or {},
                created_at=revision.created_at,
            )
        )
    AuditEntry.objects.bulk_create(new_rows, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("funds", "0006_taxonomy_fields"),
        ("audit", "0002_changes_and_history_index"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(name="CallRevision"),
    ]

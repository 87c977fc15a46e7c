"""Revocable unsubscribe links: a nonce per alert (and per person for notices) signed into
each link (funds/alerts/tokens.py).

Each existing alert gets its own random nonce here: a callable default in AddField is
evaluated once, which would give every existing row the same value. Links already sent
carry no nonce and keep working until the alert's links are first revoked
(`unsubscribe_links_revoked_at`). Notification preferences start with an empty nonce,
which is what links sent so far are read as.
"""

import secrets

from django.db import migrations, models

import funds.alerts.models

BATCH = 2000


def give_each_alert_a_nonce(apps, schema_editor):
    Alert = apps.get_model("alerts", "Alert")
    pks = list(Alert.objects.filter(unsubscribe_nonce="").order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        alerts = [Alert(pk=pk, unsubscribe_nonce=secrets.token_urlsafe(12)) for pk in pks[start : start + BATCH]]
        Alert.objects.bulk_update(alerts, ["unsubscribe_nonce"])


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_inbox_and_deliveries"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="unsubscribe_links_revoked_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="unsubscribe links revoked"
            ),
        ),
        migrations.AddField(
            model_name="alert",
            name="unsubscribe_nonce",
            field=models.CharField(default="", editable=False, max_length=32),
        ),
        migrations.RunPython(give_each_alert_a_nonce, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="alert",
            name="unsubscribe_nonce",
            field=models.CharField(
                default=funds.alerts.models.new_unsubscribe_nonce, editable=False, max_length=32
            ),
        ),
        migrations.AddField(
            model_name="notificationpreferences",
            name="unsubscribe_nonce",
            field=models.CharField(blank=True, default="", editable=False, max_length=32),
        ),
    ]

"""Alerts point at the taxonomy app's skills categories (taxonomy 0001), in state only: the
many-to-many table (alerts_alert_categories) stays as it is."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alerts", "0003_unsubscribe_nonces"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="alert",
                    name="categories",
                    field=models.ManyToManyField(blank=True, related_name="call_alerts", to="taxonomy.skillcategory", verbose_name="skills categories"),
                ),
            ],
        ),
    ]

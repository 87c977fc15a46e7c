"""Calls point at the taxonomy app's models (taxonomy 0001), in state only: the
many-to-many tables (named after FundingCall's fields, so unchanged) stay as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("funds", "0005_clean_text_fields"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="fundingcall",
                    name="categories",
                    field=models.ManyToManyField(blank=True, related_name="funding_calls", to="taxonomy.skillcategory", verbose_name="skills categories"),
                ),
                migrations.AlterField(
                    model_name="fundingcall",
                    name="languages",
                    field=models.ManyToManyField(blank=True, related_name="funding_calls", to="taxonomy.language", verbose_name="application languages"),
                ),
            ],
        ),
    ]

"""Profiles and organizations point at the taxonomy app's models (taxonomy 0001), in state
only: the tables, the many-to-many tables (named after the field's own model, so
unchanged) and their columns stay as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0005_organization_review"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="organization",
                    name="project_languages",
                    field=models.ManyToManyField(blank=True, related_name="+", to="taxonomy.language", verbose_name="project languages"),
                ),
                migrations.AlterField(
                    model_name="memberprofile",
                    name="categories",
                    field=models.ManyToManyField(blank=True, related_name="members", to="taxonomy.skillcategory", verbose_name="skills categories"),
                ),
                migrations.AlterField(
                    model_name="memberprofile",
                    name="expertise",
                    field=models.ManyToManyField(blank=True, related_name="members", to="taxonomy.expertise", verbose_name="technical expertise"),
                ),
                migrations.AlterField(
                    model_name="memberprofile",
                    name="languages",
                    field=models.ManyToManyField(blank=True, related_name="speakers", to="taxonomy.language", verbose_name="languages spoken"),
                ),
            ],
        ),
    ]

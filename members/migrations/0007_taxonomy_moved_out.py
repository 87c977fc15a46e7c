"""members forgets SkillCategory, Expertise and Language, in state only: taxonomy owns them
(and their tables) since taxonomy 0001. Comes after every field pointing at them has been
re-pointed to taxonomy (members 0006, funds 0006, alerts 0004)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0006_taxonomy_fields"),
        ("funds", "0006_taxonomy_fields"),
        ("alerts", "0004_taxonomy_fields"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="SkillCategory"),
                migrations.DeleteModel(name="Expertise"),
                migrations.DeleteModel(name="Language"),
            ],
        ),
    ]

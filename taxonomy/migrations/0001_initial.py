"""Skills categories, technical expertise and languages move here from members, in state
only: their tables were created by members 0001 and keep their names (members_skillcategory,
members_expertise, members_language). The foreign keys and many-to-many fields pointing at
them are re-pointed, again in state only, by members 0006, funds 0006 and alerts 0004; then
members 0007 forgets its own copies. taxonomy 0002 moves their content types.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("members", "0005_organization_review"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Expertise',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_en', models.CharField(max_length=120, verbose_name='name (English)')),
                        ('name_fr', models.CharField(blank=True, max_length=120, verbose_name='name (French)')),
                        ('name_es', models.CharField(blank=True, max_length=120, verbose_name='name (Spanish)')),
                        ('description_en', models.TextField(blank=True, verbose_name='description (English)')),
                        ('description_fr', models.TextField(blank=True, verbose_name='description (French)')),
                        ('description_es', models.TextField(blank=True, verbose_name='description (Spanish)')),
                        ('slug', models.SlugField(unique=True)),
                    ],
                    options={
                        'db_table': 'members_expertise',
                        'verbose_name': 'technical expertise',
                        'verbose_name_plural': 'technical expertise',
                        'ordering': ['name_en'],
                    },
                ),
                migrations.CreateModel(
                    name='Language',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=8, unique=True, verbose_name='code')),
                        ('name_en', models.CharField(max_length=60, verbose_name='name (English)')),
                        ('name_fr', models.CharField(blank=True, max_length=60, verbose_name='name (French)')),
                        ('name_es', models.CharField(blank=True, max_length=60, verbose_name='name (Spanish)')),
                    ],
                    options={
                        'db_table': 'members_language',
                        'verbose_name': 'language',
                        'verbose_name_plural': 'languages',
                        'ordering': ['name_en'],
                    },
                ),
                migrations.CreateModel(
                    name='SkillCategory',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_en', models.CharField(max_length=120, verbose_name='name (English)')),
                        ('name_fr', models.CharField(blank=True, max_length=120, verbose_name='name (French)')),
                        ('name_es', models.CharField(blank=True, max_length=120, verbose_name='name (Spanish)')),
                        ('description_en', models.TextField(blank=True, verbose_name='description (English)')),
                        ('description_fr', models.TextField(blank=True, verbose_name='description (French)')),
                        ('description_es', models.TextField(blank=True, verbose_name='description (Spanish)')),
                        ('slug', models.SlugField(unique=True)),
                        ('ordering', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ],
                    options={
                        'db_table': 'members_skillcategory',
                        'verbose_name': 'skills category',
                        'verbose_name_plural': 'skills categories',
                        'ordering': ['ordering', 'name_en'],
                    },
                ),
            ],
        ),
    ]

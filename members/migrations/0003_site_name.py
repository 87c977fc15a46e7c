"""Name the django.contrib.sites record allauth uses in its emails."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def forwards(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "Skills Innovation Network"}
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0002_roles_and_taxonomy"), ("sites", "0002_alter_domain_unique")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""The Celery app: configured from Django settings (namespace CELERY), tasks autodiscovered.

The beat schedule is kept here in code (django-celery-beat does not support Django 6.1).
Scheduled work recomputes what is due from the database, so a broker restart loses nothing.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_portal.settings")

app = Celery("network_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Entries are added by the apps that own the work: {"name": {"task": ..., "schedule": ...}}.
app.conf.beat_schedule = {}

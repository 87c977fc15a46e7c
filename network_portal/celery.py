"""The Celery app: configured from Django settings (namespace CELERY), tasks autodiscovered.

The beat schedule is kept here in code (django-celery-beat does not support Django 6.1).
Scheduled work recomputes what is due from the database, so a broker restart loses nothing.
"""

import os
from datetime import timedelta

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_portal.settings")

app = Celery("network_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# One entry per line, added by the app that owns the work: "name": {"task": ..., "schedule": ...}.
# "expires" drops a run nobody picked up before the next one is due, so runs never pile up.
# fmt: off
BEAT_SCHEDULE: dict[str, dict] = {
    "outbox-send-due": {"task": "core.outbox.tasks.email_send_due", "schedule": timedelta(minutes=1), "options": {"expires": 55}},
    "outbox-requeue-stuck": {"task": "core.outbox.tasks.email_requeue_stuck", "schedule": timedelta(minutes=5), "options": {"expires": 280}},
    "alerts-match-new-calls": {"task": "funds.alerts.tasks.alerts_match_new_calls", "schedule": timedelta(minutes=1), "options": {"expires": 55}},
    "alerts-send-digests": {"task": "funds.alerts.tasks.alert_send_digests", "schedule": timedelta(hours=1), "options": {"expires": 3300}},
    "alerts-deadline-reminders": {"task": "funds.alerts.tasks.bookmark_send_deadline_reminders", "schedule": timedelta(hours=1), "options": {"expires": 3300}},
    "alerts-prune-inbox": {"task": "funds.alerts.tasks.alerts_prune_inbox", "schedule": timedelta(days=1), "options": {"expires": 82800}},
    "alerts-bookmark-change-notices": {"task": "funds.alerts.tasks.bookmark_send_change_notices", "schedule": timedelta(minutes=5), "options": {"expires": 280}},
    "network-refresh-changed": {"task": "members.network.tasks.network_refresh", "schedule": timedelta(minutes=5), "options": {"expires": 280}},
    "network-refresh-nightly": {"task": "members.network.tasks.network_refresh", "schedule": crontab(hour=2, minute=30), "kwargs": {"force": True}, "options": {"expires": 82800}},
    "events-expire-offers": {"task": "events.tasks.offers_expire", "schedule": timedelta(minutes=1), "options": {"expires": 55}},
    "events-send-reminders": {"task": "events.tasks.reminders_send", "schedule": timedelta(minutes=5), "options": {"expires": 280}},
    "events-send-follow-ups": {"task": "events.tasks.follow_ups_send", "schedule": timedelta(minutes=15), "options": {"expires": 850}},
    "translations-expire-offers": {"task": "coaching.translations.tasks.offers_expire", "schedule": timedelta(minutes=10), "options": {"expires": 550}},
    "courses-sweep-completions": {"task": "coaching.courses.tasks.completions_sweep", "schedule": timedelta(minutes=15), "options": {"expires": 850}},
    "peer-generate-series": {"task": "peer_exchange.tasks.series_generate", "schedule": timedelta(hours=6), "options": {"expires": 21000}},
    "peer-remind-hosts": {"task": "peer_exchange.tasks.host_reminders_send", "schedule": timedelta(hours=1), "options": {"expires": 3300}},
    "peer-alert-hostless": {"task": "peer_exchange.tasks.hostless_alerts_send", "schedule": timedelta(hours=6), "options": {"expires": 21000}},
}
# fmt: on

app.conf.beat_schedule = BEAT_SCHEDULE

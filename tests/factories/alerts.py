"""Factories for alerts and notification preferences (funds.alerts).

AlertFactory keeps the matcher's derived signature columns in step with the criteria, as
the services do: pass categories=[...] and any criteria fields (regions=["africa"], ...).
"""

from __future__ import annotations

from datetime import UTC, datetime

import factory

from funds.alerts.matching import sync_alert_signature
from funds.alerts.models import Alert, Frequency, NotificationPreferences
from tests.factories.members import UserFactory


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"My alert {n}")
    frequency = Frequency.INSTANT
    # Saved before any call a test announces (even under time_machine): only calls
    # announced after an alert was saved are emailed to it. Tests of that rule set it.
    created_at = datetime(2025, 1, 1, tzinfo=UTC)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        categories = kwargs.pop("categories", None) or []
        alert = model_class(*args, **kwargs)
        sync_alert_signature(alert)
        alert.save()
        if categories:
            alert.categories.set(categories)
        return alert


class NotificationPreferencesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreferences
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)

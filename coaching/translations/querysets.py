"""The translation vocabulary: which offers are waiting or due, which requests nobody took."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef


class OfferQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status="pending")

    def due(self, now):
        """Pending offers whose answer time has passed: they lapse."""
        return self.pending().filter(expires_at__lte=now)


class TranslationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status="open")

    def untaken(self, today):
        """Open, deadline not past, and offered to nobody right now: nobody took it."""
        from .models import Offer

        pending = Offer.objects.pending().filter(request=OuterRef("pk"))
        return self.open().filter(deadline__gte=today).exclude(Exists(pending))

    def of_requester(self, user):
        return self.filter(requester=user)

"""The rules of topics and outputs as QuerySet methods."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q


class TopicQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status="open")

    def with_votes(self):
        return self.annotate(vote_count=Count("votes", distinct=True))

    def by_votes_and_freshness(self):
        return self.with_votes().order_by("-vote_count", "-created_at", "-pk")


class OutputQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def visible_to(self, user):
        """Published outputs: all of them for members and staff, public ones for others."""
        rows = self.published()
        if (
            user is not None
            and user.is_authenticated
            and (user.is_staff or getattr(user, "is_network_member", False))
        ):
            return rows
        return rows.filter(is_public=True)

    def search(self, text: str):
        """Every word in the title, summary, tips or keywords (at most 8 words)."""
        rows = self
        for word in text.split()[:8]:
            rows = rows.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(tips__icontains=word)
                | Q(keywords__icontains=word)
            )
        return rows

"""Reads for the translation pages, joins decided once: each page costs a fixed number of
queries whatever the number of requests."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Offer, TranslationDocument, TranslationRequest, Volunteer


def _documents():
    return Prefetch("documents", queryset=TranslationDocument.objects.order_by("uploaded_at", "pk"))


def requests_of(*, user) -> QuerySet[TranslationRequest]:
    """The member's own requests, newest first, with languages, translator and documents."""
    return (
        TranslationRequest.objects.of_requester(user)
        .select_related("source", "target", "translator__user__profile", "coaching_request", "call")
        .prefetch_related(_documents())
        .order_by("-created_at", "-pk")
    )


def volunteer_of(*, user) -> Volunteer | None:
    return (
        Volunteer.objects.filter(user=user)
        .prefetch_related("pairs__source", "pairs__target")
        .first()
    )


def work_of(*, user) -> dict:
    """The volunteer's page: offers waiting for an answer, work in progress, delivered."""
    now = timezone.now()
    offers = (
        Offer.objects.pending()
        .filter(volunteer__user=user, request__status="open")
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("request__source", "request__target")
        .order_by("expires_at", "pk")
    )
    taken = TranslationRequest.objects.filter(translator__user=user)
    in_progress = (
        taken.filter(status="accepted")
        .select_related("source", "target", "requester__profile")
        .prefetch_related(_documents())
        .order_by("deadline", "pk")
    )
    delivered = taken.filter(status="delivered").only("title", "delivered_at")
    return {
        "offers": list(offers),
        "in_progress": list(in_progress),
        "delivered": list(delivered.order_by("-delivered_at")[:20]),
    }

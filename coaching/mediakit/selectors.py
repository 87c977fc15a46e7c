"""The media kit page: each resource with the version in the reader's language first."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch

from .models import Resource, Version


def media_kit(*, language: str) -> list[dict]:
    """Two queries whatever the number of resources."""
    resources = Resource.objects.filter(is_published=True).prefetch_related(
        Prefetch("versions", queryset=Version.objects.order_by("language"))
    )
    rows = []
    for resource in resources:
        versions = list(resource.versions.all())
        mine = next((v for v in versions if v.language == language), None) or next(
            (v for v in versions if v.language == settings.LANGUAGE_CODE), None
        )
        rows.append(
            {
                "resource": resource,
                "version": mine,
                "others": [v for v in versions if v is not mine],
            }
        )
    return rows

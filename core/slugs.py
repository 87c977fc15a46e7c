"""Slugs for URLs: unique per table, never one of an app's fixed routes."""

from __future__ import annotations

from django.utils.text import slugify


def unique_slug(model, text: str, *, max_length: int = 200, reserved: frozenset[str] = frozenset()) -> str:
    """A slug free in `model`'s table and not one of the `reserved` words (fixed routes)."""
    base = slugify(text)[:max_length] or "item"
    slug, n = base, 2
    while slug in reserved or model._default_manager.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug

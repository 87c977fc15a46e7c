"""Factories for recognition. The issuer and the six badge classes come from migration
badges/0002, so tests fetch them by slug (`badge_class("top-innovator")`)."""

from __future__ import annotations

from badges.models import BadgeClass
from badges.services import award_grant, letter_issue


def badge_class(slug: str) -> BadgeClass:
    return BadgeClass.objects.get(slug=slug)


def top_innovator(member_user, staff, citation: str = "Scaled apprenticeships to 12 regions."):
    return award_grant(badge_class=badge_class("top-innovator"), recipient=member_user, actor=staff, citation=citation)


def letter(member_user, staff, **extra):
    return letter_issue(
        recipient=member_user,
        actor=staff,
        signatory_name=extra.pop("signatory_name", "Amina Diallo"),
        signatory_title=extra.pop("signatory_title", "Network coordinator, ILO"),
        purpose=extra.pop("purpose", "Meeting funders at the Skills Summit."),
        **extra,
    )


def ensure_badge_classes() -> None:
    """Recreate the issuer and badge classes of migration badges/0002 (a transactional
    test's flush empties every table, data migrations' rows included)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("badges.migrations.0002_issuer_and_badge_classes")
    migration.create(apps, None)

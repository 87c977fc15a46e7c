"""Demo translation volunteers for `manage.py seed_demo`: three members with language
pairs among English, French and Spanish, and one open request. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from taxonomy.models import Language

from .models import LanguagePair, TranslationRequest, Volunteer

PAIRS = [[("en", "fr"), ("fr", "en")], [("en", "es"), ("es", "en")], [("fr", "es"), ("en", "fr")]]


def seed(*, stdout) -> None:
    if Volunteer.objects.exists():
        stdout.write("  translation volunteers demo already present")
        return
    languages = {lang.code: lang for lang in Language.objects.filter(code__in=["en", "fr", "es"])}
    if len(languages) < 3:
        return
    people = list(
        get_user_model()
        .objects.filter(is_staff=False, is_active=True)
        .exclude(email="member@example.org")
        .order_by("pk")[:3]
    )
    for person, pairs in zip(people, PAIRS, strict=False):
        volunteer = Volunteer.objects.create(user=person, monthly_capacity=2)
        for source, target in pairs:
            LanguagePair.objects.create(
                volunteer=volunteer, source=languages[source], target=languages[target]
            )
    member = get_user_model().objects.filter(email="member@example.org").first()
    if member is not None:
        TranslationRequest.objects.create(
            requester=member, title="Budget narrative for the Green Jobs call", source=languages["en"],
            target=languages["fr"], deadline=timezone.localdate() + timedelta(days=12),
        )  # fmt: skip
    stdout.write(f"  {len(people)} translation volunteers")

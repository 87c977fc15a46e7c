"""Demo translation volunteers for `manage.py seed_demo`: three members with language
pairs among English, French and Spanish, member@example.org volunteering too, and a
request at each state (offered and waiting, nobody left, accepted, delivered, cancelled)
with its documents. Idempotent: each part runs once."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from taxonomy.models import Language

from .models import LanguagePair, Offer, TranslationDocument, TranslationRequest, Volunteer

PAIRS = [[("en", "fr"), ("fr", "en")], [("en", "es"), ("es", "en")], [("fr", "es"), ("en", "fr")]]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HOURS = timedelta(hours=1)


def _volunteer(person, pairs, languages, capacity=2) -> Volunteer:
    volunteer = Volunteer.objects.create(user=person, monthly_capacity=capacity)
    for source, target in pairs:
        LanguagePair.objects.create(
            volunteer=volunteer, source=languages[source], target=languages[target]
        )
    return volunteer


def _request(requester, title, source, target, days, languages, **fields) -> TranslationRequest:
    request = TranslationRequest.objects.create(
        requester=requester, title=title, source=languages[source], target=languages[target],
        deadline=timezone.localdate() + timedelta(days=days), **fields,
    )  # fmt: skip
    document = TranslationDocument(
        request=request, name=f"{title[:40]}.pdf", kind="pdf", size=len(PDF)
    )
    document.file.save(f"{request.pk}.pdf", ContentFile(PDF), save=False)
    document.save()
    return request


def seed(*, stdout) -> None:
    languages = {lang.code: lang for lang in Language.objects.filter(code__in=["en", "fr", "es"])}
    if len(languages) < 3:
        return
    users = get_user_model().objects
    member = users.filter(email="member@example.org").first()
    people = list(
        users.filter(is_staff=False, is_active=True, profile__membership="approved")
        .exclude(email="member@example.org")
        .order_by("pk")[:4]
    )
    if not Volunteer.objects.exists():
        for person, pairs in zip(people, PAIRS, strict=False):
            _volunteer(person, pairs, languages)
        if member is not None:
            _volunteer(member, [("en", "fr"), ("es", "en")], languages, capacity=3)
        stdout.write(f"  {min(len(people), 3) + bool(member)} translation volunteers")
    if (
        member is None
        or len(people) < 4
        or TranslationRequest.objects.filter(status="delivered").exists()
    ):
        stdout.write("  translation requests demo already present (or no members to use)")
        return
    now = timezone.now()
    volunteers = {v.user_id: v for v in Volunteer.objects.filter(user__in=[*people[:3], member])}
    first, second = volunteers.get(people[0].pk), volunteers.get(people[1].pk)
    if first is None or second is None or member.pk not in volunteers:
        return
    # member@example.org asks: one waiting for a volunteer's answer, one nobody can take,
    # one accepted, one delivered, one cancelled.
    waiting = _request(
        member, "Budget narrative for the Green Jobs call", "en", "fr", 12, languages
    )
    Offer.objects.create(request=waiting, volunteer=first, expires_at=now + 40 * HOURS)
    _request(
        member,
        "Letter of support from the municipality",
        "es",
        "fr",
        9,
        languages,
        unmatched_at=now,
    )
    taken = _request(member, "Concept note: apprenticeships for young women", "en", "es", 15, languages,
                     status="accepted", translator=second, accepted_at=now - 30 * HOURS)  # fmt: skip
    Offer.objects.create(request=taken, volunteer=second, status="accepted")
    done = _request(member, "Annex: training curriculum", "fr", "en", 3, languages,
                    status="delivered", translator=first, accepted_at=now - 100 * HOURS,
                    delivered_at=now - 20 * HOURS)  # fmt: skip
    done.translation.save(f"{done.pk}.pdf", ContentFile(PDF))
    _request(member, "Old draft budget", "en", "fr", 20, languages, status="cancelled")
    Offer.objects.create(request=done, volunteer=first, status="accepted")
    # Another member's request offered to member@example.org: "My translation work".
    for_member = _request(
        people[3], "Project summary for the regional fund", "en", "fr", 10, languages
    )
    Offer.objects.create(
        request=for_member, volunteer=volunteers[member.pk], expires_at=now + 30 * HOURS
    )
    stdout.write("  6 translation requests (waiting, nobody left, accepted, delivered, cancelled)")

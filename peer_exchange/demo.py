"""Demo peer exchange for `manage.py seed_demo`: a running series with past sessions and
their outputs (tips, a good practice, an SOP), upcoming sessions with hosts, topics with
votes, and the guide in en/fr/es. Idempotent (nothing when a series exists)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from events.models import Registration, Session
from taxonomy.models import Language, SkillCategory

from .models import GuidePage, HostOffer, Output, PeerSession, Series, Topic, Vote
from .services import series_generate

PAST = [
    ("tip_sheet", "Presenting a project in five minutes", "pitch, presentation",
     "Start with the problem, then the people, then the numbers.", "Open with one learner's story\nOne slide, one idea"),
    ("good_practice", "Sharing experience of applying in each country", "applications, partners",
     "Members compared how calls are read in Kenya, Peru and Senegal.", "Ask the funder early\nShare budgets between peers"),
    ("sop", "Running a peer review of a draft proposal", "review, proposal",
     "## Steps\n1. Send the draft 3 days ahead.\n2. Two readers, ten minutes each.\n3. Notes in the shared file.", "Time-box each reader"),
]  # fmt: skip
TOPICS = [
    "Soft skills for trainers",
    "Costing an apprenticeship programme",
    "Working with employers' associations",
]
GUIDE = {
    "how-it-works": {
        "en": ("How peer exchange works", "Every two weeks a member hosts a session on a topic members voted for."),
        "fr": ("Comment fonctionne l'échange entre pairs", "Toutes les deux semaines, un membre anime une session sur un sujet choisi par vote."),
        "es": ("Cómo funciona el intercambio entre pares", "Cada dos semanas, un miembro anima una sesión sobre un tema votado por los miembros."),
    },
    "facilitation": {
        "en": ("Facilitation guide", "Welcome everyone, agree the time, let each person speak, write down the tips."),
        "fr": ("Guide d'animation", "Accueillez chacun, convenez du temps, laissez chacun parler, notez les conseils."),
        "es": ("Guía de facilitación", "Dé la bienvenida, acuerde el tiempo, deje hablar a cada persona, anote los consejos."),
    },
    "sop": {
        "en": ("Standard operating procedures for exchanges", "Publish the summary within a week of the session."),
        "fr": ("Procédures pour les échanges", "Publiez le résumé dans la semaine qui suit la session."),
        "es": ("Procedimientos para los intercambios", "Publique el resumen en la semana siguiente a la sesión."),
    },
}  # fmt: skip


def seed(*, stdout) -> None:
    if Series.objects.exists():
        stdout.write("  peer exchange demo already present")
        return
    people = list(
        get_user_model()
        .objects.filter(is_staff=False, is_active=True, profile__membership="approved")
        .order_by("pk")[:12]
    )
    english = Language.objects.filter(code="en").first()
    categories = list(SkillCategory.objects.active()[:4])
    today = timezone.localdate()
    series = Series.objects.create(
        name="Peer exchange (English)", language=english, weekday=today.weekday(), start_time=dt.time(13, 0),
        time_zone="UTC", first_date=today - dt.timedelta(weeks=6), capacity=25,
        meeting_url="https://meet.example.org/peer-exchange",
    )  # fmt: skip
    for person in people[:4]:
        HostOffer.objects.get_or_create(
            user=person, defaults={"can_facilitate": "Proposals, pitching"}
        )
    for number, (kind, title, keywords, summary, tips) in enumerate(PAST):
        slot = today - dt.timedelta(weeks=2 * (len(PAST) - number))
        starts = dt.datetime.combine(slot, series.start_time, tzinfo=dt.UTC)
        session = Session.objects.create(
            app="peer_exchange", kind="exchange", title=series.name, language=english, starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=90), capacity=25, audience="members", status="published",
        )  # fmt: skip
        peer = PeerSession.objects.create(series=series, session=session, slot=slot)
        host = people[number % 4] if people else None
        if host:
            session.hosts.set([host])
        topic = Topic.objects.create(
            title=title, proposer=host, status="scheduled", session=peer, language=english
        )
        topic.categories.set(categories[number : number + 1])
        for person in people[4:10]:
            Registration.objects.create(
                session=session, user=person, status="confirmed", confirmed_at=starts - dt.timedelta(days=3),
                attendance="attended",
            )  # fmt: skip
        output = Output.objects.create(
            session=peer, kind=kind, title=title, summary=summary, tips=tips, keywords=keywords, language=english,
            status="published", author=host, published_at=starts + dt.timedelta(days=1), is_public=number == 0,
        )  # fmt: skip
        output.categories.set(categories[number : number + 2])
    series_generate()
    for number, peer in enumerate(
        PeerSession.objects.filter(slot__gte=today).select_related("session")
    ):
        if people and number < 2:
            peer.session.hosts.set([people[number]])
            peer.backup_host = people[number + 2]
            peer.save(update_fields=["backup_host"])
    for number, title in enumerate(TOPICS):
        topic = Topic.objects.create(
            title=title, proposer=people[number] if people else None, language=english
        )
        topic.categories.set(categories[number : number + 1])
        for person in people[: 6 - 2 * number]:
            Vote.objects.get_or_create(topic=topic, user=person)
    for page, texts in GUIDE.items():
        for language, (title, body) in texts.items():
            GuidePage.objects.get_or_create(
                page=page, language=language, defaults={"title": title, "body": body}
            )
    stdout.write(
        f"  peer exchange: {PeerSession.objects.count()} sessions, {Topic.objects.count()} topics"
    )

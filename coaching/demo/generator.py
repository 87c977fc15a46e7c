from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.audit.services import log_action
from events.models import Feedback, Registration, Session, SessionMaterial
from taxonomy.models import Language, SkillCategory

from ..models import SessionCall

# (kind, title, days from today, hour UTC, capacity, audience, format, recording)
SESSIONS = [
    ("workshop", "What a good submission looks like", -21, 13, 30, "members", "online", True),
    (
        "webinar",
        "The funding landscape for recognition of prior learning",
        -10,
        14,
        None,
        "signed_in",
        "online",
        True,
    ),
    (
        "tutorial",
        "Using the portal's call alerts and calendar",
        -4,
        9,
        40,
        "signed_in",
        "online",
        True,
    ),
    ("briefing", "Briefing: how to apply to this call", 6, 13, 50, "signed_in", "online", False),
    ("workshop", "What reviewers look for — clinic", 9, 10, 8, "members", "hybrid", False),
    (
        "feedback",
        "Feedback session with ILO regional evaluators (Africa)",
        14,
        8,
        6,
        "approval",
        "online",
        False,
    ),
    ("webinar", "Green skills: from pilot to scale", 20, 15, None, "signed_in", "online", False),
]

DESCRIPTION = (
    "A practical session for network members preparing an application.\n\n"
    "- what the call asks for, in plain words\n- common reasons applications fail\n- questions and answers"
)


def _people(count: int):
    User = get_user_model()
    return list(
        User.objects.filter(is_staff=False, is_active=True)
        .exclude(email="member@example.org")
        .order_by("pk")[:count]
    )


def seed(*, stdout) -> None:
    if Session.objects.of_app("coaching").exists():
        stdout.write("  coaching demo already present")
        return
    User = get_user_model()
    member = User.objects.filter(email="member@example.org").first()
    host = User.objects.filter(email="staff@example.org").first()
    english = Language.objects.filter(code="en").first()
    categories = list(SkillCategory.objects.active()[:3])
    others = _people(40)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    call = _demo_call()
    for index, (kind, title, days, hour, capacity, audience, fmt, recorded) in enumerate(SESSIONS):
        starts = (now + timedelta(days=days)).replace(hour=hour)
        session = Session.objects.create(
            app="coaching",
            kind=kind,
            title=title if kind != "briefing" or call is None else f"Briefing: {call.title}"[:200],
            description=DESCRIPTION,
            format=fmt,
            language=english,
            interpretation="French and Spanish" if kind == "webinar" else "",
            starts_at=starts,
            ends_at=starts + timedelta(minutes=90),
            time_zone="Europe/Zurich" if index % 2 else "Africa/Nairobi",
            capacity=capacity,
            audience=audience,
            speakers="ILO Skills and Employability Branch",
            meeting_url="https://meet.example.org/sin-" + str(index),
            venue="ILO, Geneva — room R3" if fmt == "hybrid" else "",
            status=Session.Status.PUBLISHED,
            recording_url=f"https://video.example.org/sin-{index}" if recorded else "",
        )
        if host:
            session.hosts.add(host)
        session.categories.set(categories[: 1 + index % 3])
        log_action(
            obj=session,
            action="events.session.published",
            actor=host,
            changes={"status": ["draft", "published"]},
        )
        if kind == "briefing" and call is not None:
            SessionCall.objects.create(session=session, call=call)
        if recorded:
            SessionMaterial.objects.create(
                session=session, title="Slides", url=f"https://files.example.org/sin-{index}.pdf"
            )
            _past_registrations(session, [member, *others[:12]])
        elif capacity == 8:
            _full_with_waiting_list(session, others[:8], [others[8], member, others[9], others[10]])
        elif kind == "feedback":
            for person in others[11:14]:
                Registration.objects.create(session=session, user=person, status="requested")
        elif member is not None:
            Registration.objects.create(
                session=session, user=member, status="confirmed", confirmed_at=now
            )
            for person in others[14 : 14 + 6]:
                Registration.objects.create(
                    session=session, user=person, status="confirmed", confirmed_at=now
                )
    stdout.write(f"  {len(SESSIONS)} coaching sessions")


def _demo_call():
    # The call model through the link's foreign key: coaching imports nothing of funds.
    calls = SessionCall._meta.get_field("call").related_model
    return (
        calls.objects.filter(status="published", deadline__gt=timezone.now() + timedelta(days=10))
        .order_by("deadline")
        .first()
    )


def _past_registrations(session: Session, people) -> None:
    for n, person in enumerate(p for p in people if p is not None):
        registration = Registration.objects.create(
            session=session,
            user=person,
            status="confirmed",
            confirmed_at=session.starts_at - timedelta(days=5),
            attendance="attended" if n % 4 else "no_show",
            minutes_attended=80 if n % 4 else None,
        )
        if n % 4 and n % 3 == 0:
            Feedback.objects.create(
                registration=registration, rating=4 + n % 2, comment="Clear and useful."
            )
    Session.objects.filter(pk=session.pk).update(
        follow_up_sent_at=session.ends_at + timedelta(hours=2)
    )


def _full_with_waiting_list(session: Session, confirmed, waiting) -> None:
    for person in confirmed:
        Registration.objects.create(
            session=session, user=person, status="confirmed", confirmed_at=timezone.now()
        )
    for number, person in enumerate((p for p in waiting if p is not None), start=1):
        Registration.objects.create(
            session=session, user=person, status="waitlisted", queue_number=number
        )

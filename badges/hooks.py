"""Awards that follow from what the members app records, through its documented hooks
(members.signals): approval as a member → the membership badge; joining the Core Group →
the Core Group badge, valid for the term (the badge class's validity, set by staff).
Both go through award_for_evidence, so each happens once per evidence key."""

from __future__ import annotations

from django.utils import timezone

MEMBERSHIP_BADGE = "network-member"
CORE_GROUP_BADGE = "core-group-member"
TRANSLATOR_BADGE = "volunteer-translator"
PEER_HOST_BADGE = "peer-exchange-host"


def on_membership_approved(sender, *, profile, **kwargs) -> None:
    from .services import award_for_evidence

    # The welcome email is the news; the badge waits on "My recognition".
    award_for_evidence(
        badge=MEMBERSHIP_BADGE, recipient=profile.user, evidence_key=f"members.membership:{profile.pk}", notify=False
    )


def on_network_role_changed(sender, *, profile, role, **kwargs) -> None:
    from .services import award_for_evidence

    if role != "core":
        return
    term_start = timezone.now().date().isoformat()
    award_for_evidence(
        badge=CORE_GROUP_BADGE,
        recipient=profile.user,
        evidence_key=f"members.core_group:{profile.pk}:{term_start}",
        certificate=True,
    )


def on_course_completed(sender, *, completion, evidence_key, **kwargs) -> None:
    """A course completed (coaching.courses.signals): the course's badge and certificate."""
    from .services import award_for_evidence

    if completion.course.badge_slug:
        award_for_evidence(
            badge=completion.course.badge_slug,
            recipient=completion.user,
            evidence_key=evidence_key,
            certificate=True,
        )


def on_translation_delivered(sender, *, volunteer_user, count, evidence_key, **kwargs) -> None:
    """A volunteer delivered a translation (coaching.translations.signals): counted
    towards the translator badge (the class's threshold, set by staff)."""
    from .services import award_for_evidence

    award_for_evidence(
        badge=TRANSLATOR_BADGE, recipient=volunteer_user, evidence_key="coaching.translations", count=count
    )


def on_peer_session_hosted(sender, *, user, session, hosted_count, **kwargs) -> None:
    """peer_exchange.signals.session_hosted: the host badge once the count reaches the
    class's threshold (set by staff); one award per member whatever the later count."""
    from .services import award_for_evidence

    award_for_evidence(
        badge=PEER_HOST_BADGE, recipient=user, evidence_key=f"peer_exchange.hosting:{user.pk}", count=hosted_count
    )


def connect() -> None:
    from coaching.courses.signals import course_completed
    from coaching.translations.signals import translation_delivered
    from members.signals import membership_approved, network_role_changed
    from peer_exchange.signals import session_hosted

    membership_approved.connect(on_membership_approved, dispatch_uid="badges.membership_approved")
    network_role_changed.connect(on_network_role_changed, dispatch_uid="badges.network_role_changed")
    course_completed.connect(on_course_completed, dispatch_uid="badges.course_completed")
    translation_delivered.connect(on_translation_delivered, dispatch_uid="badges.translation_delivered")
    session_hosted.connect(on_peer_session_hosted, dispatch_uid="badges.peer_session_hosted")

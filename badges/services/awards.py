"""Awarding badges: from evidence other apps hold (automatic, exactly once), by staff
(Top Innovator and the like, with a citation), revoking and superseding.

Every service is keyword-only, owns its transaction, checks who may act, writes one audit
entry and tells the member by email (core.mail, idempotent per key).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.mail import absolute_url, send_to_user, user_language

from .. import baking, openbadges
from ..models import BadgeAward, BadgeClass
from .lifecycle import AWARD, BadgeError, lock, mark_superseded, revoke, set_public

__all__ = [
    "BadgeError",
    "award_for_evidence",
    "award_grant",
    "award_revoke",
    "award_set_public",
    "award_supersede",
]


def require_staff(actor, perm: str) -> None:
    if (
        actor is None
        or not actor.is_authenticated
        or not actor.is_active
        or not actor.is_staff
        or not actor.has_perm(perm)
    ):
        raise PermissionDenied


def _expiry(
    badge_class: BadgeClass, issued_at: datetime, expires_at: datetime | None
) -> datetime | None:
    if expires_at is not None:
        return expires_at
    if badge_class.validity_days:
        return issued_at + timedelta(days=badge_class.validity_days)
    return None


def _create(
    *, badge_class, recipient, actor, evidence_key="", expires_at=None, **fields
) -> BadgeAward:
    """Insert, bake and record one award (the caller holds the transaction)."""
    now = timezone.now()
    salt = openbadges.new_salt()
    award = BadgeAward.objects.create(
        badge_class=badge_class,
        recipient=recipient,
        issued_at=now,
        issued_by=actor,
        evidence_key=evidence_key,
        expires_at=_expiry(badge_class, now, expires_at),
        recipient_salt=salt,
        recipient_hash=openbadges.recipient_hash(recipient.email, salt),
        **fields,
    )
    png = baking.bake(badge_class.image, openbadges.assertion_json(award))
    award.baked_image.save(f"{award.uuid}.png", ContentFile(png), save=False)
    award.save(update_fields=["baked_image"])
    return award


def _tell_awarded(award: BadgeAward) -> None:
    send_to_user(
        user=award.recipient,
        template="badges/emails/awarded",
        context={
            "award": award,
            "badge_name": award.badge_class.name,
            "recognition_url": absolute_url(
                "badges:my-recognition", language=user_language(award.recipient)
            ),
        },
        key=f"badges-awarded:{award.pk}",
    )


def award_for_evidence(
    *,
    badge: str,
    recipient,
    evidence_key: str,
    count: int | None = None,
    expires_at: datetime | None = None,
    evidence_url: str = "",
    narrative: str = "",
    certificate: bool = False,
    notify: bool = True,
) -> BadgeAward | None:
    """Award the badge class with slug `badge` to `recipient` for the evidence named by
    `evidence_key` (e.g. "coaching.course:12", "peer_exchange.hosting"), at most once:
    a second call with the same key — even a concurrent one — returns the first award
    and sends nothing. The ONE entry point other apps use; call it inside your own
    transaction so the award stands or falls with your change.

    `count`: for badges earned by counting (peer sessions hosted, translations done),
    how many the member has; nothing is awarded below the class's threshold set by staff.
    `expires_at`: e.g. the end of a Core Group term (else the class's validity applies).
    `certificate=True` also issues the award's PDF certificate, by the worker after commit
    (course completion: the badge and the certificate). `notify=False` when the caller's
    own email already tells the member (membership approval's welcome).
    Returns the award, or None when nothing is due (below threshold, unknown or inactive
    class, inactive account). Raises nothing for those: the caller's work goes on.
    """
    if not evidence_key or recipient is None or not recipient.is_active:
        return None
    badge_class = BadgeClass.objects.active().select_related("issuer").filter(slug=badge).first()
    if badge_class is None:
        return None
    if badge_class.threshold and (count is None or count < badge_class.threshold):
        return None
    existing = BadgeAward.objects.filter(
        badge_class=badge_class, recipient=recipient, evidence_key=evidence_key
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            award = _create(
                badge_class=badge_class,
                recipient=recipient,
                actor=None,
                evidence_key=evidence_key,
                expires_at=expires_at,
                evidence_url=evidence_url,
                narrative=narrative,
            )
            log_action(
                obj=award,
                action="badges.award.awarded",
                actor=None,
                data={"evidence": evidence_key},
            )
            if notify:
                _tell_awarded(award)
            if certificate:
                from ..tasks import certificate_issue as certificate_issue_task

                certificate_issue_task.delay_on_commit(award.pk)
    except IntegrityError:
        # A concurrent call for the same evidence won the race; theirs is the award.
        return BadgeAward.objects.get(
            badge_class=badge_class, recipient=recipient, evidence_key=evidence_key
        )
    return award


@transaction.atomic
def award_grant(
    *,
    badge_class: BadgeClass,
    recipient,
    actor,
    citation: str = "",
    evidence_url: str = "",
    expires_at: datetime | None = None,
) -> BadgeAward:
    """Staff award a badge (Top Innovator, with its citation) to one member. Raises
    BadgeError for an inactive class, a Top Innovator award without a citation or a
    recipient who is not an approved member; PermissionDenied for anyone but staff
    allowed to add awards."""
    require_staff(actor, "badges.add_badgeaward")
    badge_class = BadgeClass.objects.select_for_update().get(pk=badge_class.pk)
    if not badge_class.is_active:
        raise BadgeError(_("This badge is no longer awarded (it is inactive)."))
    citation = (citation or "").strip()
    if badge_class.kind == BadgeClass.Kind.TOP_INNOVATOR and not citation:
        raise BadgeError(_("Write the citation: why this member is a Top Innovator."))
    if (
        not recipient.is_active
        or not getattr(recipient, "is_network_member", False)
        or recipient.is_staff
    ):
        raise BadgeError(_("Badges go to approved members of the network."))
    award = _create(
        badge_class=badge_class,
        recipient=recipient,
        actor=actor,
        expires_at=expires_at,
        citation=citation,
        evidence_url=evidence_url,
    )
    log_action(obj=award, action="badges.award.awarded", actor=actor, data={"citation": citation})
    _tell_awarded(award)
    return award


@transaction.atomic
def award_revoke(*, award: BadgeAward, actor, reason: str) -> BadgeAward:
    """Revoke an award with a reason (required), shown on the verification page and in
    the hosted assertion's 410 answer; the member is told by email. Revoking twice is
    refused (BadgeError), nothing changes."""
    require_staff(actor, "badges.change_badgeaward")
    return revoke(award, kind=AWARD, actor=actor, reason=reason)


@transaction.atomic
def award_supersede(*, award: BadgeAward, actor, reason: str = "") -> BadgeAward:
    """Replace an award by a new one (same badge, dates and citation; a fresh assertion
    and baked image, e.g. after a change of email address). The old verification page
    points to the new one. Returns the new award."""
    require_staff(actor, "badges.change_badgeaward")
    award = lock(award, AWARD)
    if award.revoked_at or award.superseded_at:
        raise BadgeError(_("Only a valid or expired badge can be superseded."))
    new = _create(
        badge_class=award.badge_class,
        recipient=award.recipient,
        actor=actor,
        expires_at=award.expires_at,
        citation=award.citation,
        evidence_url=award.evidence_url,
        narrative=award.narrative,
        is_public=award.is_public,
    )
    mark_superseded(award, kind=AWARD, new=new, actor=actor, reason=reason)
    return new


@transaction.atomic
def award_set_public(*, award: BadgeAward, actor, public: bool) -> BadgeAward:
    """The holder chooses whether their name and organization show on the award's
    public verification page. Only the holder may."""
    return set_public(award, kind=AWARD, actor=actor, public=public)
    award.is_public = public
    award.save(update_fields=["is_public"])
    log_action(
        obj=award,
        action="badges.award.visibility_set",
        actor=actor,
        changes={"is_public": [not public, public]},
    )
    return award

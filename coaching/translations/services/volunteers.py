"""A member's volunteer setting: language pairs and monthly capacity; pause, resume, stop.
Pausing or stopping passes the volunteer's pending offers on at once."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit.services import log_action

from ..errors import TranslationError
from ..models import LanguagePair, Volunteer
from .offers import withdraw_pending

MAX_CAPACITY = 20


def _pair_label(pair) -> str:
    source, target = pair
    return f"{source.code}>{target.code}"


@transaction.atomic
def volunteer_save(*, user, pairs, monthly_capacity: int) -> Volunteer:
    """Create or update `user`'s volunteer setting with `pairs` ([(source, target)]
    languages, replacing the old ones) and a capacity of 1 to 20 a month. Network members
    only. Volunteering (again) makes the volunteer available."""
    if not user.is_authenticated or not user.is_network_member:
        raise TranslationError(_("Only network members can volunteer as translators."))
    pairs = list(dict.fromkeys((source, target) for source, target in pairs))
    if not pairs:
        raise TranslationError(_("Give at least one language pair."))
    if any(source == target for source, target in pairs):
        raise TranslationError(_("A pair needs two different languages."))
    if not 1 <= monthly_capacity <= MAX_CAPACITY:
        raise TranslationError(
            _("Choose between 1 and %(max)d translations a month.") % {"max": MAX_CAPACITY}
        )
    volunteer, created = Volunteer.objects.select_for_update().get_or_create(
        user=user, defaults={"monthly_capacity": monthly_capacity}
    )
    old_pairs = sorted(
        _pair_label((p.source, p.target))
        for p in volunteer.pairs.select_related("source", "target")
    )
    new_pairs = sorted(_pair_label(pair) for pair in pairs)
    changes = {}
    if old_pairs != new_pairs:
        changes["pairs"] = [old_pairs, new_pairs]
        volunteer.pairs.all().delete()
        LanguagePair.objects.bulk_create(
            LanguagePair(volunteer=volunteer, source=source, target=target)
            for source, target in pairs
        )
    if not created and volunteer.monthly_capacity != monthly_capacity:
        changes["monthly_capacity"] = [volunteer.monthly_capacity, monthly_capacity]
    if not volunteer.is_active:
        changes["is_active"] = [False, True]
    if created or changes:
        volunteer.monthly_capacity, volunteer.is_active = monthly_capacity, True
        volunteer.save(update_fields=["monthly_capacity", "is_active"])
        log_action(
            obj=volunteer,
            action="coaching.translator.joined" if created else "coaching.translator.updated",
            actor=user,
            changes=changes,
        )
    return volunteer


@transaction.atomic
def volunteer_set_available(*, user, available: bool) -> Volunteer:
    """Pause (pending offers pass on) or resume volunteering; no change, no entry."""
    volunteer = Volunteer.objects.select_for_update().filter(user=user).first()
    if volunteer is None:
        raise TranslationError(_("You are not a volunteer translator."))
    if available and not volunteer.pairs.exists():
        raise TranslationError(_("Give at least one language pair."))
    if volunteer.is_active == available:
        return volunteer
    volunteer.is_active = available
    volunteer.save(update_fields=["is_active"])
    log_action(
        obj=volunteer,
        action="coaching.translator.resumed" if available else "coaching.translator.paused",
        actor=user,
        changes={"is_active": [not available, available]},
    )
    if not available:
        withdraw_pending(volunteer=volunteer)
    return volunteer


@transaction.atomic
def volunteer_stop(*, user) -> Volunteer | None:
    """Stop volunteering: no longer offered anything, language pairs cleared. Accepted
    work stays the volunteer's to deliver; delivered work stays counted."""
    volunteer = Volunteer.objects.select_for_update().filter(user=user).first()
    if volunteer is None:
        return None
    old_pairs = sorted(
        _pair_label((p.source, p.target))
        for p in volunteer.pairs.select_related("source", "target")
    )
    volunteer.is_active = False
    volunteer.save(update_fields=["is_active"])
    volunteer.pairs.all().delete()
    log_action(
        obj=volunteer,
        action="coaching.translator.stopped",
        actor=user,
        changes={"pairs": [old_pairs, []]},
    )
    withdraw_pending(volunteer=volunteer)
    return volunteer

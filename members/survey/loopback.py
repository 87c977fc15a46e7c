"""The loop back to members: "You asked for budget coaching in Spanish: this workshop is
for you."

`notify_members_with_need` is the documented entry point for coaching, peer exchange
and staff (the "Needs answered" admin): they call it when they plan something that
answers a need, and members who asked for that need in the survey, speak that language
and are in that region are told once.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.mail import send_to_user
from core.outbox.models import Email
from members.models import MemberProfile, MembershipApplication, User
from taxonomy.models import Language
from taxonomy.regions import Region

from .models import Answer, NeedAnnouncement, Response
from .services import SurveyError


def members_with_need(*, need_code: str, language: str = "", region: str = ""):
    """Approved, active members whose latest survey response asks for `need_code`, who
    take part in `language` (a survey answer, else a language on their profile; "" = any)
    and whose response's region is `region` ("" = any)."""
    latest = (
        Response.objects.filter(profile=OuterRef("profile"))
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    wanting = Response.objects.filter(pk=latest).filter(
        Exists(Answer.objects.filter(response=OuterRef("pk"), question="needs", option=need_code))
    )
    if region:
        wanting = wanting.filter(region=region)
    if language:
        wanting = wanting.filter(
            Exists(
                Answer.objects.filter(
                    response=OuterRef("pk"), question="languages", option=language
                )
            )
            | Q(profile__languages__code=language)
        )
    return (
        MemberProfile.objects.approved()
        .filter(user__is_active=True, pk__in=wanting.values("profile"))
        .select_related("user")
        .distinct()
    )


@transaction.atomic
def notify_members_with_need(
    *,
    need_code: str,
    language: str,
    region: str,
    subject_url: str,
    title: str,
    actor: User | None = None,
) -> NeedAnnouncement:
    """Tell the members who asked for `need_code` (a `MembershipApplication.Need` code),
    in `language` (an ISO 639-1 code, "" for any) and `region` (a `Region` value, "" for
    any), that `title` at `subject_url` answers it.

    Idempotent: one NeedAnnouncement per need, language, region and link (a constraint
    backs it) and one outbox key per announcement and member, so calling it again for
    the same thing emails nobody twice, and calling it after new members answered tells
    only them. The emails are stored in the caller's transaction and sent after commit,
    in each member's language. `actor` is the staff member (None for a system caller such
    as a coaching service, which checks its own permissions); a staff actor needs
    `survey.add_needannouncement`. Raises SurveyError for an unknown need, language or
    region, or an empty title or link. Returns the announcement (`notified` counts
    everyone told so far)."""
    if actor is not None and not actor.has_perm("survey.add_needannouncement"):
        raise PermissionDenied
    title = (title or "").strip()
    subject_url = (subject_url or "").strip()
    if need_code not in MembershipApplication.Need.values:
        raise SurveyError(_("Choose a need from the list."))
    if region and region not in Region.values:
        raise SurveyError(_("Choose a region from the list."))
    if language and not Language.objects.filter(code=language).exists():
        raise SurveyError(_("Choose a language from the list."))
    if not title or not subject_url:
        raise SurveyError(_("Give the title and the link of what answers the need."))
    try:
        with transaction.atomic():
            announcement, created = NeedAnnouncement.objects.get_or_create(
                need=need_code,
                language=language,
                region=region,
                subject_url=subject_url,
                defaults={"title": title[:200], "created_by": actor},
            )
    except IntegrityError:
        announcement, created = (
            NeedAnnouncement.objects.get(
                need=need_code, language=language, region=region, subject_url=subject_url
            ),
            False,
        )
    announcement = NeedAnnouncement.objects.select_for_update().get(pk=announcement.pk)
    language_row = Language.objects.filter(code=language).first() if language else None
    key_prefix = f"survey-need-answered:{announcement.pk}:"
    before = Email.objects.filter(key__startswith=key_prefix).count()
    for profile in members_with_need(
        need_code=need_code, language=language, region=region
    ).iterator():
        send_to_user(
            user=profile.user,
            template="survey/emails/need_answered",
            context={
                "profile": profile,
                "announcement": announcement,
                "need_label": MembershipApplication.Need(need_code).label,
                "language_row": language_row,
            },
            key=f"{key_prefix}{profile.pk}",
        )
    told = Email.objects.filter(key__startswith=key_prefix).count()
    if created or told != before:
        announcement.notified = told
        announcement.save(update_fields=["notified"])
        log_action(
            obj=announcement,
            action="survey.need.announced",
            actor=actor,
            data={
                "need": need_code,
                "language": language,
                "region": region,
                "told_now": told - before,
            },
        )
    return announcement

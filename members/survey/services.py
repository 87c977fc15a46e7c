"""Writes of the needs assessment: opening a version, answering it (also when applying
for membership), inviting existing members. The loop back is in loopback.py."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.errors import DomainError
from core.mail import absolute_url, send_to_user
from members.models import MemberProfile, MembershipApplication, User
from members.services import membership_apply
from taxonomy.regions import region_for_country

from . import catalogue
from .models import Answer, Invitation, Response, Survey

Answers = Mapping[str, list[str] | str]


class SurveyError(DomainError):
    """A refused answer or action; `errors` maps question codes to messages."""

    def __init__(self, message: str = "", errors: dict[str, str] | None = None):
        self.errors = errors or {}
        super().__init__(message or " ".join(self.errors.values()))


def _require(actor: User, perm: str) -> None:
    if actor is None or not actor.is_active or not actor.has_perm(perm):
        raise PermissionDenied


def clean_answers(*, survey: Survey, answers: Answers) -> dict[str, list[str] | str]:
    """The answers to `survey`'s questions, checked: known options only, no more than
    allowed, no duplicate ranks, required questions answered, text within its length.
    Answers to questions the version does not ask are dropped. Raises SurveyError with
    one message per question at fault."""
    cleaned: dict[str, list[str] | str] = {}
    errors: dict[str, str] = {}
    for q in survey.question_list():
        value = answers.get(q.code)
        if q.is_text:
            text = (value if isinstance(value, str) else "").strip()
            if len(text) > catalogue.TEXT_MAX_LENGTH:
                errors[q.code] = _("Keep this answer under %(n)s characters.") % {
                    "n": catalogue.TEXT_MAX_LENGTH
                }
            elif q.required and not text:
                errors[q.code] = _("This question needs an answer.")
            elif text:
                cleaned[q.code] = text
            continue
        chosen = [value] if isinstance(value, str) else list(value or [])
        chosen = [str(c) for c in chosen if c]
        allowed = {code for code, _label in q.options()}
        if len(set(chosen)) != len(chosen):
            errors[q.code] = _("Choose each answer only once.")
        elif not set(chosen) <= allowed:
            errors[q.code] = _("Choose answers from the list.")
        elif q.max_choices and len(chosen) > q.max_choices:
            errors[q.code] = _("Choose at most %(n)s answers.") % {"n": q.max_choices}
        elif q.required and not chosen:
            errors[q.code] = _("This question needs an answer.")
        elif chosen:
            cleaned[q.code] = chosen
    if errors:
        raise SurveyError(errors=errors)
    return cleaned


def _answer_rows(response: Response, survey: Survey, cleaned: dict) -> list[Answer]:
    rows = []
    for q in survey.question_list():
        value = cleaned.get(q.code)
        if not value:
            continue
        if q.is_text:
            rows.append(Answer(response=response, question=q.code, text=value))
        else:
            ranked = q.kind == catalogue.Kind.RANKED
            rows.extend(
                Answer(response=response, question=q.code, option=code, rank=i if ranked else None)
                for i, code in enumerate(value, start=1)
            )
    return rows


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    profile: MemberProfile,
    actor: User,
    answers: Answers,
    application: MembershipApplication | None = None,
    language: str = "en",
) -> Response:
    """Record `profile`'s answers to the open `survey` (their own only). Answering again
    replaces the earlier answers to that version: one response per member and version (a
    constraint backs it). Country and region are copied from the profile. Raises
    SurveyError for a closed version or invalid answers (nothing is written then)."""
    if actor is None or actor.pk != profile.user_id:
        raise PermissionDenied
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open:
        raise SurveyError(_("This version of the survey is closed."))
    cleaned = clean_answers(survey=survey, answers=answers)
    defaults = {
        "submitted_at": timezone.now(),
        "answered_in": language if language in {"en", "fr", "es"} else "en",
        "country": profile.country,
        "region": region_for_country(profile.country.code if profile.country else ""),
    }
    if application is not None:
        defaults["application"] = application
    try:
        with transaction.atomic():
            response, created = Response.objects.update_or_create(
                survey=survey, profile=profile, defaults=defaults
            )
    except IntegrityError:  # a concurrent first answer won: update theirs
        response = Response.objects.select_for_update().get(survey=survey, profile=profile)
        created = False
    response.answers.all().delete()
    Answer.objects.bulk_create(_answer_rows(response, survey, cleaned))
    log_action(
        obj=response,
        action="survey.response.submitted",
        actor=actor,
        data={"survey": survey.version, "first": created, "questions": sorted(cleaned)},
    )
    return response


@transaction.atomic
def membership_apply_with_survey(
    *,
    profile: MemberProfile,
    actor: User,
    application: Mapping,
    answers: Answers | None,
    language: str = "en",
) -> MembershipApplication:
    """Apply for membership and answer the open survey, all or nothing. The
    application's `needs`, challenges and workshop topics are copied from the answers
    (the codes it has always used), so the review admin shows them as before.
    Without an open survey this is `members.services.membership_apply`."""
    survey = Survey.objects.open().first()
    cleaned = clean_answers(survey=survey, answers=answers or {}) if survey else {}
    created = membership_apply(
        profile=profile,
        actor=actor,
        needs=cleaned.get("needs", []),
        challenges=cleaned.get("challenges_other", ""),
        workshop_topics=cleaned.get("topics_other", ""),
        **application,
    )
    if survey is not None:
        response_submit(
            survey=survey,
            profile=profile,
            actor=actor,
            answers=cleaned,
            application=created,
            language=language,
        )
    return created


@transaction.atomic
def survey_open_new_version(*, actor: User, questions: list[str] | None = None) -> Survey:
    """Close the open version (if any) and open the next one, asking `questions` (codes;
    default: the previous version's, else the whole catalogue). Staff who may add
    surveys only. Raises SurveyError for an unknown or repeated code or an empty list."""
    _require(actor, "survey.add_survey")
    current = Survey.objects.select_for_update().open().first()
    if questions is None:
        questions = list(current.questions) if current else list(catalogue.DEFAULT_QUESTIONS)
    questions = [str(q) for q in questions]
    if (
        not questions
        or len(set(questions)) != len(questions)
        or not set(questions) <= set(catalogue.QUESTIONS)
    ):
        raise SurveyError(_("Choose questions from the catalogue, each once."))
    if current is not None:
        current.status = Survey.Status.CLOSED
        current.closed_at = timezone.now()
        current.save(update_fields=["status", "closed_at"])
        log_action(
            obj=current,
            action="survey.survey.closed",
            actor=actor,
            changes={"status": ["open", "closed"]},
        )
    version = (Survey.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    survey = Survey.objects.create(version=version, questions=questions, created_by=actor)
    log_action(
        obj=survey, action="survey.survey.opened", actor=actor, data={"questions": questions}
    )
    return survey


@transaction.atomic
def survey_invite_members(*, survey: Survey, actor: User) -> int:
    """Invite every approved member who has neither answered `survey` nor been invited to
    it, by email in their language. Idempotent: an invitation row per member and version
    (a constraint) and one outbox key per member and version, so running it twice sends
    nothing more. Returns how many were invited now. Staff who may change surveys only."""
    _require(actor, "survey.change_survey")
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open:
        raise SurveyError(_("Only the open version can be sent to members."))
    profiles = (
        MemberProfile.objects.approved()
        .filter(user__is_active=True)
        .exclude(survey_responses__survey=survey)
        .exclude(pk__in=Invitation.objects.filter(survey=survey).values("profile"))
        .select_related("user")
    )
    invited = 0
    for profile in profiles.iterator(chunk_size=500):
        Invitation.objects.create(survey=survey, profile=profile)
        send_to_user(
            user=profile.user,
            template="survey/emails/invitation",
            context={
                "profile": profile,
                "survey": survey,
                "survey_url": absolute_url(
                    "survey:answer", language=profile.preferred_language or "en"
                ),
            },
            key=f"survey-invitation:{survey.pk}:{profile.pk}",
        )
        invited += 1
    log_action(obj=survey, action="survey.survey.invited", actor=actor, data={"invited": invited})
    return invited

"""The survey's questions, by code.

A question's code, kind and option codes never change meaning: answers are stored as
codes, so a French, a Spanish and an English answer add up, and two versions of the
survey can be compared. Rewording a label is fine; asking something else needs a new
code. A survey version (models.Survey) is the ordered list of codes it asks.

The needs options are the codes the membership application has always stored
(`MembershipApplication.Need`), so old applications count with new answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import MembershipApplication
from taxonomy.models import Language, SkillCategory


class Kind(models.TextChoices):
    MULTI = "multi", _("Several choices")
    RANKED = "ranked", _("Top three, in order")
    LANGUAGES = "languages", _("Languages")
    TEXT = "text", _("Free text")


class Challenge(models.TextChoices):
    FUNDING = "funding_access", _("Access to funding")
    STAFF = "skilled_staff", _("Finding and keeping skilled staff")
    PARTNERS = "partnerships", _("Finding partners and employers")
    SCALING = "scaling", _("Scaling up what works")
    DIGITAL = "digital_tools", _("Digital tools and connectivity")
    POLICY = "policy", _("Policy and regulation")
    MEASUREMENT = "measurement", _("Measuring impact")
    LANGUAGE = "language_barriers", _("Language barriers")


class WorkshopTopic(models.TextChoices):
    PROPOSALS = "proposal_writing", _("Writing proposals")
    BUDGETS = "budgeting", _("Budgets and financial reporting")
    IMPACT = "impact_measurement", _("Measuring impact")
    RPL = "rpl", _("Recognition of prior learning")
    DIGITAL = "digital_learning", _("Digital and online learning")
    GREEN = "green_skills", _("Green skills")
    EMPLOYERS = "employer_engagement", _("Working with employers")
    COMMUNICATION = "communication", _("Communication and storytelling")
    DATA = "labour_market_data", _("Labour market data")
    FUNDRAISING = "fundraising", _("Fundraising and investors")


class Format(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    PEER = "peer_exchange", _("Peer exchange")
    IN_PERSON = "in_person", _("In person")
    SELF_PACED = "self_paced", _("Self-paced")


class TimeSlot(models.TextChoices):
    EARLY = "utc_06_09", _("06:00–09:00 UTC")
    MORNING = "utc_09_12", _("09:00–12:00 UTC")
    MIDDAY = "utc_12_15", _("12:00–15:00 UTC")
    AFTERNOON = "utc_15_18", _("15:00–18:00 UTC")
    EVENING = "utc_18_21", _("18:00–21:00 UTC")


def _fixed(choices) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(code, str(label)) for code, label in choices]


def _categories() -> list[tuple[str, str]]:
    return [(c.slug, c.name) for c in SkillCategory.objects.active()]


def _languages() -> list[tuple[str, str]]:
    return [(lang.code, lang.name) for lang in Language.objects.all()]


@dataclass(frozen=True)
class Question:
    code: str
    kind: str
    label: object
    help_text: object = ""
    options: Callable[[], list[tuple[str, str]]] = field(default=lambda: [])
    required: bool = False
    # At most this many choices (multi), or the number of ranks (ranked).
    max_choices: int | None = None

    @property
    def is_text(self) -> bool:
        return self.kind == Kind.TEXT


QUESTIONS: dict[str, Question] = {
    q.code: q
    for q in [
        Question(
            "needs",
            Kind.MULTI,
            _("What do you need from the network?"),
            options=_fixed(MembershipApplication.Need.choices),
            required=True,
        ),
        Question(
            "challenges",
            Kind.MULTI,
            _("What are your main challenges?"),
            _("Choose up to three."),
            options=_fixed(Challenge.choices),
            max_choices=3,
        ),
        Question(
            "categories",
            Kind.MULTI,
            _("Which skills categories do you work in?"),
            options=_categories,
        ),
        Question(
            "workshop_topics",
            Kind.RANKED,
            _("Which workshop or event topics do you need most?"),
            _("Your first, second and third choice."),
            options=_fixed(WorkshopTopic.choices),
            required=True,
            max_choices=3,
        ),
        Question(
            "languages",
            Kind.LANGUAGES,
            _("In which languages can you take part?"),
            options=_languages,
            required=True,
        ),
        Question(
            "formats",
            Kind.MULTI,
            _("Which formats suit you?"),
            options=_fixed(Format.choices),
            required=True,
        ),
        Question(
            "time_slots",
            Kind.MULTI,
            _("When can you usually take part?"),
            options=_fixed(TimeSlot.choices),
        ),
        Question(
            "challenges_other",
            Kind.TEXT,
            _("Anything else that holds your organization back?"),
        ),
        Question(
            "topics_other",
            Kind.TEXT,
            _("Other workshop or event topics you would like"),
        ),
    ]
}

DEFAULT_QUESTIONS: list[str] = list(QUESTIONS)
TEXT_MAX_LENGTH = 2000


def question(code: str) -> Question | None:
    return QUESTIONS.get(code)


def option_labels(code: str) -> dict[str, str]:
    """{option code: label in the active language} for question `code`."""
    q = QUESTIONS.get(code)
    return dict(q.options()) if q else {}

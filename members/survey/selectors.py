"""Reads of the needs assessment: the open version, a member's response, and the
results (counts, rankings, cross-tabs, free text) by code, so answers given in any
language add up.

Small cells: wherever someone who is not staff sees aggregates, counts under
MIN_CELL respondents are withheld (`suppress=True`), and so is everything when the
selection itself has fewer respondents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value

from members.models import MemberProfile
from taxonomy.regions import Region

from . import catalogue
from .models import Answer, Response, Survey

MIN_CELL = 3
# Free-text answers shown per question on the staff results page (newest first); the
# CSV and Excel exports have every one of them.
TEXTS_SHOWN = 50


@dataclass
class Row:
    code: str
    label: str
    count: int | None  # None: withheld (fewer than MIN_CELL respondents)
    points: int | None = None  # ranked questions: 3 for a first choice, 2, 1
    first: int | None = None  # ranked questions: how many put it first
    width: float = 0.0  # bar length, 0–100, relative to the largest bar

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass
class Section:
    question: catalogue.Question
    rows: list[Row] = field(default_factory=list)
    answered: int | None = 0
    texts: list[dict] = field(default_factory=list)

    @property
    def is_ranked(self) -> bool:
        return self.question.kind == catalogue.Kind.RANKED


@dataclass
class CrossTab:
    columns: list[tuple[str, str]]
    rows: list[tuple[str, list[int | None]]]


@dataclass
class Results:
    survey: Survey
    respondents: int | None
    sections: list[Section]
    crosstab: CrossTab | None
    too_few: bool


def survey_open() -> Survey | None:
    return Survey.objects.open().first()


def survey_for_results(version: int | None) -> Survey | None:
    surveys = Survey.objects.all()
    return surveys.filter(version=version).first() if version else surveys.first()


def response_of(*, survey: Survey, profile: MemberProfile | None) -> Response | None:
    if profile is None or profile.pk is None:
        return None
    return (
        Response.objects.filter(survey=survey, profile=profile).prefetch_related("answers").first()
    )


def initial_answers(response: Response | None) -> dict[str, list[str] | str]:
    """A response's answers in the form `services.clean_answers` takes (ranks in order)."""
    answers: dict[str, list] = {}
    if response is None:
        return answers
    for answer in sorted(response.answers.all(), key=lambda a: (a.question, a.rank or 0, a.pk)):
        if answer.text:
            answers[answer.question] = answer.text
        else:
            answers.setdefault(answer.question, []).append(answer.option)
    return answers


def _answering(code: str, option: str):
    return Exists(Answer.objects.filter(response=OuterRef("pk"), question=code, option=option))


def responses_for(*, survey: Survey, region: str = "", language: str = "", fmt: str = ""):
    """The responses to `survey` in `region`, from people taking part in `language`, who
    like format `fmt` ("" = any)."""
    responses = Response.objects.filter(survey=survey)
    if region:
        responses = responses.filter(region=region)
    if language:
        responses = responses.filter(_answering("languages", language))
    if fmt:
        responses = responses.filter(_answering("formats", fmt))
    return responses


def _withhold(n: int, suppress: bool) -> int | None:
    return None if suppress and n < MIN_CELL else n


def _choice_section(question, responses, suppress: bool) -> Section:
    answers = Answer.objects.filter(response__in=responses, question=question.code).exclude(
        option=""
    )
    labels = dict(question.options())
    ranked = question.kind == catalogue.Kind.RANKED
    measures = {"n": Count("response", distinct=True)}
    if ranked:
        # Borda points: a first choice is worth as many points as there are ranks.
        measures |= {
            "points": Sum(Value((question.max_choices or 3) + 1) - F("rank")),
            "first": Count("pk", filter=Q(rank=1)),
        }
    stats = {row["option"]: row for row in answers.values("option").annotate(**measures)}
    codes = list(labels) + [
        code for code in stats if code not in labels
    ]  # retired options still count
    rows = []
    for code in codes:
        stat = stats.get(code, {})
        count = _withhold(stat.get("n", 0), suppress)
        row = Row(code=code, label=labels.get(code, code), count=count)
        if ranked and count is not None:
            row.points, row.first = stat.get("points") or 0, stat.get("first") or 0
        rows.append(row)

    def measure(row: Row) -> int:
        return (row.points if ranked else row.count) or 0

    rows.sort(key=lambda r: (r.suppressed, -measure(r), r.label))
    scale = max([measure(r) for r in rows] or [0])
    for r in rows:
        r.width = round(100 * measure(r) / scale, 1) if scale else 0.0
    answered = _withhold(answers.values("response").distinct().count(), suppress)
    return Section(question=question, rows=rows, answered=answered)


def _text_section(question, responses) -> Section:
    """The newest TEXTS_SHOWN answers, and how many there are in all."""
    answers = Answer.objects.filter(response__in=responses, question=question.code).exclude(text="")
    texts = list(
        answers.order_by("-response__submitted_at", "-pk").values(
            "text", "response__region", "response__answered_in", "response__submitted_at"
        )[:TEXTS_SHOWN]
    )
    regions = dict(Region.choices)
    for t in texts:
        t["region_label"] = regions.get(t["response__region"], "")
    answered = len(texts) if len(texts) < TEXTS_SHOWN else answers.count()
    return Section(question=question, texts=texts, answered=answered)


def crosstab(*, responses, question_code: str = "needs", suppress: bool = False) -> CrossTab:
    """Counts of respondents per option of `question_code` (rows) and region (columns)."""
    counts = {
        (row["option"], row["response__region"]): row["n"]
        for row in Answer.objects.filter(response__in=responses, question=question_code)
        .exclude(option="")
        .values("option", "response__region")
        .annotate(n=Count("response", distinct=True))
    }
    columns = list(Region.choices)
    labels = catalogue.option_labels(question_code)
    rows = [
        (label, [_withhold(counts.get((code, region), 0), suppress) for region, _name in columns])
        for code, label in labels.items()
    ]
    return CrossTab(columns=[(code, str(name)) for code, name in columns], rows=rows)


def survey_results(
    *,
    survey: Survey,
    region: str = "",
    language: str = "",
    fmt: str = "",
    suppress: bool = False,
    texts: bool = True,
) -> Results:
    """The results of `survey` for one selection. With `suppress` (anyone who is not
    staff) cells under MIN_CELL are withheld and free text is never included."""
    responses = responses_for(survey=survey, region=region, language=language, fmt=fmt)
    total = responses.count()
    if suppress and total < MIN_CELL:
        return Results(survey=survey, respondents=None, sections=[], crosstab=None, too_few=True)
    sections = []
    for question in survey.question_list():
        if question.is_text:
            if texts and not suppress:
                sections.append(_text_section(question, responses))
        else:
            sections.append(_choice_section(question, responses, suppress))
    table = (
        crosstab(responses=responses, suppress=suppress) if "needs" in survey.questions else None
    )
    return Results(
        survey=survey, respondents=total, sections=sections, crosstab=table, too_few=False
    )

"""The survey as a form (built from the version's question codes) and the results'
filters. Validation only: answers are saved by services.response_submit, which checks
them again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import MembershipApplication
from taxonomy.models import Language
from taxonomy.regions import Region

from . import catalogue
from .models import Survey
from .services import SurveyError, clean_answers


class SurveyForm(forms.Form):
    """One field per question (`q_<code>`; a ranked question has `q_<code>_1` … `_3`).
    `answers()` gives what `services.response_submit` takes."""

    def __init__(self, *args, survey: Survey, initial_answers: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.groups: list[tuple[catalogue.Question, list[str]]] = []
        initial_answers = initial_answers or {}
        for q in survey.question_list():
            names = self._add(q, initial_answers.get(q.code))
            self.groups.append((q, names))

    def _add(self, q: catalogue.Question, initial) -> list[str]:
        name = f"q_{q.code}"
        if q.is_text:
            self.fields[name] = forms.CharField(
                label=q.label,
                help_text=q.help_text,
                required=q.required,
                max_length=catalogue.TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=initial or "",
            )
            return [name]
        choices = q.options()
        if q.kind == catalogue.Kind.RANKED:
            names = []
            for rank in range(1, (q.max_choices or 3) + 1):
                rank_name = f"{name}_{rank}"
                self.fields[rank_name] = forms.ChoiceField(
                    label=_("%(question)s — choice %(rank)s") % {"question": q.label, "rank": rank},
                    help_text=q.help_text if rank == 1 else "",
                    choices=[("", _("(none)"))] + choices,
                    required=q.required and rank == 1,
                    initial=initial[rank - 1] if initial and len(initial) >= rank else "",
                )
                names.append(rank_name)
            return names
        self.fields[name] = forms.MultipleChoiceField(
            label=q.label,
            help_text=q.help_text,
            choices=choices,
            required=q.required,
            widget=forms.CheckboxSelectMultiple,
            initial=initial or [],
        )
        return [name]

    @property
    def groups_bound(self):
        """(question, [bound fields]) in order, for the template."""
        return [(q, [self[name] for name in names]) for q, names in self.groups]

    def answers(self) -> dict[str, list[str] | str]:
        data = self.cleaned_data
        answers: dict[str, list[str] | str] = {}
        for q, names in self.groups:
            if q.kind == catalogue.Kind.RANKED:
                answers[q.code] = [data.get(n) for n in names if data.get(n)]
            else:
                answers[q.code] = data.get(names[0]) or ([] if not q.is_text else "")
        return answers

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            clean_answers(survey=self.survey, answers=self.answers())
        except SurveyError as error:
            for code, message in error.errors.items():
                names = {q.code: n for q, n in self.groups}[code]
                self.add_error(names[0], message)
        return cleaned


def _language_choices():
    return [("", _("Any language"))] + [(lang.code, lang.name) for lang in Language.objects.all()]


class ResultsFilterForm(forms.Form):
    """The selection of respondents: version, region, language, format."""

    version = forms.TypedChoiceField(
        label=_("Version"), coerce=int, required=False, empty_value=None
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Any format")), *catalogue.Format.choices],
    )

    def __init__(self, *args, members_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [
            (s.version, str(s)) for s in Survey.objects.only("version")
        ]
        self.fields["language"].choices = _language_choices()
        if members_only:
            # Members see one dimension at a time: crossing several would single people out.
            del self.fields["language"], self.fields["format"]


class NeedAnnouncementForm(forms.Form):
    """Staff tag something they plan (a coaching session, a peer topic) with a need."""

    need = forms.ChoiceField(label=_("Need it answers"), choices=MembershipApplication.Need.choices)
    language = forms.ChoiceField(label=_("Language"), required=False)
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    subject_url = forms.URLField(label=_("Link"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices()


def application_survey_form(data=None) -> SurveyForm | None:
    """The open version's form for the membership application page (None when no
    version is open). Its fields are prefixed so they never clash with the
    application's."""
    survey = Survey.objects.open().first()
    return SurveyForm(data, survey=survey, prefix="survey") if survey else None

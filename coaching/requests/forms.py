from django import forms
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Language

from .models import Need, Outcome, Stage


class RequestForm(forms.Form):
    title = forms.CharField(label=_("What you apply for"), max_length=300)
    call = forms.ModelChoiceField(
        label=_("Funding call (optional)"), queryset=None, required=False,
        help_text=_("Its deadline becomes the request's."),
    )  # fmt: skip
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    needs = forms.MultipleChoiceField(
        label=_("What you need"), choices=Need.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, calls=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = calls


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    amount = forms.DecimalField(
        label=_("Amount funded"), required=False, min_value=0, max_digits=14, decimal_places=2
    )


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document (PDF, DOCX, XLSX or ODT)"))


class AdvisorChoiceForm(forms.Form):
    """Which advisor the member asks for: `advisors` ranked for the request
    (selectors.advisors_for), each labelled with what matched."""

    advisor = forms.TypedChoiceField(
        label=_("Technical advisor"),
        coerce=int,
        error_messages={
            "invalid_choice": _("This advisor is not available at the moment. Choose another one.")
        },
    )

    def __init__(self, *args, advisors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.advisors = {advisor.pk: advisor for advisor in advisors}
        self.fields["advisor"].choices = [("", _("Choose an advisor"))] + [
            (advisor.pk, _advisor_label(advisor)) for advisor in advisors
        ]

    def clean_advisor(self):
        return self.advisors[self.cleaned_data["advisor"]]


def _advisor_label(advisor) -> str:
    parts = [advisor.name, advisor.title]
    reasons = getattr(advisor, "reasons", [])
    label = " · ".join(p for p in parts if p)
    return f"{label} ({', '.join(reasons)})" if reasons else label


class RequestChoiceForm(forms.Form):
    """On an advisor's page: which of the member's open requests to ask them for."""

    coaching_request = forms.ModelChoiceField(
        label=_("Your coaching request"),
        queryset=None,
        empty_label=_("Choose a request"),
        error_messages={"invalid_choice": _("Choose one of your open coaching requests.")},
    )

    def __init__(self, *args, requests=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coaching_request"].queryset = requests

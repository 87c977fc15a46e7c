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

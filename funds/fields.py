"""A portable multi-choice column.

Stored as ",a,b," in a plain text column so that "contains value" is one LIKE filter on
PostgreSQL and SQLite alike (`multi_contains`). Read back as a list of codes.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.db.models import Q


class MultiChoiceField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, (list, tuple)):
            return list(value)
        return [v for v in str(value).split(",") if v]

    def get_prep_value(self, value):
        # A plain string is a lookup pattern (see multi_contains): pass it through.
        if isinstance(value, str):
            return value
        values = [str(v) for v in (value or []) if v]
        return f",{','.join(values)}," if values else ""

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj) or [])

    def validate(self, value, model_instance):
        if not self.editable:
            return
        allowed = {str(k) for k, _label in self.flatchoices}
        bad = [v for v in value or [] if allowed and v not in allowed]
        if bad:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": bad[0]}
            )
        if not self.blank and not value:
            raise forms.ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.choices,
            "required": not self.blank,
            "widget": forms.CheckboxSelectMultiple,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        return forms.TypedMultipleChoiceField(
            **{k: v for k, v in defaults.items() if k not in {"form_class", "max_length"}}
        )

    def get_choices(self, *args, **kwargs):
        return list(self.choices or [])


def multi_contains(field: str, value: str) -> Q:
    """Rows whose multi-choice `field` holds `value`."""
    return Q(**{f"{field}__contains": f",{value},"})

"""core.widgets: the select widgets for long lists write exactly the HTML of Django's own,
without a template include per option."""

from __future__ import annotations

import pytest
from django import forms

from core.widgets import Select, SelectMultiple

CHOICES = [
    ("", "All countries"),
    ("KE", "Kenya"),
    ("CI", "Côte d’Ivoire"),
    ("XSS", '<script>alert("x")</script> & co'),
    ("Group <b>", [("a", "A & a"), ("b", "B")]),
]


@pytest.mark.parametrize("value", [None, "", "KE", "XSS", "b"])
def test_the_quick_select_writes_the_same_html_as_djangos(value):
    attrs = {"id": "id_country", "aria-describedby": "help", "required": True, "disabled": False}

    ours = Select(choices=CHOICES).render("country", value, attrs=attrs)

    assert ours == forms.Select(choices=CHOICES).render("country", value, attrs=attrs)


def test_the_quick_multiple_select_writes_the_same_html_as_djangos():
    ours = SelectMultiple(choices=CHOICES).render(
        "keyword", ["KE", "a"], attrs={"id": "id_keyword"}
    )

    assert ours == forms.SelectMultiple(choices=CHOICES).render(
        "keyword", ["KE", "a"], attrs={"id": "id_keyword"}
    )
    assert 'value="KE" selected' in ours and "&lt;script&gt;" in ours


def test_a_field_with_the_quick_select_keeps_the_select_field_class():
    class CountryForm(forms.Form):
        country = forms.ChoiceField(choices=CHOICES, widget=Select)

    assert CountryForm()["country"].widget_type == "select"

"""templates/django/forms/widgets/select.html: Django's select with its options written
inline (no template include per option) renders exactly the HTML of Django's own
templates, for every select of the portal."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

CHOICES = [
    ("", "All countries"),
    ("KE", "Kenya"),
    ("CI", "Côte d’Ivoire"),
    ("XSS", '<script>alert("x")</script> & co'),
    ("Group <b>", [("a", "A & a"), ("b", "B")]),
]
DJANGOS_OWN = DjangoTemplates()  # django/forms/templates only: the original select.html


def test_the_portal_renders_forms_through_its_own_select_template():
    template = get_default_renderer().get_template("django/forms/widgets/select.html")

    assert "templates/django/forms/widgets/select.html" in str(template.origin.name)


@pytest.mark.parametrize("value", [None, "", "KE", "XSS", "b"])
def test_the_select_writes_the_same_html_as_djangos_own_templates(value):
    attrs = {"id": "id_country", "aria-describedby": "help", "required": True, "disabled": False}
    widget = forms.Select(choices=CHOICES)

    ours = widget.render("country", value, attrs=attrs)

    assert ours == widget.render("country", value, attrs=attrs, renderer=DJANGOS_OWN)
    assert "{%" not in ours and "comment" not in ours


def test_the_multiple_select_writes_the_same_html_as_djangos_own_templates():
    widget = forms.SelectMultiple(choices=CHOICES)

    ours = widget.render("keyword", ["KE", "a"], attrs={"id": "id_keyword"})

    assert ours == widget.render("keyword", ["KE", "a"], attrs={"id": "id_keyword"}, renderer=DJANGOS_OWN)
    assert 'value="KE" selected' in ours and "&lt;script&gt;" in ours


def test_a_yes_no_select_keeps_djangos_html():
    widget = forms.NullBooleanSelect()

    assert widget.render("rolling", True) == widget.render("rolling", True, renderer=DJANGOS_OWN)

"""The one behaviour of every filtered list page when its filters cannot all be used.

The page is rendered as usual — each bad value's error next to its field (through
components/form_field.html) and a summary above the results — and answered with status
400, so a link with an unknown category or "abc" as an amount is a client error to
crawlers, monitoring and scripts while people see what to fix. Filters given and valid,
or none given, answer 200.

    filterset = selectors.member_filterset(user=request.user, filters=request.GET)
    ...
    return render_list(request, "members/directory.html", context, form=filterset.form)
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def list_status(form: forms.Form) -> int:
    """400 when the list's filters were given and some are invalid, else 200."""
    return 400 if form.is_bound and not form.is_valid() else 200


def render_list(request: HttpRequest, template: str, context: dict, *, form: forms.Form) -> HttpResponse:
    """Render a list page (or its results partial) with the status its filters call for."""
    return render(request, template, context, status=list_status(form))

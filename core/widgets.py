"""Select widgets for long lists (250 countries, hundreds of keywords): the HTML of Django's
own Select and SelectMultiple, written in Python instead of one template include per
option. Rendering the network map's filter form option by option took 80 % of the map
page's CPU time (about 200 ms for its 530 options); the same markup this way takes a few.

The class names stay Select and SelectMultiple, so BoundField.widget_type, and with it
the "field--select" class of templates/components/form_field.html, is unchanged."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: in order, True as a bare name, False left out."""
    return mark_safe(  # noqa: S308 - every part is format_html's
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )


class _OptionsInPython:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',  # the include's own newline
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for option in group_choices
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is format_html's


class Select(_OptionsInPython, forms.Select):
    pass


class SelectMultiple(_OptionsInPython, forms.SelectMultiple):
    pass

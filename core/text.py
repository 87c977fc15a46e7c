"""Text as people meant to type it: no control characters, and no line breaks in what is
shown on one line (a title, a name).

Control characters come in by pasting (from PDFs, spreadsheets, other sites) or on
purpose; a newline in a title broke calendar files, a NUL breaks PostgreSQL. Every way a
value enters the portal uses these functions: the model fields below (admin, services,
the spreadsheet import's model writes), their form fields (the admin, member forms) and
the import's cell reader (funds/spreadsheet/cells.py).

- single_line(): a run of line breaks and tabs (with the spaces around it) becomes one
  space, other control characters go, the ends are stripped.
- multi_line(): every line break (CRLF, CR, VT, FF, NEL, U+2028…) becomes LF, tabs
  stay, other control characters go.

"Control characters" are Unicode's Cc category (C0, DEL, C1) plus the line and paragraph
separators U+2028/U+2029. Format characters (Cf) such as the right-to-left mark or the
zero-width joiner are kept: Arabic, Persian and Indic text needs them.
"""

from __future__ import annotations

import re

from django import forms
from django.core import validators
from django.db import models

_LINE_BREAKS = "\n\r\t\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029"
_CONTROL = "".join(chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))) + "\u2028\u2029"
_OTHER_CONTROL = re.compile("[" + re.escape("".join(c for c in _CONTROL if c not in _LINE_BREAKS)) + "]")
_MULTI_LINE_DROP = re.compile("[" + re.escape("".join(c for c in _CONTROL if c not in "\n\t")) + "]")
_BREAKS = re.compile("[" + re.escape(_LINE_BREAKS) + "]+")


def single_line(text) -> str:
    """`text` as one clean line ("" for None)."""
    if text is None:
        return ""
    text = _OTHER_CONTROL.sub("", str(text))
    # Split and join rather than one regex over spaces and breaks: linear on any input.
    # Other spaces (a French no-break space before a colon) are the writer's choice.
    parts = (part.strip(" ") for part in _BREAKS.split(text))
    return " ".join(part for part in parts if part).strip()


def multi_line(text) -> str:
    """`text` with LF line ends and without control characters other than LF and tab."""
    if text is None:
        return ""
    text = str(text)
    # Every line boundary Python knows (CR, CRLF, VT, FF, FS, GS, RS, NEL, U+2028/9) → LF.
    lines = text.splitlines()
    joined = "\n".join(lines)
    if lines and text.splitlines(keepends=True)[-1] != lines[-1]:
        joined += "\n"
    return _MULTI_LINE_DROP.sub("", joined)


# --- Form fields -------------------------------------------------------------------------


class SingleLineFormField(forms.CharField):
    """A CharField whose value is single_line()d before validation (so max_length counts
    what is stored)."""

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if value not in self.empty_values else value


class MultiLineFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return multi_line(value) if value not in self.empty_values else value


# --- Model fields: the value is cleaned whatever path saves it ---------------------------


class SingleLineCharField(models.CharField):
    """A CharField that never stores line breaks or control characters."""

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = single_line(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SingleLineFormField, **kwargs})


class MultiLineTextField(models.TextField):
    """A TextField without control characters (other than LF and tab), with LF line ends.
    Its max_length, unlike a plain TextField's, is enforced by model validation too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def to_python(self, value):
        value = super().to_python(value)
        return multi_line(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = multi_line(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MultiLineFormField, **kwargs})

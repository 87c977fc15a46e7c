"""Template helpers for the funding-calls pages: sanitised Markdown (rendered by
core.markdown), lifecycle labels,
labels of multi-choice codes. (Deadlines in a time zone: Django's own {% load tz %}
|timezone filter, which the date filter then leaves alone.)"""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC

from django import template
from django.forms.utils import flatatt
from django.template.loader import get_template
from django.utils import formats, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.markdown import render_markdown
from taxonomy.regions import Region

from ..choices import ApplicantType, Lifecycle

register = template.Library()

@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    """A call description as sanitised HTML, headings from h3 (core.markdown)."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - sanitised by nh3 in render_markdown


@register.simple_tag
def deadline_short(call):
    """"Deadline 31 March 2027, 23:59 Pacific/Auckland · 12 days left", computed once in
    Python (a list renders it for every call)."""
    if call.is_rolling or not call.deadline:
        return format_html('<span class="funds-deadline">{}</span>', _("Rolling: apply any time"))
    local = call.deadline_local
    days = call.days_left
    if days is None:
        left = ""
    elif days == 0:
        left = _("closes within a day")
    else:
        left = ngettext("%(count)s day left", "%(count)s days left", days) % {"count": days}
    return format_html(
        '<span class="funds-deadline">{} <time datetime="{}">{}, {}</time> <abbr title="{}">{}</abbr>{}</span>',
        _("Deadline"),
        call.deadline.astimezone(UTC).isoformat(),
        formats.date_format(local, "DATE_FORMAT"),
        local.strftime("%H:%M"),
        _("the call’s time zone"),
        call.deadline_timezone,
        format_html(" · {}", left) if left else "",
    )


@register.filter
def lifecycle_label(value: str) -> str:
    try:
        return Lifecycle(value).label
    except ValueError:
        return ""


@register.filter
def region_labels(codes) -> list[str]:
    return [Region(c).label for c in codes or [] if c in Region.values]


@register.filter
def applicant_type_labels(codes) -> list[str]:
    return [ApplicantType(c).label for c in codes or [] if c in ApplicantType.values]


def _selected(field) -> set[str]:
    value = field.value()
    values = value if isinstance(value, list | tuple) else [value]
    return {str(v) for v in values if v not in (None, "")}


def _errors(field):
    """The field's ErrorList, or "" when there is none: rendering an empty ErrorList still
    goes through the form renderer's template (13 fields on the list page)."""
    errors = field.errors
    return errors if errors else ""


def _aria(field) -> str:
    """aria-describedby (help text, errors) and aria-invalid, as BoundField adds them."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    described = format_html(' aria-describedby="{}"', " ".join(ids)) if ids else ""
    invalid = ' aria-invalid="true"' if field.errors else ""
    return format_html("{}{}", described, mark_safe(invalid))  # noqa: S308 - a constant


# Fields whose choices never change at run time (per language): their <option>s are
# rendered once per language and selection, not on every request.
STATIC_CHOICE_FIELDS = frozenset({"country", "region", "instrument", "applicant_type", "funder_type", "status", "added_within"})


def _options(choices, selected: set[str]) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) in selected or (value == "" and not selected) else "", label)
            for value, label in choices
        ),
    )


_OPTIONS_CACHE: dict[tuple, str] = {}


def _cached_options(name: str, language: str, selected: tuple[str, ...], choices) -> str:
    key = (name, language, selected)
    html = _OPTIONS_CACHE.get(key)
    if html is None:
        html = _options(choices, set(selected))
        if len(_OPTIONS_CACHE) < 2_000:  # bounded: a few fields × languages × selections
            _OPTIONS_CACHE[key] = html
    return html


@register.simple_tag
def choice_field(field):
    """A labelled <select>, or a <fieldset> of checkboxes, rendered in Python with the
    structure of Django's field.html (label, help text, errors, aria-describedby).

    Django's widget templates render every <option> through a template include: with 250
    countries that is most of the list page's time."""
    selected = _selected(field)
    help_html = (
        format_html('<div class="helptext" id="{}_helptext">{}</div>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    if getattr(field.field.widget, "allow_multiple_selected", False):
        boxes = format_html_join(
            "",
            '<div><label for="{0}_{1}"><input type="checkbox" name="{2}" value="{3}" id="{0}_{1}"{4}> {5}</label></div>',
            (
                (field.auto_id, i, field.html_name, value, mark_safe(" checked") if str(value) in selected else "", label)
                for i, (value, label) in enumerate(field.field.choices)
            ),
        )
        return format_html(
            '<fieldset{}><legend>{}</legend>{}{}<div id="{}">{}</div></fieldset>',
            _aria(field), field.label, help_html, _errors(field), field.auto_id, boxes,
        )
    if field.name in STATIC_CHOICE_FIELDS:
        options = _cached_options(field.name, translation.get_language() or "", tuple(sorted(selected)), field.field.choices)
    else:
        options = _options(field.field.choices, selected)
    return format_html(
        '<label for="{}">{}</label>{}{}<select name="{}" id="{}"{}>{}</select>',
        field.auto_id, field.label, help_html, _errors(field), field.html_name, field.auto_id, _aria(field), options,
    )


_CARD_CACHE: OrderedDict[tuple, str] = OrderedDict()
CARD_CACHE_SIZE = 4_096


def _card_key(call, language: str | None = None) -> tuple:
    """Everything the card shows, so a memoised card is never stale."""
    # The prefetched categories directly: `call.categories` builds a related manager.
    categories = getattr(call, "_prefetched_objects_cache", {}).get("categories")
    if categories is None:
        categories = call.categories.all()
    return (
        language or translation.get_language(), call.current_lifecycle, call.days_left, call.pk, call.slug,
        call.title, call.funder.name, call.instrument, call.amount_usd, call.deadline, call.deadline_timezone,
        call.is_rolling, call.summary, call.is_global, tuple(call.region_index or ()),
        tuple((c.slug, c.name) for c in categories),
    )


@register.simple_tag
def call_card_body(call, language: str | None = None):
    """The card's shared part, rendered once per process for the same content (a list
    page shows 24 of them, and rendering each through the template engine was measurable:
    see bench/README.md, "Figures behind code comments")."""
    key = _card_key(call, language)
    html = _CARD_CACHE.get(key)
    if html is None:
        html = get_template("funds/components/call_card_body.html").render({"call": call})
        _CARD_CACHE[key] = html
        if len(_CARD_CACHE) > CARD_CACHE_SIZE:
            _CARD_CACHE.popitem(last=False)
    return mark_safe(html)  # noqa: S308 - rendered by an autoescaping template


_ANONYMOUS_CARD = '<article class="funds-card" aria-labelledby="call-{}-title">\n  {}\n  \n</article>\n'


@register.simple_tag
def call_list_items(calls, *, user, csrf_token, next_url):
    """The <li> of each call of a list page. For visitors who are not signed in a card
    has no buttons: it is the memoised body in its <article>, written here rather than
    through an {% include %} per call (24 template contexts and renders per page). A
    signed-in user's cards (save / hide buttons) still use funds/components/call_card.html."""
    if user is None or not user.is_authenticated:
        language = translation.get_language()
        return mark_safe(  # noqa: S308 - call_card_body() is an autoescaped render; pk is an int
            "".join(f"<li>{_ANONYMOUS_CARD.format(int(call.pk), call_card_body(call, language))}</li>" for call in calls)
        )
    card = get_template("funds/components/call_card.html")
    return mark_safe(  # noqa: S308 - autoescaped template renders
        "".join(
            f"<li>{card.render({'call': call, 'user': user, 'csrf_token': csrf_token, 'next': next_url})}</li>"
            for call in calls
        )
    )


@register.simple_tag
def input_field(field):
    """A labelled <input> with help text and errors (Django's field.html structure),
    without a template per field. Checkboxes put the label after the box."""
    widget = field.field.widget
    attrs = field.build_widget_attrs(dict(widget.attrs))
    if field.auto_id:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    final = dict(context["attrs"])
    help_html = (
        format_html('<div class="helptext" id="{}_helptext">{}</div>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    value = context.get("value")
    tag = format_html(
        '<input type="{}" name="{}"{}{}>',
        context["type"],
        context["name"],
        format_html(' value="{}"', value) if value not in (None, "") and context["type"] != "checkbox" else "",
        flatatt(final),  # BoundField.build_widget_attrs added the aria attributes
    )
    label = format_html('<label for="{}">{}</label>', field.auto_id, field.label)
    if context["type"] == "checkbox":
        return format_html("{} {}{}{}", tag, label, help_html, _errors(field))
    return format_html("{}{}{}{}", label, help_html, _errors(field), tag)

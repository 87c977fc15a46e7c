"""The public catalogue: list, detail, exports, feeds, calendars, and a signed-in user's
bookmarks and dismissals. Thin views: reads go through funds.selectors, writes through
funds.services.personal."""

from __future__ import annotations

import zoneinfo
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.lists import render_list
from core.redirects import safe_next as _safe_next

from .. import hooks, selectors, spreadsheet
from ..calendars import CONTENT_TYPE as ICS_CONTENT_TYPE
from ..calendars import calls_calendar
from ..feeds import AtomCallFeed, CallFeed
from ..models import FundingCall
from ..search import text_page
from ..services import personal

PARTIAL_TEMPLATE = "funds/call_list.html#results"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNDO_SESSION_KEY = "funds_undo_dismiss"
# A call removed from My calls, on that page: the page offers to save it back.
UNDO_BOOKMARK_SESSION_KEY = "funds_undo_bookmark"


def _wants_fragment(request) -> bool:
    """funds.js asks for the results only; so does an htmx-style client."""
    return request.headers.get("HX-Request") == "true" or request.headers.get("X-Requested-With") in {
        "XMLHttpRequest",
        "fetch",
    }


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _error_text(search) -> str:
    lines = [_("Some filters could not be used:")]
    for name, errors in search.form.errors.items():
        label = search.form.fields[name].label if name in search.form.fields else ""
        for error in errors:
            lines.append(f"- {label}: {error}" if label else f"- {error}")
    return "\n".join(lines)


def _bad_filters(search) -> HttpResponse:
    return HttpResponseBadRequest(_error_text(search), content_type="text/plain; charset=utf-8")


def _active_filter_chips(request, search) -> list[dict]:
    """One removable chip per active filter value, each with the URL that drops it."""
    chips = []
    form = search.form
    for name, value in search.active_filters().items():
        field = form.fields[name]
        values = value if isinstance(value, list | tuple) else [value]
        # Not `choices or []`: django-filter's iterator over callable choices (countries)
        # has no len(), so its truth value raised TypeError (a 500 for any ?country=).
        raw_choices = getattr(field, "choices", None)
        choices = dict(raw_choices) if raw_choices is not None else {}
        for item in values:
            params = request.GET.copy()
            params.pop("page", None)
            if isinstance(value, list | tuple):
                params.setlist(name, [v for v in params.getlist(name) if v != item])
            else:
                params.pop(name, None)
            if name == "q":
                # Translators: a search query quoted, e.g. “apprenticeship” (« … » in French).
                shown = _("“%(text)s”") % {"text": item}
            elif name in {"amount_min", "amount_max"}:
                shown = f"{number_format(item, 0, force_grouping=True)} USD"
            elif name == "closing_within":
                shown = _("%(days)s days") % {"days": int(item)}
            elif name == "rolling":
                shown = _("Yes")
            else:
                shown = str(choices.get(str(item), item))
            chips.append(
                {
                    "label": field.label,
                    "value": shown,
                    "url": reverse("funds:call-list") + (f"?{params.urlencode()}" if params else ""),
                }
            )
    return chips


def _category_options(search, counts: dict[int, int]) -> list[dict]:
    chosen = set(search.form.cleaned_data.get("category") or []) if hasattr(search.form, "cleaned_data") else set()
    if not chosen:
        chosen = set(search.filterset.data.getlist("category")) if hasattr(search.filterset.data, "getlist") else set()
    return [
        {"slug": c.slug, "name": c.name, "open_count": counts.get(c.pk, 0), "checked": c.slug in chosen}
        for c in search.categories
    ]


@require_safe
def call_list(request):
    """The catalogue: the whole page, or only its results for funds.js (the template's
    `results` partial). Rendered per request for everyone: the results cache this view
    once had is no longer needed for the list's target (bench/README.md, table A)."""
    search = selectors.call_search(data=request.GET, user=request.user)
    params = request.GET.copy()
    params.pop("page", None)
    filter_query = params.urlencode()
    page_number, per_page = request.GET.get("page"), settings.PORTAL_PAGE_SIZE
    if text_page.uses_text_page(search):
        # One statement for the counts, the size and the page of a text search.
        page_obj, counts = text_page.call_text_page(search=search, page=page_number, per_page=per_page)
    else:
        counts = selectors.call_category_open_counts(search=search)
        page_obj = selectors.call_page(search=search, page=page_number, per_page=per_page)
    total = page_obj.paginator.count
    has_filters = bool(search.active_filters())
    context = {
        "search": search,
        "form": search.form,
        "has_filters": has_filters,
        "sort": search.sort,
        "category_options": _category_options(search, counts),
        "page_obj": page_obj,
        "page_range": list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)),
        "calls": page_obj.object_list,
        "total": total,
        "chips": _active_filter_chips(request, search),
        "filter_query": filter_query,
        "export_max": selectors.EXPORT_MAX_ROWS,
        "export_truncated": total > selectors.EXPORT_MAX_ROWS,
        "undo": request.session.pop(UNDO_SESSION_KEY, None) if request.user.is_authenticated else None,
        "current_url": request.get_full_path(),
        "webcal_url": "webcal://" + request.get_host() + reverse("funds:deadlines-ics") + (f"?{filter_query}" if filter_query else ""),
        "noindex": page_obj.has_next() or page_obj.has_previous() or has_filters,
    }
    template = PARTIAL_TEMPLATE if _wants_fragment(request) else "funds/call_list.html"
    response = render_list(request, template, context, form=search.form)
    patch_vary_headers(response, ("HX-Request", "X-Requested-With"))
    return response


def _viewer_time_zone(user) -> str | None:
    if not user.is_authenticated:
        return None
    try:
        name = user.profile.time_zone
    except ObjectDoesNotExist:
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return name


def _share_links(request, call: FundingCall) -> dict[str, str]:
    url = request.build_absolute_uri(call.get_absolute_url())
    text = _("Funding call: %(title)s") % {"title": call.title}
    return {
        "email": "mailto:?" + urlencode({"subject": text, "body": f"{call.summary}\n\n{url}"}, quote_via=quote),
        "linkedin": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        "x": "https://x.com/intent/post?" + urlencode({"text": text, "url": url}),
        "url": url,
    }


@require_safe
def call_detail(request, slug):
    try:
        call = selectors.call_get_for_display(slug=slug, user=request.user)
    except FundingCall.DoesNotExist:
        raise Http404(_("No published call has this address.")) from None
    context = {
        "call": call,
        "is_preview": call.status != "published",
        "related": selectors.call_related(call=call),
        "viewer_tz": _viewer_time_zone(request.user),
        "share": _share_links(request, call),
        "now": timezone.now(),
        # Other apps' sections (coaching's briefings), through funds.hooks.
        "sections": hooks.call_sections(call, request.user),
    }
    return render(request, "funds/call_detail.html", context)


# --- exports, feeds, calendars -----------------------------------------------------------


def _export_filename(ext: str) -> str:
    return f"funding-calls-{timezone.now():%Y-%m-%d}.{ext}"


def _export(request, *, ext: str):
    search = selectors.call_search(data=request.GET, user=request.user)
    if not search.is_valid:
        return _bad_filters(search)
    calls, truncated = selectors.call_export_rows(search=search)
    if ext == "xlsx":
        response = HttpResponse(spreadsheet.export_xlsx(calls), content_type=XLSX_CONTENT_TYPE)
    else:
        # With a byte-order mark, Excel opens the UTF-8 file with accents intact.
        response = HttpResponse(spreadsheet.CSV_BOM + spreadsheet.export_csv(calls), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(ext)}"'
    if truncated:
        # The page says so next to the links; scripts can read it here.
        response["X-Export-Truncated"] = str(selectors.EXPORT_MAX_ROWS)
    return response


@require_safe
def export_xlsx(request):
    return _export(request, ext="xlsx")


@require_safe
def export_csv(request):
    return _export(request, ext="csv")


def _feed(request, feed_class):
    # Feeds and calendar subscriptions are read by apps without cookies: a URL means the
    # same selection for everyone, so they ignore the visitor's dismissals.
    search = selectors.call_search(data=request.GET, user=None, with_dismissed_param=False)
    if not search.is_valid:
        return _bad_filters(search)
    params = request.GET.copy()
    params.pop("format", None)
    params.pop("page", None)
    return feed_class(search, params.urlencode())(request)


@require_safe
def call_feed(request):
    """RSS 2.0; Atom with ?format=atom (or at funds:call-feed-atom)."""
    if request.GET.get("format") == "atom":
        return _feed(request, AtomCallFeed)
    return _feed(request, CallFeed)


@require_safe
def call_feed_atom(request):
    return _feed(request, AtomCallFeed)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def deadlines_ics(request):
    search = selectors.call_search(data=request.GET, user=None, with_dismissed_param=False)
    if not search.is_valid:
        return _bad_filters(search)
    calls = selectors.call_calendar_items(search=search)
    name = _("Funding deadlines — Skills Innovation Network")
    if search.active_filters():
        name = _("Funding deadlines (filtered) — Skills Innovation Network")
    content = calls_calendar(
        calls,
        name=name,
        domain=_uid_domain(),
        absolute_url=lambda c: request.build_absolute_uri(c.get_absolute_url()),
    )
    return _ics_response(content, "funding-deadlines.ics")


@require_safe
def call_ics(request, slug):
    try:
        call = selectors.call_get_for_calendar(slug=slug)
    except FundingCall.DoesNotExist:
        raise Http404(_("No published call has this address.")) from None
    content = calls_calendar(
        [call],
        name=call.title,
        domain=_uid_domain(),
        absolute_url=lambda c: request.build_absolute_uri(c.get_absolute_url()),
        alarms=True,
    )
    return _ics_response(content, f"{call.slug[:80]}.ics")


# --- a signed-in user's lists ---------------------------------------------------------------


def _personal_action(request, slug, *, actions: dict):
    """Shared by bookmark and dismiss: POST only, sign-in required, back to `next`."""
    try:
        call = selectors.call_get_public(slug=slug)
    except FundingCall.DoesNotExist:
        raise Http404(_("No published call has this address.")) from None
    back = _safe_next(request, default=call.get_absolute_url())
    if not request.user.is_authenticated:
        # After signing in, come back to the page the button was on (a GET-able page).
        return redirect_to_login(back)
    action = request.POST.get("action", "")
    if action not in actions:
        return HttpResponseBadRequest(_("Unknown action."), content_type="text/plain; charset=utf-8")
    actions[action](request, call)
    return redirect(back)


def _bookmark_add(request, call):
    personal.call_bookmark_add(user=request.user, call=call)
    request.session.pop(UNDO_BOOKMARK_SESSION_KEY, None)
    messages.success(request, _("“%(title)s” is saved in My calls.") % {"title": call.title})


def _bookmark_remove(request, call):
    personal.call_bookmark_remove(user=request.user, call=call)
    if request.POST.get("next", "").startswith(reverse("funds:my-calls")):
        request.session[UNDO_BOOKMARK_SESSION_KEY] = {"slug": call.slug, "title": call.title}
        return  # My calls says it, with a button to undo
    messages.success(request, _("“%(title)s” was removed from My calls.") % {"title": call.title})


def _dismiss(request, call):
    personal.call_dismiss(user=request.user, call=call)
    request.session[UNDO_SESSION_KEY] = {"slug": call.slug, "title": call.title}
    messages.success(request, _("“%(title)s” is hidden from your list.") % {"title": call.title})


def _undismiss(request, call):
    personal.call_undismiss(user=request.user, call=call)
    request.session.pop(UNDO_SESSION_KEY, None)
    messages.success(request, _("“%(title)s” is shown again.") % {"title": call.title})


@require_POST
def call_bookmark(request, slug):
    return _personal_action(request, slug, actions={"add": _bookmark_add, "remove": _bookmark_remove})


@require_POST
def call_dismiss(request, slug):
    return _personal_action(request, slug, actions={"dismiss": _dismiss, "undo": _undismiss})


@login_required
@require_safe
def my_calls(request):
    bookmarks = list(selectors.bookmarked_calls(user=request.user))
    context = {
        "bookmarks": bookmarks,
        "dismissed": list(selectors.dismissed_calls(user=request.user)),
        "undo": request.session.pop(UNDO_BOOKMARK_SESSION_KEY, None),
        "current_url": request.get_full_path(),
    }
    return render(request, "funds/my_calls.html", context)


__all__ = [
    "call_bookmark",
    "call_detail",
    "call_dismiss",
    "call_feed",
    "call_feed_atom",
    "call_ics",
    "call_list",
    "deadlines_ics",
    "export_csv",
    "export_xlsx",
    "my_calls",
]

"""The network map, its JSON, its text version, the side panel and network health. Thin:
parse the filters, call a selector, render. Bad filters answer 400 with the message."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from core.spreadsheets import formula_safe

from . import selectors
from .charts import bar_chart
from .forms import MapFilterForm


def _filtered(request):
    """(form, result): result is None when a filter is invalid (the form has the error)."""
    form = MapFilterForm(request.GET)
    if not form.is_valid():
        return form, None
    try:
        return form, selectors.map_graph(user=request.user, criteria=form.criteria())
    except selectors.UnknownFocus:
        form.add_error("focus", _("There is no such organization on the map."))
        return form, None


def _page_context(request, form, result) -> dict:
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "result": result,
        "query": query.urlencode(),
        "ready": bool(result and result["ready"]),
    }


@require_safe
def network_map(request):
    form, result = _filtered(request)
    return render(
        request,
        "network/map.html",
        _page_context(request, form, result),
        status=200 if result is not None else 400,
    )


@require_safe
@gzip_page  # 489 KB → 53 KB for 1,000 organizations, 7 ms of CPU; no secret in it (BREACH)
def map_data(request):
    form, result = _filtered(request)
    if result is None:
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    return JsonResponse(selectors.map_json(result))


@require_safe
def map_text(request):
    form, result = _filtered(request)
    organizations = result["organizations"] if result is not None else []
    page_obj = Paginator(organizations, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.text_rows(result, page_obj.object_list) if result is not None else []
    return render(
        request,
        "network/map_text.html",
        {**_page_context(request, form, result), "page_obj": page_obj, "rows": rows},
        status=200 if result is not None else 400,
    )


@require_safe
def organization_panel(request, slug: str):
    """The side panel's content (an HTML fragment the map's script shows)."""
    organization = selectors.panel_organization(user=request.user, slug=slug)
    if organization is None:
        return render(request, "network/panel.html", {"organization": None}, status=404)
    return render(
        request,
        "network/panel.html",
        {
            "organization": organization,
            "people": selectors.panel_people(user=request.user, organization=organization),
        },
    )


def _require_health_viewer(user) -> None:
    if not (user.is_active and user.is_staff and user.has_perm("network.view_healthsnapshot")):
        raise PermissionDenied


@login_required
@require_safe
def health(request):
    _require_health_viewer(request.user)
    snapshots = selectors.health_snapshots()
    label = "{:%Y-%m}".format
    return render(
        request,
        "network/health.html",
        {
            "snapshots": snapshots,
            "latest": snapshots[-1] if snapshots else None,
            "charts": [
                {
                    "id": "chart-new-links",
                    "title": _("New cross-region links"),
                    "chart": bar_chart(
                        [(label(s.month), s.new_cross_region_links) for s in snapshots]
                    ),
                },
                {
                    "id": "chart-multi-region",
                    "title": _("Organizations connected to 2+ regions"),
                    "chart": bar_chart(
                        [(label(s.month), s.multi_region_share) for s in snapshots], percent=True
                    ),
                },
                {
                    "id": "chart-isolated",
                    "title": _("Isolated organizations"),
                    "chart": bar_chart([(label(s.month), s.isolated_count) for s in snapshots]),
                },
            ],
        },
    )


@login_required
@require_safe
def health_csv(request):
    _require_health_viewer(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="network-health.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Month"),
            _("Organizations"),
            _("Links between organizations"),
            _("Cross-region links"),
            _("New cross-region links"),
            _("Organizations connected to 2+ regions"),
            _("Share connected to 2+ regions (%)"),
            _("Isolated organizations"),
            _("Brokers between language communities"),
        ]
    )
    for s in selectors.health_snapshots(months=120):
        writer.writerow(
            [
                formula_safe(str(v))
                for v in (
                    f"{s.month:%Y-%m}",
                    s.organization_count,
                    s.link_count,
                    s.cross_region_link_count,
                    s.new_cross_region_links,
                    s.multi_region_count,
                    f"{s.multi_region_share * 100:.1f}",
                    s.isolated_count,
                    "; ".join(b["name"] for b in s.brokers),
                )
            ]
        )
    return response

"""The public "Members of the Skills Innovation Network" page: each member organization's
logo, name, country and link, filtered by region and skills category."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import selectors


@require_safe
def network_members(request):
    filterset = selectors.network_member_filterset(filters=request.GET)
    page_obj = Paginator(selectors.network_member_list(filters=request.GET), settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "badges/network_members.html", {"filter": filterset, "page_obj": page_obj})

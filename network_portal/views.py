"""Site-wide views: home page, health check and error pages."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import (
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .home import NETWORK_SERVICES, funding_highlights, logo_wall

logger = logging.getLogger(__name__)


# --- Home -----------------------------------------------------------------------------


def _preferred_language_redirect(request) -> HttpResponseRedirect | None:
    """At the unprefixed root, send people who chose French or Spanish (language cookie)
    to /fr/ or /es/. Unprefixed URLs are always English, so without this the site root
    would ignore the choice made with the language switcher."""
    if request.path_info != "/":
        return None
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen == settings.LANGUAGE_CODE or chosen not in dict(settings.LANGUAGES):
        return None
    url = translate_url("/", chosen)
    if url == "/":
        return None
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponseRedirect(f"{url}?{query}" if query else url)
    patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
def home(request):
    if redirect := _preferred_language_redirect(request):
        return redirect
    from members.selectors import home_page_context

    context = dict(home_page_context(user=request.user) or {})
    context.update(funding_highlights(), services=NETWORK_SERVICES)
    context["recent_organizations"] = logo_wall(context.get("recent_organizations") or [])
    response = render(request, "home.html", context)
    patch_vary_headers(response, ["Cookie"])
    return response


# --- Health check ---------------------------------------------------------------------


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means "down" to a load balancer
        logger.exception("health check: database unreachable")
        return False


def _broker_status() -> str:
    if not settings.REDIS_URL:
        return "files"  # the file broker under var/celery/ (core/broker.py): nothing to ping
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return "ok" if client.ping() else "down"
    except redis.RedisError:
        return "down"


@never_cache
@require_safe
def healthz(request):
    """JSON for load balancers: 503 when the database is down; the broker is reported only,
    since the portal keeps serving (and queues mail in its outbox) without it."""
    database = "ok" if _database_ok() else "down"
    broker = _broker_status()
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": database, "broker": broker},
        status=status,
    )


@require_safe
def favicon(request):
    """/favicon.ico for browsers that ask for it: the SVG icon (resolved per request, so a
    missing static manifest never breaks URL loading)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


# --- Error pages ----------------------------------------------------------------------


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a translated page that says what to do (usually: reload the form)."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


# Shown when even 500.html cannot be rendered (broken template, missing static manifest).
_LAST_RESORT_500 = (
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Server error</title>'
    "<h1>Server error</h1><p>Something went wrong on our side. Please try again later.</p></html>"
)


def server_error(request):
    """Rendered without context processors: they read the session and the user, and the
    database may be what failed."""
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:
        logger.exception("could not render 500.html")
        return HttpResponseServerError(_LAST_RESORT_500)

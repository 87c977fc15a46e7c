"""The portal's URLs plus /bench/bare: a view that does nothing, served by the same
gunicorn through the same middleware, so it measures the stack's ceiling."""

from django.http import HttpResponse
from django.urls import path

from network_portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), *portal_urlpatterns]

from network_portal.urls import handler400, handler403, handler404, handler500  # noqa: E402, F401

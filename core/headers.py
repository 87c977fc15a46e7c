"""Response headers every page gets: a Permissions-Policy, and no caching of signed-in pages.

- `PermissionsPolicyMiddleware` (listed before WhiteNoise, so static files get it too)
  turns off the browser features the portal never uses — camera, microphone, location,
  payment, USB and the like, and interest-based advertising (Topics) — for this site
  and anything it might ever embed. Passkeys / security keys (WebAuthn) stay allowed
  for the site itself: staff may sign in with one.
- `PrivatePagesMiddleware` (listed after AuthenticationMiddleware) marks every response
  to a signed-in person `Cache-Control: private, no-store`, so neither a shared proxy
  nor the browser's back/forward history keeps a copy of their pages (their profile,
  alerts, the admin) for the next person at the same computer. A view that sets its own
  Cache-Control keeps it: `never_cache` is stricter already, and uploaded media
  (core/media.py) are public files that may be cached. Anonymous responses
  are left exactly as they were — and are told apart without touching the session when
  the request carries no session cookie, so public pages gain no `Vary: Cookie`.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

# Features switched off everywhere, `()` = "allowed for no origin". Only names Chromium
# recognises (checked against Chromium 156): an unknown one costs a console warning on
# every page ("bluetooth" and "web-share" are unknown on desktop Linux, so left out).
# "interest-cohort" is FLoC's name, "browsing-topics" its successor's (Topics).
# https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Permissions-Policy
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "clipboard-read",
    "display-capture",
    "encrypted-media",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "identity-credentials-get",
    "idle-detection",
    "interest-cohort",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "otp-credentials",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "serial",
    "speaker-selection",
    "usb",
    "window-management",
    "xr-spatial-tracking",
)
# Features this site itself uses: WebAuthn (passkeys, security keys) for sign-in.
SELF_FEATURES = ("publickey-credentials-create", "publickey-credentials-get")

PERMISSIONS_POLICY = ", ".join(
    [f"{name}=()" for name in DENIED_FEATURES] + [f"{name}=(self)" for name in SELF_FEATURES]
)

PRIVATE_CACHE_CONTROL = "private, no-store"


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def is_signed_in(request: HttpRequest) -> bool:
    """Whether the response goes to a signed-in person. Without a session cookie only a
    sign-in during this very request (which replaces the lazy `request.user`) counts, and
    the session is not loaded: that would add `Vary: Cookie` to public pages."""
    user = getattr(request, "user", None)
    if user is None:  # answered before AuthenticationMiddleware ran
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES and isinstance(user, SimpleLazyObject):
        return False
    return bool(user.is_authenticated)


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response and is_signed_in(request):
            response["Cache-Control"] = PRIVATE_CACHE_CONTROL
        return response

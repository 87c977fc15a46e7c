"""Open Badges 2.0 JSON-LD, outside the language prefixes: these URLs are ids."""

from django.urls import path

from .views import openbadges

app_name = "openbadges"

urlpatterns = [
    path("issuers/<slug:slug>", openbadges.issuer, name="issuer"),
    path("badges/<slug:slug>", openbadges.badge_class, name="badge-class"),
    path("assertions/<uuid:uuid>", openbadges.assertion, name="assertion"),
]

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from core import media
from core.security import mfa_admin

from . import views

# The admin login goes through allauth's login (rate limits, email verification).
admin.autodiscover()
mfa_admin.register(admin.site)  # second factors: no secrets shown, lost ones removable
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Skills Innovation Network — curation")
admin.site.site_title = _("Network portal admin")
admin.site.index_title = _("Curation")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers ask for /favicon.ico on pages without <link rel="icon"> (e.g. raw files).
    path("favicon.ico", views.favicon),
    # Open Badges ids: stable, language-independent addresses (badges/urls_openbadges.py).
    path("openbadges/", include("badges.urls_openbadges")),
]

# English at unprefixed URLs, French and Spanish under /fr/ and /es/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("members/map/", include("members.network.urls")),
    path("members/survey/", include("members.survey.urls")),
    path("members/help/", include("members.help.urls")),
    path("members/regions/", include("members.help.urls_regions")),
    path("members/", include("members.urls")),
    path("alerts/", include("funds.alerts.urls")),
    path("funds/", include("funds.urls")),
    path("", include("badges.urls")),  # /verify/ and /recognition/
    path("sessions/", include("events.urls")),
    path("coaching/courses/", include("coaching.courses.urls")),
    path("coaching/lessons/", include("coaching.lessons.urls")),
    path("coaching/requests/", include("coaching.requests.urls")),
    path("coaching/media-kit/", include("coaching.mediakit.urls")),
    path("coaching/translations/", include("coaching.translations.urls")),
    path("coaching/", include("coaching.urls")),
    path("peer-exchange/", include("peer_exchange.urls")),
    # One password-change form for everybody: allauth's (re-authentication, rate limit,
    # the "your password changed" notice), not the admin's second one.
    path("admin/password_change/", RedirectView.as_view(pattern_name="account_change_password")),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=False,
)

# Uploaded media, whatever DEBUG is: served by the portal unless MEDIA_SERVE=false (the
# proxy or S3 serves them then). See core/media.py.
urlpatterns += media.urlpatterns()

handler400 = "network_portal.views.bad_request"
handler403 = "network_portal.views.permission_denied"
handler404 = "network_portal.views.page_not_found"
handler500 = "network_portal.views.server_error"

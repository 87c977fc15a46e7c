"""The site frame: home page, navigation, languages, CSP, error pages, health check and
the production settings check."""

from __future__ import annotations

import copy
import json
import logging
import os
import re
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError, connections
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import path

from network_portal import context_processors, views
from tests.factories.members import StaffUserFactory, UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
NONCE_IN_HEADER = re.compile(r"'nonce-([^']+)'")


def _boom(request):
    raise RuntimeError("a bug in a view")


def _ok(request):
    return HttpResponse("ok")


# A tiny URLconf for the tests that need a view that fails (see test_uncaught_errors_...).
urlpatterns = [path("boom/", _boom), path("ok/", _ok)]
handler500 = "network_portal.views.server_error"


def csp_policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    policy = {}
    for directive in header.split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


def assert_scripts_are_external_or_carry_the_nonce(response):
    html = response.content.decode()
    match = NONCE_IN_HEADER.search(response.headers["Content-Security-Policy"])
    nonce = match.group(1) if match else None
    for attrs in SCRIPT_TAG.findall(html):
        if "src=" in attrs:
            src = re.search(r'src="([^"]+)"', attrs).group(1)
            assert src.startswith("/"), f"script from another origin: {src}"
        else:
            assert nonce and f'nonce="{nonce}"' in attrs, (
                f"inline <script{attrs}> without the nonce"
            )
    assert " style=" not in html, "inline style attributes are blocked by the CSP"
    assert "<style" not in html, "inline <style> is blocked by the CSP"


# --- Home page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_welcomes_anonymous_visitors_with_ways_to_join(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "home.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert 'href="/accounts/signup/"' in html
    assert "What the network offers" in html
    assert "Peer-to-peer exchange" in html
    # Log-in is a link; there is no sign-out form for anonymous visitors.
    assert 'action="/accounts/logout/"' not in html


@pytest.mark.django_db
def test_home_page_links_each_skills_category_into_the_directory(client):
    html = client.get("/").content.decode()

    assert 'href="/members/?category=work-based-learning"' in html
    assert 'href="/members/?category=core-life-skills"' in html
    assert html.count("/members/?category=") == 9


@pytest.mark.django_db
def test_home_page_greets_signed_in_people_with_their_account_links(client):
    client.force_login(UserFactory())

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'action="/accounts/logout/"' in html
    assert 'method="post" action="/accounts/logout/"' in html
    assert 'href="/members/profile/"' in html
    assert "Join the network" not in html
    assert 'href="/admin/"' not in html


@pytest.mark.django_db
def test_staff_see_a_link_to_the_admin(client, login_with_mfa):
    login_with_mfa(client, StaffUserFactory())

    assert 'href="/admin/"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_home_page_survives_a_members_selector_that_returns_nothing(client, monkeypatch):
    monkeypatch.setattr("members.selectors.home_page_context", lambda *, user: {})

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "A directory of innovators" in html  # the network's services still show
    assert "/members/?category=" not in html  # no second query for the categories


@pytest.mark.django_db
def test_the_current_section_is_marked_in_the_navigation(client):
    html = client.get("/members/").content.decode()

    assert 'class="site-nav__link" href="/members/" aria-current="page"' in html
    assert 'class="site-nav__link" href="/" aria-current' not in html


def test_navigation_skips_links_to_apps_that_are_not_installed(monkeypatch):
    monkeypatch.setattr(
        context_processors, "MAIN_NAV", [("home", "Home"), ("coaching:nowhere", "Coaching")]
    )

    items = context_processors.main_nav("/")

    assert [(i.label, i.url, i.current) for i in items] == [("Home", "/", True)]


@pytest.mark.django_db
def test_sign_in_link_brings_people_back_to_the_page_they_were_on(client):
    html = client.get("/members/").content.decode()

    assert 'href="/accounts/login/?next=%2Fmembers%2F"' in html


@pytest.mark.django_db
def test_every_page_has_landmarks_a_skip_link_and_the_site_assets(client):
    html = client.get("/").content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert 'href="/static/css/portal.css"' in html
    assert 'src="/static/js/portal.js" defer' in html
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    for asset in ("css/portal.css", "js/portal.js", "img/favicon.svg", "img/logo.svg"):
        assert (BASE_DIR / "static" / asset).is_file()


def test_favicon_ico_points_browsers_to_the_svg_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


# --- Content Security Policy ----------------------------------------------------------


@pytest.mark.django_db
def test_pages_send_a_strict_csp_with_a_nonce_for_scripts(client):
    response = client.get("/")

    policy = csp_policy(response)
    assert "'self'" in policy["script-src"]
    assert any(v.startswith("'nonce-") for v in policy["script-src"])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def test_each_response_gets_its_own_nonce(client, db):
    first = NONCE_IN_HEADER.search(client.get("/").headers["Content-Security-Policy"]).group(1)
    second = NONCE_IN_HEADER.search(client.get("/").headers["Content-Security-Policy"]).group(1)

    assert first != second


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/fr/",
        "/es/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
        "/accounts/confirm-email/not-a-key/",
        "/members/",
        "/no-such-page/",
    ],
)
def test_public_pages_only_run_script_files_or_scripts_with_the_nonce(client, url):
    response = client.get(url)

    assert response.status_code in (200, 404)
    assert_scripts_are_external_or_carry_the_nonce(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/", "/accounts/email/", "/accounts/password/change/", "/accounts/logout/"],
)
def test_account_pages_only_run_script_files_or_scripts_with_the_nonce(client, url):
    client.force_login(UserFactory())

    response = client.get(url)

    assert response.status_code == 200
    assert_scripts_are_external_or_carry_the_nonce(response)


# --- Languages ------------------------------------------------------------------------


@pytest.mark.django_db
def test_english_is_served_at_unprefixed_urls(client):
    html = client.get("/").content.decode()

    assert '<html lang="en"' in html
    assert 'href="/members/"' in html
    assert client.get("/en/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["fr", "es"])
def test_french_and_spanish_live_under_their_prefix(client, code):
    response = client.get(f"/{code}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    assert f'href="/{code}/members/"' in html
    assert f'href="/{code}/accounts/signup/"' in html
    assert f'<link rel="alternate" hreflang="{code}" href="{settings.SITE_URL}/{code}/">' in html


@pytest.mark.django_db
def test_choosing_french_with_the_language_switcher_shows_the_site_in_french(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/members/"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/members/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"

    # Coming back to the site root later follows the choice.
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/fr/", 302)]
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert 'href="/fr/accounts/login/"' in html

    # Strings from django-allauth's own French catalogue (the portal's is built later).
    html = client.get("/fr/accounts/password/reset/").content.decode()
    assert "Réinitialisation du mot de passe" in html


@pytest.mark.django_db
def test_spanish_pages_use_the_libraries_spanish_translations(client):
    html = client.get("/es/accounts/password/reset/").content.decode()

    assert '<html lang="es"' in html
    assert "Restablecer Contraseña" in html


@pytest.mark.django_db
def test_choosing_english_on_a_french_page_brings_back_the_english_page(client):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    french_page = client.get("/fr/members/").content.decode()
    next_url = re.search(r'<input name="next" type="hidden" value="([^"]*)">', french_page).group(1)

    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})

    assert response["Location"] == "/members/"
    assert '<html lang="en"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_switching_language_on_a_missing_page_drops_the_language_prefix(client):
    page = client.get("/es/no-such-page/?q=1").content.decode()

    assert '<input name="next" type="hidden" value="/no-such-page/?q=1">' in page


@pytest.mark.django_db
def test_language_switcher_is_a_labelled_form_that_works_without_javascript(client):
    html = client.get("/members/").content.decode()

    assert '<form class="language-switcher" action="/i18n/setlang/" method="post"' in html
    assert '<label class="language-switcher__label" for="language-select">' in html
    assert '<input name="next" type="hidden" value="/members/">' in html
    assert '<button type="submit"' in html
    switcher = html[html.index('class="language-switcher"') :]
    assert "csrfmiddlewaretoken" in switcher[: switcher.index("</form>")]


# --- Error pages ----------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_addresses_get_the_portals_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Page not found" in html
    assert 'action="/members/"' in html and 'name="q"' in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_404_page_speaks_the_language_of_its_prefix(client):
    response = client.get("/fr/no-such-page/")

    assert response.status_code == 404
    assert '<html lang="fr"' in response.content.decode()


@pytest.mark.django_db
def test_400_and_403_pages_say_what_happened_and_where_to_go():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    bad = views.bad_request(request)
    denied = views.permission_denied(request)

    assert bad.status_code == 400
    assert "We could not understand that request" in bad.content.decode()
    assert denied.status_code == 403
    assert "You do not have access to this page" in denied.content.decode()
    assert 'href="/accounts/login/' in denied.content.decode()


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_a_helpful_403():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "fr"})

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_500_page_renders_without_a_request_context_or_database():
    # No django_db mark: any database access here would fail the test.
    response = views.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'href="/static/css/portal.css"' in html
    assert "<script" not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.test_site")
def test_uncaught_errors_get_the_portals_500_page(caplog):
    client = Client(raise_request_exception=False)

    with caplog.at_level(logging.CRITICAL, logger="django.request"):
        response = client.get("/boom/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_500_falls_back_to_plain_html_when_its_template_breaks(monkeypatch, caplog):
    def broken(name):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(views.loader, "get_template", broken)

    with caplog.at_level(logging.CRITICAL, logger="network_portal.views"):
        response = views.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert b"Server error" in response.content


# --- Health check ---------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client, settings):
    settings.REDIS_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "files"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_head_requests_from_load_balancers(client):
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_reports_a_broker_that_does_not_answer_but_stays_up(client, settings):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["broker"] == "down"


@pytest.mark.django_db
@pytest.mark.integration
def test_healthz_pings_the_configured_redis_broker(client):
    assert client.get("/healthz").json()["broker"] == "ok"


@pytest.mark.django_db
def test_healthz_is_reachable_over_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


@pytest.fixture
def unreachable_database():
    """Point the default connection at a database server that is not there: a real driver
    error on connect, for the duration of one request."""
    original = connections["default"]
    broken_settings = copy.deepcopy(original.settings_dict)
    if original.vendor == "postgresql":
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        broken_settings.update(HOST="127.0.0.1", PORT=str(port))
    else:
        broken_settings["NAME"] = "/nonexistent-directory/portal.sqlite3"
    broken = type(original)(broken_settings, alias="default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = original


@pytest.mark.django_db
def test_healthz_returns_503_when_the_database_is_unreachable(client, unreachable_database, caplog):
    with caplog.at_level(logging.ERROR, logger="network_portal.views"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "down"
    assert json.loads(response.content)["status"] == "error"
    (record,) = [r for r in caplog.records if "database unreachable" in r.getMessage()]
    assert issubclass(record.exc_info[0], OperationalError)


# --- Production settings --------------------------------------------------------------


def test_deploy_check_passes_with_production_environment():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "SITE_URL": "https://portal.example.org",
        # Production sends real mail: Django 6.1's deploy check refuses file/console mailers.
        "EMAIL_HOST": "smtp.example.org",
    }
    for test_only in ("PORTAL_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # set by test fixtures
        env.pop(test_only, None)
    env.pop("DJANGO_SECURE_SSL_REDIRECT", None)
    env.pop("DJANGO_HSTS_SECONDS", None)

    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


# --- Components other apps use --------------------------------------------------------


def test_pagination_keeps_the_filters_and_names_the_current_page():
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    request = RequestFactory().get("/funds/", {"category": "rpl-certification", "page": "2"})
    page_obj = Paginator(range(100), 10).page(2)

    html = render_to_string(
        "components/pagination.html", {"page_obj": page_obj, "request": request}
    )

    assert '<nav class="pagination" aria-label="Pages">' in html
    assert 'href="?category=rpl-certification&amp;page=1" rel="prev"' in html
    assert 'href="?category=rpl-certification&amp;page=3" rel="next"' in html
    assert 'href="?category=rpl-certification&amp;page=10"' in html
    assert "Page 2 of 10" in html


def test_pagination_is_not_shown_for_a_single_page():
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page_obj = Paginator(range(3), 10).page(1)

    html = render_to_string(
        "components/pagination.html", {"page_obj": page_obj, "request": RequestFactory().get("/")}
    )

    assert html.strip() == ""


def test_form_fields_component_labels_fields_and_links_errors_to_them():
    from django import forms
    from django.template.loader import render_to_string

    class ContactForm(forms.Form):
        name = forms.CharField(label="Your name", help_text="As it should appear.")
        agree = forms.BooleanField(label="I agree")

        def clean(self):
            raise forms.ValidationError("Something is off.")

    form = ContactForm(data={"name": ""})
    form.is_valid()

    html = render_to_string("components/form_fields.html", {"form": form})

    assert 'class="error-summary" role="alert" tabindex="-1" data-error-summary' in html
    assert "<li>Something is off.</li>" in html
    assert '<a href="#id_name">Your name: This field is required.</a>' in html
    assert '<label for="id_name">Your name:</label>' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'class="field field--checkbox field--error"' in html


def test_empty_state_component_shows_its_message_and_action():
    from django.template.loader import render_to_string

    html = render_to_string(
        "components/empty_state.html",
        {"title": "No calls match", "action_url": "/funds/", "action_label": "Clear filters"},
    )

    assert '<p class="empty-state__title">No calls match</p>' in html
    assert '<a class="button button--secondary" href="/funds/">Clear filters</a>' in html


# --- In a real browser ----------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_pages_break_no_csp_rule_and_the_switcher_changes_language(page):
    violations = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )

    for url in ("/", "/accounts/login/", "/accounts/signup/", "/no-such-page/"):
        page.goto(url)
    page.goto("/")

    # The skip link is the first stop for keyboard users and becomes visible.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0

    # With JavaScript, picking a language is enough: the form submits itself.
    page.select_option("#language-select", "es")
    page.wait_for_url("**/es/")
    assert page.evaluate("document.documentElement.lang") == "es"
    assert violations == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_a_failed_sign_in_moves_focus_to_the_error_summary(page):
    page.goto("/accounts/login/")
    page.fill("#id_login", "nobody@example.org")
    page.fill("#id_password", "wrong password")
    page.click(".auth-card button[type=submit]")

    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")

"""Uploaded media served in production (core/media.py) and the headers every
response gets (core/headers.py): Permissions-Policy, and no caching of
signed-in pages.

The media route exists whatever DEBUG is, so most tests run in-process with DEBUG off;
the last ones start gunicorn with DJANGO_DEBUG=false, as the README deploys it behind a
TLS proxy, and ask it over raw HTTP (no client-side path normalisation).
"""

from __future__ import annotations

import http.client
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from core.headers import PERMISSIONS_POLICY
from core.media import MEDIA_CSP
from members.models import Organization
from tests.factories.members import PASSWORD, MemberProfileFactory
from tests.integration.harness import free_port, wait_for, worker_database_url
from tests.members.images import image_bytes, png_upload

pytestmark = pytest.mark.django_db

SECRET = b"DATABASE_PASSWORD=do-not-serve-me"

# Paths that try to leave the upload folders, raw as an attacker sends them.
ESCAPES = [
    "/media/../secret.txt",
    "/media/logos/../../secret.txt",
    "/media/%2e%2e/secret.txt",
    "/media/logos/%2e%2e/%2e%2e/secret.txt",
    "/media/logos/..%2f..%2fsecret.txt",
    "/media/logos%2f..%2f..%2fsecret.txt",
    "/media/logos/..%5c..%5csecret.txt",
    "/media/%252e%252e/secret.txt",
    "/media//secret.txt",
    "/media/logos//secret.txt",
    "/media/secret.txt",  # in MEDIA_ROOT, but in no upload folder
    "/media/exports/members.csv",  # a folder no FileField uploads to
    "/media/logos/.hidden.png",
    "/media/logos/link.png",  # a symlink leading out of MEDIA_ROOT
    "/media/logos",
    "/media/logos/",
    "/media/logos/%00.png",
    "/media/logos/missing.png",
]


def lay_out_media(root: Path) -> None:
    """MEDIA_ROOT inside `root`, with things beside and inside it that must never be served."""
    media = root / "media"
    (media / "logos").mkdir(parents=True, exist_ok=True)
    (media / "exports").mkdir(exist_ok=True)
    (root / "secret.txt").write_bytes(SECRET)
    (media / "secret.txt").write_bytes(SECRET)
    (media / "exports" / "members.csv").write_bytes(SECRET)
    (media / "logos" / ".hidden.png").write_bytes(image_bytes())
    link = media / "logos" / "link.png"
    if not link.is_symlink():
        link.symlink_to(root / "secret.txt")


@pytest.fixture
def media_root(settings, tmp_path):
    lay_out_media(tmp_path)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DEBUG = False
    return tmp_path / "media"


def upload_organization_logo(client: Client) -> Organization:
    """An organisation logo uploaded the way members do: the organisation form."""
    profile = MemberProfileFactory()
    client.force_login(profile.user)
    response = client.post(
        reverse("members:organization-edit"),
        {"name": "Solar Skills Hub", "type": "ngo", "country": "KE", "logo": png_upload((1200, 600))},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    organization = Organization.objects.get(name="Solar Skills Hub")
    assert organization.logo.name.startswith("logos/")
    return organization


def assert_media_headers(headers, *, content_type: str) -> None:
    assert headers["Content-Type"] == content_type
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == MEDIA_CSP
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "sandbox" in headers["Content-Security-Policy"]
    assert headers["ETag"] and headers["Last-Modified"]


# --- Media, in-process with DEBUG off ------------------------------------------------------


def test_an_uploaded_logo_is_served_with_nosniff_a_sandboxing_csp_and_a_long_cache(client, media_root):
    organization = upload_organization_logo(client)

    response = client.get(organization.logo.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (media_root / organization.logo.name).read_bytes()
    assert_media_headers(response, content_type="image/jpeg")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Disposition"].startswith("inline")
    assert int(response["Content-Length"]) == organization.logo.size
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_head_gives_the_headers_and_a_matching_etag_gives_304(client, media_root):
    organization = upload_organization_logo(client)
    url = organization.logo.url

    head = client.head(url)
    assert head.status_code == 200
    assert int(head["Content-Length"]) == organization.logo.size
    assert_media_headers(head, content_type="image/jpeg")

    again = client.get(url, headers={"If-None-Match": head["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == head["ETag"]
    assert again["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_signed_in_member_may_cache_media_like_everyone_else(client, media_root):
    organization = upload_organization_logo(client)
    client.force_login(MemberProfileFactory().user)

    response = client.get(organization.logo.url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("path", ESCAPES)
def test_paths_out_of_the_upload_folders_are_404(client, media_root, path):
    response = client.get(path)
    assert response.status_code == 404
    assert SECRET not in b"".join(response.streaming_content if response.streaming else [response.content])


@pytest.mark.parametrize(
    "name, content",
    [("guidelines.pdf", b"%PDF-1.4 ..."), ("page.html", b"<script>alert(1)</script>"), ("x.svg", b"<svg/>")],
)
def test_anything_but_an_image_is_a_download_never_rendered(client, media_root, name, content):
    (media_root / "call-attachments").mkdir()
    (media_root / "call-attachments" / name).write_bytes(content)

    response = client.get(f"/media/call-attachments/{name}")

    assert response.status_code == 200
    assert_media_headers(response, content_type="application/octet-stream")
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    # Not named by the upload code: cached for an hour, revalidated with the ETag.
    assert response["Cache-Control"] == "public, max-age=3600"


def test_a_png_that_is_really_html_is_still_only_an_image(client, media_root):
    (media_root / "logos" / "trick.png").write_bytes(b"<html><script>alert(1)</script></html>")

    response = client.get("/media/logos/trick.png")

    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_media_serve_off_leaves_media_to_the_proxy(client, media_root, settings):
    (media_root / "logos" / "a.png").write_bytes(image_bytes())
    assert client.get("/media/logos/a.png").status_code == 200

    settings.MEDIA_SERVE = False

    assert client.get("/media/logos/a.png").status_code == 404


def test_media_only_answer_get_and_head(client, media_root):
    (media_root / "logos" / "a.png").write_bytes(image_bytes())
    assert client.post("/media/logos/a.png").status_code == 405
    assert client.delete("/media/logos/a.png").status_code == 405


# --- Headers on every response ------------------------------------------------------------


def test_every_response_denies_camera_microphone_location_payment_usb_and_topics(client):
    for url in ["/", "/funds/", "/accounts/login/", "/no-such-page/", "/healthz"]:
        policy = client.get(url)["Permissions-Policy"]
        for feature in ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics", "interest-cohort"]:
            assert f"{feature}=()" in policy, (url, feature)
        # Passkeys and security keys stay possible for the site itself.
        assert "publickey-credentials-get=(self)" in policy


def test_signed_in_pages_are_never_stored(client):
    client.force_login(MemberProfileFactory().user)
    for url in ["/", "/funds/", reverse("alerts:alert-list"), reverse("members:profile-edit"), "/no-such-page/"]:
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-store", url


def test_anonymous_pages_keep_exactly_the_caching_headers_they_had(settings):
    urls = ["/", "/funds/", "/members/organizations/", "/healthz", "/favicon.ico", "/no-such-page/"]
    with_it = {url: Client().get(url) for url in urls}
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "core.headers.PrivatePagesMiddleware"]
    without_it = {url: Client().get(url) for url in urls}
    for url in urls:
        for header in ("Cache-Control", "Vary"):
            assert with_it[url].get(header) == without_it[url].get(header), (url, header)
        # Expires is "now" for never_cache pages: compare its presence, not the second.
        assert ("Expires" in with_it[url]) == ("Expires" in without_it[url]), url


def test_telling_anonymous_visitors_apart_does_not_load_the_session(rf):
    """A page that never looks at the user must not gain `Vary: Cookie` from us."""
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse

    from core.headers import PrivatePagesMiddleware

    chain = SessionMiddleware(AuthenticationMiddleware(PrivatePagesMiddleware(lambda request: HttpResponse("hi"))))
    response = chain(rf.get("/"))

    assert "Vary" not in response and "Cache-Control" not in response


def test_a_view_that_sets_its_own_caching_keeps_it_for_signed_in_people(client):
    client.force_login(MemberProfileFactory().user)
    response = client.get("/healthz")  # never_cache: stricter already
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_the_response_to_signing_in_is_not_stored(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "h5"}}
    user = MemberProfileFactory().user

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


def test_a_response_that_signs_someone_in_without_a_session_cookie_is_private(rf):
    """A view that signs the person in during the request (no session cookie came with
    it) and sets no caching of its own."""
    from django.contrib.auth import login
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse

    from core.headers import PrivatePagesMiddleware

    user = MemberProfileFactory().user

    def view(request):
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return HttpResponse("welcome")

    response = SessionMiddleware(AuthenticationMiddleware(PrivatePagesMiddleware(view)))(rf.post("/"))

    assert response["Cache-Control"] == "private, no-store"


# --- Production: gunicorn with DJANGO_DEBUG=false -----------------------------------------


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, django_db_blocker):
    """gunicorn serving the portal with production settings, its static files collected."""
    root = tmp_path_factory.mktemp("production")
    lay_out_media(root)
    with django_db_blocker.unblock():
        database_url = worker_database_url() if settings.IS_POSTGRES else f"sqlite:///{root / 'unused.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "SITE_URL": "https://portal.example.org",
        "EMAIL_HOST": "smtp.example.org",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(root / "media"),
        "STATIC_ROOT": str(root / "static"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    for name in ("PORTAL_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SECURE_SSL_REDIRECT", "MEDIA_SERVE"):
        env.pop(name, None)
    base = Path(settings.BASE_DIR)
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=base, env=env, check=True, timeout=120,
    )
    port = free_port()
    log = (root / "gunicorn.log").open("wb")
    proc = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
        [str(base / ".venv" / "bin" / "gunicorn"), "network_portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--timeout", "60"],
        cwd=base, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )

    def answers():
        try:
            return fetch(port, "/healthz").status in (200, 503)
        except OSError:
            return proc.poll() is not None  # stop waiting if it died

    try:
        wait_for(answers, timeout=30, message="gunicorn")
        assert proc.poll() is None, (root / "gunicorn.log").read_text()
        yield {"port": port, "media": root / "media"}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


class Reply:
    def __init__(self, response: http.client.HTTPResponse):
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()


def fetch(port: int, path: str, *, method: str = "GET", headers: dict | None = None) -> Reply:
    """A request as the TLS proxy forwards it: the public host name, X-Forwarded-Proto."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            method, path,
            headers={"Host": "portal.example.org", "X-Forwarded-Proto": "https", **(headers or {})},
        )
        return Reply(connection.getresponse())
    finally:
        connection.close()


def test_in_production_an_uploaded_logo_is_served_with_its_headers(production_server, client, settings):
    settings.MEDIA_ROOT = str(production_server["media"])
    organization = upload_organization_logo(client)
    port = production_server["port"]

    reply = fetch(port, organization.logo.url)

    assert reply.status == 200, reply.body[:500]
    assert reply.body == (production_server["media"] / organization.logo.name).read_bytes()
    assert_media_headers(reply.headers, content_type="image/jpeg")
    assert reply.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert reply.headers["Permissions-Policy"] == PERMISSIONS_POLICY
    assert reply.headers["Strict-Transport-Security"]  # the production settings are on

    head = fetch(port, organization.logo.url, method="HEAD")
    assert head.status == 200 and head.body == b""
    assert int(head.headers["Content-Length"]) == len(reply.body)

    assert fetch(port, organization.logo.url, headers={"If-None-Match": reply.headers["ETag"]}).status == 304


@pytest.mark.parametrize("path", ESCAPES)
def test_in_production_paths_out_of_the_upload_folders_are_404(production_server, path):
    reply = fetch(production_server["port"], path)
    assert reply.status == 404, (path, reply.status)
    assert SECRET not in reply.body


def test_in_production_a_missing_file_is_404(production_server):
    assert fetch(production_server["port"], "/media/logos/0123456789abcdef0123456789abcdef.png").status == 404


def test_in_production_static_files_carry_the_permissions_policy(production_server):
    reply = fetch(production_server["port"], "/static/css/portal.css")
    assert reply.status == 200
    assert reply.headers["Permissions-Policy"] == PERMISSIONS_POLICY

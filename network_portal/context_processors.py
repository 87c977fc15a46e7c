"""Values every page's frame needs (header navigation, language links, site URL).

Everything that depends on the request is computed lazily, so templates that never show
the header (emails rendered with a request, JSON views) pay nothing, and nothing here
touches the database unless the template asks about the signed-in user.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool = False


# The main navigation, in order. Apps that are not installed yet (or not included in
# urls.py) are skipped, so adding `path("funds/", include("funds.urls"))` is all it takes
# for "Funding calls" to appear.
MAIN_NAV: list[tuple[str, str]] = [
    ("home", _("Home")),
    ("funds:call-list", _("Funding calls")),
    ("members:directory", _("Members directory")),
    ("members:organizations", _("Our members")),
]


# The pages that make a main navigation item current, by view name ("app:*" for every page
# of an app). A page of nobody's section (your profile, the membership application, your
# alerts) marks no item: "Members directory" is not where you are when you edit your profile.
NAV_SECTIONS: dict[str, set[str]] = {
    "home": {"home"},
    "funds:call-list": {"funds:*"},
    "members:directory": {"members:directory", "members:member-detail"},
    "members:organizations": {"members:organizations", "members:organization-detail"},
}
# Pages of an app that belong to the account menu ("My calls"), not to its main section.
NOT_IN_SECTION = {"funds:my-calls"}


def _in_section(name: str, view_name: str) -> bool:
    if view_name in NOT_IN_SECTION:
        return False
    for pattern in NAV_SECTIONS.get(name, {name}):
        if pattern == view_name or (pattern.endswith(":*") and view_name.startswith(pattern[:-1])):
            return True
    return False


def optional_url(name: str, *args, **kwargs) -> str | None:
    """The URL for `name`, or None when no such route exists (yet)."""
    try:
        return reverse(name, args=args, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _home_urls() -> set[str]:
    return {translate_url("/", code) for code, _name in settings.LANGUAGES}


def main_nav(path: str, view_name: str | None = None) -> list[NavItem]:
    """Main navigation links. With the page's `view_name`, the item whose section holds it
    (NAV_SECTIONS) is current; without (a 404), the one whose URL is the longest prefix of
    `path`."""
    entries = [(name, url, label) for name, label in MAIN_NAV if (url := optional_url(name))]
    if view_name:
        return [
            NavItem(label=str(label), url=url, current=_in_section(name, view_name))
            for name, url, label in entries
        ]
    items = [(url, label) for _name, url, label in entries]
    home = optional_url("home")
    matches = [
        url for url, _label in items if path == url or (url != home and path.startswith(url))
    ]
    current = max(matches, key=len) if matches else None
    return [NavItem(label=str(label), url=url, current=url == current) for url, label in items]


def language_links(request) -> list[dict]:
    """This page in each interface language (footer links and <link rel="alternate">)."""
    path = request.get_full_path()
    active = (get_language() or settings.LANGUAGE_CODE)[:2]
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": url,
                "absolute_url": f"{settings.SITE_URL}{url}",
                "current": code == active,
            }
        )
    return links


def language_switch_next(request) -> str:
    """The `next` for Django's set_language view: this page's URL in the default language.

    set_language translates `next` into the chosen language, but it resolves `next` in the
    language active for /i18n/setlang/ itself, which is always the default (English, the
    unprefixed one). A French URL given as `next` would not resolve and would come back
    untranslated, leaving people stuck in French; the English URL always translates.
    """
    path = request.get_full_path()
    english = translate_url(path, settings.LANGUAGE_CODE)
    if english == path:  # a page that does not resolve (404): drop the prefix by hand
        for code, _name in settings.LANGUAGES:
            prefix = f"/{code}/"
            if code != settings.LANGUAGE_CODE and path.startswith(prefix):
                return "/" + path.removeprefix(prefix)
    return english


def login_url(request) -> str:
    """Sign-in link that brings people back to the page they were on."""
    url = reverse("account_login")
    path = request.get_full_path()
    account_root = url.removesuffix("login/")  # ".../accounts/": no ?next= on those pages
    if (
        request.method == "GET"
        and path not in _home_urls()
        and not path.startswith(account_root)
        and url_has_allowed_host_and_scheme(path, allowed_hosts=None)
    ):
        url = f"{url}?{urlencode({'next': path})}"
    return url


def _view_name(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else None


def portal(request):
    """Template context for the site frame.

    - ``SITE_URL``: public base URL for absolute links.
    - ``portal_nav``: list of NavItem (label, url, current) for the main navigation.
    - ``portal_language_links``: this page in each language (code, name_local, url,
      absolute_url, current).
    - ``portal_login_url``: the sign-in URL with ``?next=`` back to this page.
    - ``portal_language_next``: the ``next`` field for the language forms.
    """
    return {
        "SITE_URL": settings.SITE_URL,
        "portal_nav": SimpleLazyObject(lambda: main_nav(request.path, _view_name(request))),
        "portal_language_links": SimpleLazyObject(lambda: language_links(request)),
        "portal_login_url": SimpleLazyObject(lambda: login_url(request)),
        "portal_language_next": SimpleLazyObject(lambda: language_switch_next(request)),
    }

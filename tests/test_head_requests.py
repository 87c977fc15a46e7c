"""Link checkers and mail clients send HEAD: every URL that answers GET answers HEAD the
same way (never 405), signed out and signed in. The test walks the URL patterns, so a new
view is covered the day it is added."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.urls.resolvers import RegexPattern

from funds.alerts import tokens
from taxonomy.models import SkillCategory
from tests.factories.alerts import AlertFactory
from tests.factories.funds import FundingCallFactory
from tests.factories.members import ApprovedMemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

# Not the portal's pages: Django's admin (staff only, behind MFA) and static/media files.
SKIPPED_NAMESPACES = {"admin"}


def _arguments(pattern) -> dict[str, bool]:
    """{kwarg: whether it is a number} of one path() or re_path() pattern."""
    if isinstance(pattern, RegexPattern):
        return dict.fromkeys(pattern.regex.groupindex, False)
    return {name: isinstance(c, IntConverter) for name, c in getattr(pattern, "converters", {}).items()}


def _named_patterns(patterns, namespace: str = "", converters: dict | None = None):
    """(URL name with its namespaces, {kwarg: is a number}) for every named pattern."""
    for entry in patterns:
        found = {**(converters or {}), **_arguments(entry.pattern)}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            yield from _named_patterns(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", found


@pytest.fixture
def demo_objects():
    """One of everything a parametrised URL points at."""
    member = ApprovedMemberFactory()
    organization = OrganizationFactory()
    call = FundingCallFactory()
    alert = AlertFactory(user=member.user)
    category = SkillCategory.objects.active().first()
    return {
        "member": member,
        "values": {
            "slug": {"funds:": call.slug, "members:": organization.slug, "alerts:": category.slug},
            "pk": {"members:member-detail": member.pk, "alerts:": alert.pk},
            "organization": organization.pk,
            "token": tokens.make_token(kind=tokens.KIND_ALERT, user_id=member.user_id, alert_id=alert.pk),
        },
    }


# For a key nobody has (allauth's reset and confirmation links, a badge's UUID): the first
# of these the pattern accepts. The page then answers 404, to HEAD as to GET.
UNKNOWN_TEXT = ("unknown-key", "00000000-0000-4000-8000-000000000000", "0")


def _kwargs_for(name: str, converters: dict, values: dict, unknown: str) -> dict:
    kwargs = {}
    for kwarg, is_number in converters.items():
        value = values.get(kwarg)
        if isinstance(value, dict):
            value = next((v for prefix, v in value.items() if name.startswith(prefix)), None)
        if value is None:
            value = 999_999 if is_number else unknown
        kwargs[kwarg] = value
    return kwargs


def _get_urls(values) -> list[str]:
    urls = []
    for name, converters in _named_patterns(get_resolver().url_patterns):
        for unknown in UNKNOWN_TEXT:
            try:
                urls.append(reverse(name, kwargs=_kwargs_for(name, converters, values, unknown) or None))
                break
            except NoReverseMatch:
                continue
        else:  # a pattern the walk cannot fill is a gap in this test
            raise AssertionError(f"cannot build a URL for {name} ({sorted(converters)})")
    return sorted(set(urls))


def _head_and_get(client: Client, urls: list[str]) -> dict[str, tuple[int, int]]:
    answers = {}
    for url in urls:
        get = client.get(url)
        if get.status_code == 405:  # POST-only actions (bookmark, pause, sign out...)
            continue
        head = client.head(url)
        answers[url] = (head.status_code, get.status_code)
        assert head.content == b"", url
    return answers


def test_every_get_url_answers_head_like_get_signed_out(demo_objects):
    answers = _head_and_get(Client(), _get_urls(demo_objects["values"]))

    different = {url: pair for url, pair in answers.items() if pair[0] != pair[1]}
    assert different == {}
    # The pages link checkers and mail clients hit, answered 200 (as / and /members/ were).
    for name, kwargs in [
        ("funds:call-list", None), ("funds:export-xlsx", None), ("funds:export-csv", None),
        ("funds:call-feed", None), ("funds:call-feed-atom", None), ("funds:deadlines-ics", None),
        ("funds:call-detail", {"slug": demo_objects["values"]["slug"]["funds:"]}),
        ("funds:call-ics", {"slug": demo_objects["values"]["slug"]["funds:"]}),
        ("home", None), ("members:directory", None), ("healthz", None),
    ]:
        assert answers[reverse(name, kwargs=kwargs)] == (200, 200), name


def test_every_get_url_answers_head_like_get_signed_in(demo_objects):
    client = Client()
    client.force_login(demo_objects["member"].user)

    answers = _head_and_get(client, _get_urls(demo_objects["values"]))

    different = {url: pair for url, pair in answers.items() if pair[0] != pair[1]}
    assert different == {}
    assert answers[reverse("funds:my-calls")] == (200, 200)
    assert answers[reverse("alerts:alert-list")] == (200, 200)
    assert answers[reverse("funds:call-suggest")] == (200, 200)

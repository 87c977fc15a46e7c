import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from core.mail import send_to_user, user_language, user_time_zone
from core.outbox.models import Email
from tests.factories.members import MemberProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(tmp_path, settings):
    """A template "core_test/notice" that shows its language, time zone and link."""
    folder = tmp_path / "templates" / "core_test"
    folder.mkdir(parents=True)
    (folder / "notice_subject.txt").write_text("{% load i18n %}{% translate 'Cancel' %}\n")
    (folder / "notice.txt").write_text(
        "{{ language }} {{ recipient.email }} {{ moment|date:'H:i e' }} {{ SITE_URL }}\n"
    )
    (folder / "notice.html").write_text("<p>{{ language }}</p>\n")
    engine = {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]
    return "core_test/notice"


def test_send_to_user_writes_in_the_recipients_language_and_time_zone(
    notice, settings, django_capture_on_commit_callbacks
):
    profile = MemberProfileFactory(preferred_language="fr", time_zone="Africa/Nairobi")
    moment = dt.datetime(2027, 1, 15, 12, 0, tzinfo=dt.UTC)

    with django_capture_on_commit_callbacks(execute=True):
        email = send_to_user(user=profile.user, template=notice, context={"moment": moment}, key="core-test:1")

    assert email.language == "fr"
    assert email.to == profile.user.email
    [message] = mail.outbox
    assert message.subject == "Annuler"
    assert message.body.strip() == f"fr {profile.user.email} 15:00 EAT {settings.SITE_URL}"


def test_send_to_user_is_idempotent_per_key(notice):
    user = MemberProfileFactory().user

    first = send_to_user(user=user, template=notice, context={}, key="core-test:2")
    second = send_to_user(user=user, template=notice, context={}, key="core-test:2")

    assert first.pk == second.pk
    assert Email.objects.filter(key="core-test:2").count() == 1


@pytest.mark.parametrize("who", ["nobody", "inactive", "no address"])
def test_send_to_user_with_nobody_to_tell_queues_nothing(notice, who):
    user = {
        "nobody": lambda: None,
        "inactive": lambda: UserFactory(is_active=False),
        "no address": lambda: get_user_model()(email="", is_active=True),
    }[who]()

    assert send_to_user(user=user, template=notice, context={}) is None
    assert not Email.objects.exists()


def test_a_user_without_a_profile_reads_the_sites_language_in_utc(settings):
    user = UserFactory()

    assert user_language(user) == settings.LANGUAGE_CODE
    assert user_time_zone(user).key == "UTC"


def test_an_unknown_language_or_time_zone_falls_back_to_the_sites():
    profile = MemberProfileFactory(preferred_language="de", time_zone="Mars/Olympus")

    assert user_language(profile.user) == "en"
    assert user_time_zone(profile.user).key == "UTC"

import pytest
from django.core import mail

from core.outbox import services


def use_email_backend(settings, backend: str) -> None:
    """Point the default mailer at `backend`, with MAILERS (Django 6.1+) when the project
    has opted in, else with the older EMAIL_BACKEND setting."""
    if hasattr(settings, "MAILERS"):
        settings.MAILERS = {**settings.MAILERS, "default": {"BACKEND": backend}}
    else:
        settings.EMAIL_BACKEND = backend


@pytest.fixture(autouse=True)
def _empty_mailbox_and_closed_circuit():
    """Every test starts with an empty test mailbox and no remembered broker failure."""
    mail.outbox = []
    services.broker_circuit_reset()
    yield
    services.broker_circuit_reset()


@pytest.fixture
def locmem_mail(settings):
    use_email_backend(settings, "django.core.mail.backends.locmem.EmailBackend")


@pytest.fixture
def failing_mail(settings):
    """An SMTP server that is down (tests/outbox/backends.py)."""
    use_email_backend(settings, "tests.outbox.backends.FailingBackend")


@pytest.fixture
def refusing_mail(settings):
    """An SMTP server that refuses the recipient with a 5xx."""
    use_email_backend(settings, "tests.outbox.backends.RefusingBackend")


@pytest.fixture
def email_templates(tmp_path, settings):
    """A template "outbox_test/notice" in all three parts, found before the project's."""
    folder = tmp_path / "templates" / "outbox_test"
    folder.mkdir(parents=True)
    (folder / "notice_subject.txt").write_text("Call {{ call }}\n closes soon\n")
    (folder / "notice.txt").write_text(
        "Hello {{ name }}, the call {{ call }} closes soon.\n{{ SITE_URL }}\n"
    )
    (folder / "notice.html").write_text(
        "<p>Hello {{ name }}, the call <b>{{ call }}</b> closes soon.</p>\n"
    )
    engine = {
        **settings.TEMPLATES[0],
        "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]],
    }
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]
    return "outbox_test/notice"

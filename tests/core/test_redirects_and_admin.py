import pytest
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from core.admin import run_on_selected
from core.errors import DomainError
from core.redirects import safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/en/funds/", "/en/funds/"),
        ("https://evil.example.com/", "/fallback/"),
        ("//evil.example.com/", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_safe_next_follows_only_addresses_on_this_site(target, expected):
    request = RequestFactory().get("/", {"next": target})

    assert safe_next(request, "/fallback/") == expected


def test_safe_next_prefers_the_posted_address():
    request = RequestFactory().post("/?next=/from-get/", {"next": "/from-post/"})

    assert safe_next(request, "/fallback/") == "/from-post/"


class _Admin:
    def __init__(self):
        self.messages = []

    def message_user(self, request, message, level):
        self.messages.append((level, message))


def test_run_on_selected_reports_the_rows_done_and_each_row_refused():
    model_admin, done_rows = _Admin(), []

    def act(row):
        if row == "closed":
            raise DomainError("already closed")
        if row == "secret":
            raise PermissionDenied
        done_rows.append(row)

    count = run_on_selected(
        model_admin, None, ["a", "closed", "b", "secret"], act, done_message=lambda n: f"{n} done", label=str.upper
    )

    assert count == 2
    assert done_rows == ["a", "b"]
    assert model_admin.messages == [
        (messages.SUCCESS, "2 done"),
        (messages.WARNING, "CLOSED: already closed"),
        (messages.WARNING, "SECRET: not allowed"),
    ]


def test_domain_errors_of_the_apps_share_one_base():
    from core.outbox.services import OutboxError
    from funds.services.curation import CallError
    from members.services import MembershipError

    assert all(issubclass(error, DomainError) for error in (OutboxError, CallError, MembershipError))

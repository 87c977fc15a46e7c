from __future__ import annotations

import pytest

from tests.factories.members import (
    ApprovedMemberFactory,
    MemberProfileFactory,
    StaffUserFactory,
    UserFactory,
)


@pytest.fixture
def mailbox(mailoutbox):
    """The sent mail. Mail leaves through the outbox after commit: wrap service calls in
    `with committed():` so that their on-commit work (sending) runs."""
    return mailoutbox


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed() is a context manager that runs on-commit callbacks when it exits, as a
    real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def member(db):
    """An approved network member with a public profile."""
    return ApprovedMemberFactory(full_name="Amina Member")


@pytest.fixture
def registered(db):
    """Someone with an account and a complete profile who is not a member."""
    return MemberProfileFactory(full_name="Rita Registered")


@pytest.fixture
def staff(db):
    """ILO staff: is_staff and in the "ILO staff" group (no superuser powers)."""
    user = StaffUserFactory(email="staff@ilo.example.org")
    from members.services import profile_ensure

    profile_ensure(user=user)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def client_as(client, login_with_mfa):
    """client_as(user) signs the test client in as that user (None: anonymous); staff
    and superusers with their second factor, as they must."""

    def sign_in(user):
        if user is not None and (user.is_staff or user.is_superuser):
            login_with_mfa(client, user)
        elif user is not None:
            client.force_login(user)
        return client

    return sign_in

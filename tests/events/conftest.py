import pytest

from tests.factories.members import ApprovedMemberFactory, StaffUserFactory, UserFactory


@pytest.fixture
def staff(db):
    return StaffUserFactory(email="staff@ilo.example.org")


@pytest.fixture
def member(db):
    return ApprovedMemberFactory(user__email="member@example.org").user


@pytest.fixture
def people(db):
    def make(count: int, prefix: str = "p"):
        return [UserFactory(email=f"{prefix}{n}@example.org", verified=False) for n in range(count)]

    return make

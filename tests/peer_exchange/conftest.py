import pytest

from peer_exchange import services
from tests.factories.members import ApprovedMemberFactory, StaffUserFactory
from tests.factories.peer_exchange import SeriesFactory
from tests.survey.conftest import answer, languages, survey  # noqa: F401 - the needs survey fixtures


@pytest.fixture
def staff(db):
    return StaffUserFactory(email="staff@ilo.example.org")


@pytest.fixture
def members(db):
    def make(count: int, prefix: str = "m"):
        return [
            ApprovedMemberFactory(user__email=f"{prefix}{n}@example.org").user for n in range(count)
        ]

    return make


@pytest.fixture
def member(members):
    return members(1, prefix="member")[0]


@pytest.fixture
def volunteers(members):
    def make(count: int, prefix: str = "v"):
        people = members(count, prefix=prefix)
        for person in people:
            services.host_offer_set(actor=person, is_active=True, can_facilitate="Budgets")
        return people

    return make


@pytest.fixture
def peer(db):
    """The first generated occurrence of a fresh series."""
    series = SeriesFactory()
    services.series_generate()
    return series.occurrences.select_related("session").first()

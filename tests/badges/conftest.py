import pytest

from tests.factories.members import ApprovedMemberFactory, OrganizationFactory, StaffUserFactory


@pytest.fixture
def staff(db):
    """ILO staff: is_staff and in the "ILO staff" group (which holds the badges permissions)."""
    from members.services import profile_ensure

    user = StaffUserFactory(email="staff@ilo.example.org")
    profile_ensure(user=user)
    return user


@pytest.fixture
def member(db):
    """An approved member (the profile) with an approved organization and a project."""
    organization = OrganizationFactory(name="Kazi Skills Hub", project_name="Green apprenticeships", country="KE")
    return ApprovedMemberFactory(full_name="Zoë Ñúñez", organization=organization, user__email="zoe@example.org")

from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from members.demo import PASSWORD, build_network
from members.management.commands.seed_demo import demo_modules
from members.models import MemberProfile, MembershipApplication, Organization, User
from members.roles import Role
from taxonomy.regions import Region

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    return out.getvalue()


def counts():
    return (
        User.objects.count(),
        MemberProfile.objects.count(),
        Organization.objects.count(),
        MembershipApplication.objects.count(),
        EmailAddress.objects.count(),
    )


def test_seed_demo_builds_a_network_across_the_five_regions_and_is_idempotent(settings):
    output = seed()
    first = counts()
    assert first[1] >= 60
    assert "member@example.org" in output and PASSWORD in output

    regions = {p.region for p in MemberProfile.objects.approved()}
    assert regions == set(Region.values)
    approved = MemberProfile.objects.approved()
    assert approved.filter(network_role="core").exists()
    assert approved.filter(network_role="regional_rep").count() >= 5
    assert {p.visibility for p in approved} == {"public", "members", "hidden"}
    assert MemberProfile.objects.filter(membership="pending").exists()
    assert (
        MembershipApplication.objects.filter(status="pending").count()
        == MemberProfile.objects.filter(membership="pending").count()
    )
    listed = Organization.objects.listed()
    assert listed.count() >= 30
    assert all(o.logo for o in listed)

    seed()
    assert counts() == first


def test_demo_accounts_can_sign_in_with_verified_emails(client):
    seed()
    for email in (
        "member@example.org",
        "core@example.org",
        "staff@example.org",
        "admin@example.org",
    ):
        user = User.objects.get(email=email)
        assert user.check_password(PASSWORD)
        assert EmailAddress.objects.get(user=user).verified
        assert EmailAddress.objects.get(user=user).primary
    staff = User.objects.get(email="staff@example.org")
    assert staff.is_staff and not staff.is_superuser
    assert staff.groups.filter(name=Role.ILO_STAFF.value).exists()
    assert User.objects.get(email="admin@example.org").is_superuser
    core = User.objects.get(email="core@example.org")
    assert core.profile.network_role == "core"
    assert set(core.groups.values_list("name", flat=True)) == {
        Role.MEMBER.value,
        Role.CORE_GROUP.value,
    }
    assert User.objects.get(email="member@example.org").is_network_member
    response = client.post(
        "/accounts/login/", {"login": "member@example.org", "password": PASSWORD}, follow=True
    )
    assert response.context["user"].is_authenticated


def test_regional_representatives_are_in_their_group():
    seed()
    group = Group.objects.get(name=Role.REGIONAL_REP.value)
    reps = MemberProfile.objects.filter(network_role="regional_rep")
    assert set(group.user_set.all()) == {p.user for p in reps}


def test_the_demo_network_is_the_same_every_time():
    assert build_network(["a", "b", "c"], ["x", "y"]) == build_network(["a", "b", "c"], ["x", "y"])


def test_seed_demo_refuses_to_run_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())


def test_demo_modules_are_found_in_installed_apps_order():
    names = [m.__name__ for m in demo_modules()]
    assert names[0] == "members.demo"

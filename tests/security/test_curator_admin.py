"""A curator (ILO staff: is_staff, in the "ILO staff" group, no superuser) attacks the
admin the way issue #8 describes: walk every page they can reach looking for a reset or
confirmation link of somebody else, then try to take an account over by changing its
email addresses, password, flags, groups or permissions."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from core.audit.models import AuditEntry
from core.outbox.models import Email
from members import services
from members.models import MemberProfile, User
from members.roles import ROLE_PERMISSIONS, Role, declared_permissions, sync_role_permissions
from tests.factories.alerts import AlertFactory
from tests.factories.funds import CallReportFactory, FundingCallFactory
from tests.factories.members import (
    PASSWORD,
    ApprovedMemberFactory,
    MemberProfileFactory,
    MembershipApplicationFactory,
    OrganizationFactory,
    StaffUserFactory,
    UserFactory,
)
from tests.factories.mfa import login_with_mfa
from tests.outbox.real_messages import instant_alert, request_password_reset, sign_up

pytestmark = pytest.mark.django_db

ATTACKER_EMAIL = "curator.owned@example.org"
# Pages a walk never follows: signing out ends the walk, /admin/r/ leaves the admin.
NOT_FOLLOWED = re.compile(r"^/admin/(logout/|r/)")
_HREF = re.compile(r'href="(/admin/[^"#?]*)')


@pytest.fixture
def superuser():
    user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    services.profile_ensure(user=user)
    return user


@pytest.fixture
def curator():
    user = StaffUserFactory(email="curator@ilo.example.org")
    services.profile_ensure(user=user)
    return user


@pytest.fixture
def secrets(superuser):
    """Live secrets in the outbox: a reset for the superuser's address (anyone may ask
    for one), a sign-up confirmation and an alert's unsubscribe link."""
    member = ApprovedMemberFactory(full_name="Amina Member")
    messages = [
        request_password_reset(superuser.email),
        sign_up("newcomer@example.org"),
        instant_alert(member.user),
    ]
    return [secret for message in messages for secret in message.secrets]


@pytest.fixture
def curated_objects(superuser):
    """At least one row behind every admin page a curator can open."""
    organization = OrganizationFactory(name="Skills for All")
    MembershipApplicationFactory(
        profile=MemberProfileFactory(full_name="Pat Applicant", membership="pending")
    )
    ApprovedMemberFactory(full_name="Core Person", organization=organization)
    call = FundingCallFactory(title="Green jobs fund")
    CallReportFactory(call=call)
    AlertFactory(user=superuser)
    EmailAddress.objects.create(user=superuser, email="root.second@example.org", verified=False)


_OBJECT_PAGE = re.compile(r"^/admin/(?P<model>\w+/\w+)/(?P<pk>[^/]+)/")


def walk_admin(
    client, *, also: Iterable[str] = (), objects_per_model: int = 4, limit: int = 800
) -> dict[str, object]:
    """GET every /admin/ page reachable by links from the index, plus every registered
    model's changelist and add page and the pages in `also`; of each model's rows, the
    pages of the first few found (change, history, delete...). Returns {path: response}."""
    start = ["/admin/", *also]
    for model in admin.site._registry:
        opts = model._meta
        start += [
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        ]
    seen: dict[str, object] = {}
    rows: dict[str, set[str]] = {}
    queue = deque(start)
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen or NOT_FOLLOWED.match(path):
            continue
        if (match := _OBJECT_PAGE.match(path)) and match["pk"] not in ("add", "import"):
            model_rows = rows.setdefault(match["model"], set())
            if match["pk"] not in model_rows and len(model_rows) >= objects_per_model:
                continue
            model_rows.add(match["pk"])
        response = client.get(path)
        seen[path] = response
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            queue.extend(p for p in _HREF.findall(response.text) if p not in seen)
    return seen


def test_a_curator_walking_the_whole_admin_meets_no_error_and_no_secret(
    client, curator, superuser, secrets, curated_objects
):
    login_with_mfa(client, curator)
    every_email = [
        f"/admin/outbox/email/{pk}/change/" for pk in Email.objects.values_list("pk", flat=True)
    ]

    pages = walk_admin(client, also=[*every_email, f"/admin/members/user/{superuser.pk}/password/"])

    opened = [path for path, response in pages.items() if response.status_code == 200]
    # The walk reached the curation pages, the outbox and the accounts (view only).
    for must in (
        "/admin/outbox/email/",
        "/admin/members/user/",
        "/admin/members/memberprofile/",
        "/admin/account/emailaddress/",
        "/admin/funds/fundingcall/",
    ):
        assert must in opened
    assert set(every_email) <= set(opened)
    assert any(re.match(r"^/admin/members/user/\d+/change/$", p) for p in opened)
    for path, response in pages.items():
        assert response.status_code < 500, path
        body = response.content.decode(errors="replace")
        for secret in secrets:
            assert secret not in body, f"{path} shows a secret"
    # Nothing of what makes an account was reachable for change.
    for path, response in pages.items():
        if re.match(
            r"^/admin/(members/user|account/emailaddress|auth/group)/(add/|\d+/(password/|delete/))",
            path,
        ):
            assert response.status_code == 403, path


def test_a_superuser_walking_the_whole_admin_meets_no_error_and_no_email_secret(
    client, superuser, secrets, curated_objects
):
    login_with_mfa(client, superuser)
    every_email = [
        f"/admin/outbox/email/{pk}/change/" for pk in Email.objects.values_list("pk", flat=True)
    ]

    pages = walk_admin(client, also=every_email)

    assert "/admin/outbox/email/" in pages
    for path, response in pages.items():
        assert response.status_code < 500, path
        body = response.content.decode(errors="replace")
        for secret in secrets:
            assert secret not in body, f"{path} shows a secret"


# --- Trying to take an account over --------------------------------------------------------


def account_state(user: User) -> tuple:
    user.refresh_from_db()
    return (
        user.email,
        user.password,
        user.is_staff,
        user.is_superuser,
        sorted(user.groups.values_list("name", flat=True)),
        sorted(user.user_permissions.values_list("codename", flat=True)),
        sorted(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")),
    )


def user_change_data(user: User, **changes) -> dict:
    data = {
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "1",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "profile-0-id": str(user.profile.pk),
        "profile-0-user": str(user.pk),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_curator_cannot_change_another_accounts_email_password_flags_or_groups(
    client, curator, superuser
):
    staff_group = Group.objects.get(name=Role.ILO_STAFF.value)
    change_user = Permission.objects.get(codename="change_user")
    before = account_state(superuser)
    login_with_mfa(client, curator)
    attempts = [
        (
            f"/admin/members/user/{superuser.pk}/change/",
            user_change_data(superuser, email=ATTACKER_EMAIL),
        ),
        (
            f"/admin/members/user/{superuser.pk}/password/",
            {
                "usable_password": "true",
                "password1": "Owned-by-curator-26!",
                "password2": "Owned-by-curator-26!",
            },
        ),
        (
            f"/admin/members/user/{superuser.pk}/change/",
            user_change_data(superuser, groups=[staff_group.pk], user_permissions=[change_user.pk]),
        ),
        (f"/admin/members/user/{superuser.pk}/delete/", {"post": "yes"}),
    ]

    responses = [client.post(path, data) for path, data in attempts]

    assert [r.status_code for r in responses] == [403] * len(attempts)
    assert account_state(superuser) == before
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_the_same_changes_by_a_superuser_go_through_and_are_audited(client, superuser):
    # The control for the test above: its form data is valid, only the actor differs.
    target = UserFactory(email="someone@example.org")
    services.profile_ensure(user=target)
    login_with_mfa(client, superuser)

    email = client.post(
        f"/admin/members/user/{target.pk}/change/", user_change_data(target, email=ATTACKER_EMAIL)
    )
    password = client.post(
        f"/admin/members/user/{target.pk}/password/",
        {
            "usable_password": "true",
            "password1": "New-pass-for-them-26!",
            "password2": "New-pass-for-them-26!",
        },
    )

    assert (email.status_code, password.status_code) == (302, 302)
    target.refresh_from_db()
    assert target.email == ATTACKER_EMAIL
    assert target.check_password("New-pass-for-them-26!")
    entries = AuditEntry.objects.filter(action="members.user.admin_changed", object_id=str(target.pk))
    assert sorted((e.actor, e.data["fields"]) for e in entries) == [
        (superuser, ["email"]),
        (superuser, ["password"]),
    ]


def test_a_curator_cannot_make_themselves_superuser_or_add_permissions_or_groups(client, curator):
    before = account_state(curator)
    staff_group = Group.objects.get(name=Role.ILO_STAFF.value)
    every_permission = list(Permission.objects.values_list("pk", flat=True))
    login_with_mfa(client, curator)

    own = client.post(
        f"/admin/members/user/{curator.pk}/change/",
        user_change_data(
            curator, is_staff="on", is_superuser="on", user_permissions=every_permission
        ),
    )
    group = client.post(
        f"/admin/auth/group/{staff_group.pk}/change/",
        {"name": staff_group.name, "permissions": every_permission},
    )
    new_group = client.post(
        "/admin/auth/group/add/", {"name": "Mine", "permissions": every_permission}
    )
    new_user = client.post(
        "/admin/members/user/add/",
        {
            "email": "puppet@example.org",
            "usable_password": "true",
            "password1": "Puppet-pass-2026!",
            "password2": "Puppet-pass-2026!",
        },
    )

    assert [own.status_code, group.status_code, new_group.status_code, new_user.status_code] == [
        403
    ] * 4
    assert account_state(curator) == before
    assert set(staff_group.permissions.all()) == set(declared_permissions(Role.ILO_STAFF))
    assert not Group.objects.filter(name="Mine").exists()
    assert not User.objects.filter(email="puppet@example.org").exists()


def test_a_curator_cannot_add_change_or_verify_an_email_address_on_any_account(
    client, curator, superuser
):
    unverified = EmailAddress.objects.create(user=superuser, email="root.second@example.org")
    primary = EmailAddress.objects.get(user=superuser, primary=True)
    before = account_state(superuser)
    login_with_mfa(client, curator)

    add = client.post(
        "/admin/account/emailaddress/add/",
        {"user": superuser.pk, "email": ATTACKER_EMAIL, "verified": "on", "primary": "on"},
    )
    change = client.post(
        f"/admin/account/emailaddress/{primary.pk}/change/",
        {"user": superuser.pk, "email": ATTACKER_EMAIL, "verified": "on", "primary": "on"},
    )
    move = client.post(
        f"/admin/account/emailaddress/{curator.emailaddress_set.get().pk}/change/",
        {"user": superuser.pk, "email": curator.email, "verified": "on", "primary": "on"},
    )
    verify = client.post(
        "/admin/account/emailaddress/",
        {"action": "make_verified", "_selected_action": [unverified.pk]},
    )
    delete = client.post(f"/admin/account/emailaddress/{primary.pk}/delete/", {"post": "yes"})

    assert [add.status_code, change.status_code, move.status_code, delete.status_code] == [403] * 4
    assert verify.status_code in (200, 302, 403)
    assert account_state(superuser) == before
    assert not EmailAddress.objects.filter(email=ATTACKER_EMAIL).exists()
    assert EmailAddress.objects.get(user=curator).email == curator.email


def profile_change_data(client, profile: MemberProfile) -> dict:
    """The profile's admin form as the change page fills it in."""
    response = client.get(f"/admin/members/memberprofile/{profile.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, "", False) or name == "photo":
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[name] = "on" if value is True else str(value)
    return data


def test_a_curator_editing_a_profile_cannot_move_it_to_another_account(client, curator, superuser):
    target = ApprovedMemberFactory(full_name="Core Person", network_role="core")
    groups_before = account_state(superuser)
    login_with_mfa(client, curator)
    data = profile_change_data(client, target)

    response = client.post(
        f"/admin/members/memberprofile/{target.pk}/change/",
        {**data, "user": superuser.pk, "full_name": "Core Person (edited)"},
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.full_name == "Core Person (edited)"  # the edit itself went through
    assert target.user_id != superuser.pk
    assert account_state(superuser) == groups_before


# --- Services -----------------------------------------------------------------------------


def test_network_roles_give_network_groups_only_never_staff_access(curator):
    member = ApprovedMemberFactory(full_name="Core Person")

    services.network_role_set(profile=member, actor=curator, role=MemberProfile.NetworkRole.CORE)
    with pytest.raises(services.MembershipError):
        services.network_role_set(profile=member, actor=curator, role=Role.ILO_STAFF.value)

    member.user.refresh_from_db()
    assert sorted(member.user.groups.values_list("name", flat=True)) == sorted(
        [Role.MEMBER.value, Role.CORE_GROUP.value]
    )
    assert not member.user.is_staff and not member.user.is_superuser


@pytest.mark.parametrize(
    "data",
    [
        {"email": ATTACKER_EMAIL},
        {"user": None},
        {"network_role": "core"},
        {"membership": "approved"},
        {"is_staff": True},
    ],
)
def test_the_profile_service_refuses_fields_beyond_the_profile(curator, data):
    profile = ApprovedMemberFactory()

    with pytest.raises(ValueError, match="Not editable here"):
        services.profile_update(profile=profile, actor=curator, data=data)


# --- The staff role's permissions -----------------------------------------------------------

TAKEOVER_PERMISSIONS = [
    "members.add_user",
    "members.change_user",
    "members.delete_user",
    "account.add_emailaddress",
    "account.change_emailaddress",
    "account.delete_emailaddress",
    "auth.add_group",
    "auth.change_group",
    "auth.add_permission",
    "auth.change_permission",
    "mfa.add_authenticator",
    "mfa.change_authenticator",
    "mfa.delete_authenticator",
    "members.add_memberprofile",
]


def test_ilo_staff_hold_no_permission_that_changes_who_controls_an_account(curator):
    for permission in TAKEOVER_PERMISSIONS:
        assert not curator.has_perm(permission), permission
    assert curator.has_perm("members.view_user")
    assert curator.has_perm("account.view_emailaddress")
    assert curator.has_perm("members.change_memberprofile")
    assert curator.has_perm("outbox.change_email")


def test_sync_removes_permissions_the_roles_do_not_declare():
    staff = Group.objects.get(name=Role.ILO_STAFF.value)
    core = Group.objects.get(name=Role.CORE_GROUP.value)
    stale = list(
        Permission.objects.filter(
            codename__in=["add_emailaddress", "change_emailaddress", "change_user", "change_group"]
        )
    )
    staff.permissions.add(*stale)
    core.permissions.add(*stale)

    sync_role_permissions()

    assert set(staff.permissions.all()) == set(declared_permissions(Role.ILO_STAFF))
    assert not set(staff.permissions.all()) & set(stale)
    assert not core.permissions.exists()
    assert staff.permissions.filter(codename="view_emailaddress").exists()


def test_migrate_takes_away_the_email_address_permissions_older_versions_gave_staff():
    staff = Group.objects.get(name=Role.ILO_STAFF.value)
    old = Permission.objects.filter(
        content_type__app_label="account", codename__in=["add_emailaddress", "change_emailaddress"]
    )
    staff.permissions.add(*old)

    call_command("migrate", verbosity=0, interactive=False)

    assert not staff.permissions.filter(pk__in=old).exists()
    assert staff.permissions.count() == declared_permissions(Role.ILO_STAFF).count()


def test_every_declared_permission_exists():
    for role, apps in ROLE_PERMISSIONS.items():
        expected = sum(len(actions) for models in apps.values() for actions in models.values())
        assert declared_permissions(role).count() == expected, role


def test_the_admin_password_change_form_leads_to_the_one_with_re_authentication(client, superuser, login_with_mfa):
    login_with_mfa(client, superuser)

    response = client.get("/admin/password_change/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/"

"""Creating the demo network's rows for `manage.py seed_demo`. Idempotent: rows that
already exist (matched by email or slug) are left as they are."""

from __future__ import annotations

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from taxonomy.models import Expertise, Language, SkillCategory

from ..models import MemberProfile, MembershipApplication, Organization, User
from ..roles import Role
from . import mfa
from .data import ACCOUNTS, PASSWORD, SEED
from .logos import logo_file
from .network import OrgSpec, PersonSpec, build_network


def seed(*, stdout) -> None:
    """Create the demo network. Idempotent: existing rows are kept as they are."""
    categories = list(SkillCategory.objects.active().values_list("slug", flat=True))
    expertise = list(Expertise.objects.values_list("slug", flat=True))
    org_specs, people = build_network(categories, expertise)
    category_ids = dict(SkillCategory.objects.values_list("slug", "pk"))
    expertise_ids = dict(Expertise.objects.values_list("slug", "pk"))
    language_ids = dict(Language.objects.values_list("code", "pk"))
    now = timezone.now()

    organizations = _seed_organizations(org_specs, language_ids)
    users = _seed_users(people)
    created_profiles = _seed_profiles(
        people, users, organizations, category_ids, expertise_ids, language_ids, now
    )
    _seed_groups(people, users)
    mfa.seed_authenticators(users)  # staff must sign in with a second factor
    _seed_applications(people, users, created_profiles, now)
    listed = {
        p.org_slug
        for p in people
        if p.membership == MemberProfile.Membership.APPROVED and p.org_slug
    }
    # Organizations of approved members are approved; the others wait for review.
    Organization.objects.filter(
        slug__in=listed, review_status=Organization.ReviewStatus.PENDING
    ).update(review_status=Organization.ReviewStatus.APPROVED, reviewed_at=now)
    _seed_join_request(people, created_profiles, organizations, now)
    stdout.write(
        f"  {len(organizations)} demo organizations, {len(users)} demo people "
        f"({len(created_profiles)} new profiles)."
    )


def _seed_join_request(people, created_profiles, organizations, now) -> None:
    """One open request, for staff and the demo member to see: the first demo member of
    another organization asks to join Grace's (only when their profile is new)."""
    target = organizations["demo-nairobi-skills-lab"]
    asker = next(
        p
        for p in people
        if p.membership == MemberProfile.Membership.APPROVED and p.org_slug != target.slug
    )
    if asker.email in created_profiles:
        MemberProfile.objects.filter(user__email=asker.email).update(
            requested_organization=target, organization_requested_at=now
        )


def _seed_organizations(
    specs: list[OrgSpec], language_ids: dict[str, int]
) -> dict[str, Organization]:
    existing = {o.slug: o for o in Organization.objects.filter(slug__in=[s.slug for s in specs])}
    new = []
    for spec in specs:
        if spec.slug in existing:
            continue
        org = Organization(
            slug=spec.slug,
            name=spec.name,
            type=spec.type,
            country=spec.country,
            website=f"https://{spec.slug.removeprefix('demo-')}.example.org",
            description=spec.description,
            project_name=spec.project_name,
            project_objectives="Train 500 young people a year in skills local employers ask for.",
            project_beneficiaries="Young women and men not in employment, education or training.",
            project_impact="Two in three graduates find work within six months.",
            project_results="Curricula co-designed with employers; a network of host companies.",
        )
        logo = logo_file(spec.name, spec.colour)  # through the upload checks, as a member's
        org.logo.save(logo.name, logo, save=False)
        new.append(org)
    Organization.objects.bulk_create(new)
    through = Organization.project_languages.through
    created = {o.slug for o in new}
    orgs = {o.slug: o for o in Organization.objects.filter(slug__in=[s.slug for s in specs])}
    through.objects.bulk_create(
        [
            through(organization_id=orgs[spec.slug].pk, language_id=language_ids[code])
            for spec in specs
            if spec.slug in created
            for code in spec.project_languages
            if code in language_ids
        ],
        ignore_conflicts=True,
    )
    return orgs


def _seed_users(people: list[PersonSpec]) -> dict[str, User]:
    emails = [p.email for p in people]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [p for p in people if p.email not in existing]
    # Hashed once for everyone: hashing sixty times would take a minute.
    password = make_password(PASSWORD) if missing else ""
    User.objects.bulk_create(
        [
            User(
                email=p.email,
                password=password,
                is_staff=p.email in {"staff@example.org", "admin@example.org"},
                is_superuser=p.email == "admin@example.org",
            )
            for p in missing
        ]
    )
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    verified = set(
        EmailAddress.objects.filter(user__in=users.values()).values_list("email", flat=True)
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=email, verified=True, primary=True)
            for email, user in users.items()
            if email not in verified
        ]
    )
    return users


def _seed_profiles(
    people, users, organizations, category_ids, expertise_ids, language_ids, now
) -> set[str]:
    have = set(
        MemberProfile.objects.filter(user__in=users.values()).values_list("user__email", flat=True)
    )
    new = []
    for p in people:
        if p.email in have:
            continue
        approved = p.membership == MemberProfile.Membership.APPROVED
        new.append(
            MemberProfile(
                user=users[p.email],
                full_name=p.full_name,
                organization=organizations.get(p.org_slug) if p.org_slug else None,
                organization_role=p.organization_role if p.org_slug else "",
                country=p.country,
                bio=p.bio,
                linkedin_url=f"https://www.linkedin.com/in/{slugify(p.full_name)}-demo",
                preferred_language=p.preferred_language,
                time_zone=p.time_zone,
                visibility=p.visibility,
                network_role=p.network_role,
                represented_region=p.represented_region,
                membership=p.membership,
                member_since=now - timedelta(days=p.days_ago) if approved else None,
            )
        )
    MemberProfile.objects.bulk_create(new)
    created = {p.user.email for p in new}
    profiles = {
        pr.user.email: pr
        for pr in MemberProfile.objects.filter(user__in=users.values()).select_related("user")
    }
    for name, attr, ids, key in (
        ("categories", "skillcategory_id", category_ids, "categories"),
        ("expertise", "expertise_id", expertise_ids, "expertise"),
        ("languages", "language_id", language_ids, "languages"),
    ):
        through = getattr(MemberProfile, name).through
        through.objects.bulk_create(
            [
                through(memberprofile_id=profiles[p.email].pk, **{attr: ids[value]})
                for p in people
                if p.email in created
                for value in getattr(p, key)
                if value in ids
            ],
            ignore_conflicts=True,
        )
    return created


def _seed_groups(people: list[PersonSpec], users: dict[str, User]) -> None:
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in Role.values}
    role_groups = {
        MemberProfile.NetworkRole.CORE: Role.CORE_GROUP.value,
        MemberProfile.NetworkRole.REGIONAL_REP: Role.REGIONAL_REP.value,
    }
    through = User.groups.through
    rows = []
    for p in people:
        wanted = list(p.extra_groups)
        if p.membership == MemberProfile.Membership.APPROVED:
            wanted.append(Role.MEMBER.value)
            if p.network_role in role_groups:
                wanted.append(role_groups[p.network_role])
        rows += [through(user_id=users[p.email].pk, group_id=groups[name].pk) for name in wanted]
    through.objects.bulk_create(rows, ignore_conflicts=True)


def _seed_applications(people, users, created_profiles: set[str], now) -> None:
    staff = users.get("staff@example.org")
    profiles = {
        pr.user.email: pr
        for pr in MemberProfile.objects.filter(user__email__in=created_profiles).select_related(
            "user"
        )
    }
    status_of = {
        MemberProfile.Membership.APPROVED: MembershipApplication.Status.APPROVED,
        MemberProfile.Membership.PENDING: MembershipApplication.Status.PENDING,
        MemberProfile.Membership.DECLINED: MembershipApplication.Status.DECLINED,
    }
    rng = random.Random(SEED + 1)
    applications = []
    for p in people:
        if p.email not in profiles or p.membership not in status_of:
            continue
        status = status_of[p.membership]
        submitted = now - timedelta(
            days=p.days_ago + 7
            if status == MembershipApplication.Status.APPROVED
            else rng.randint(1, 20)
        )
        decided = status != MembershipApplication.Status.PENDING
        applications.append(
            MembershipApplication(
                profile=profiles[p.email],
                status=status,
                motivation="We want to learn from other skills innovators and find partners for our next project.",
                needs=rng.sample(MembershipApplication.Need.values, k=3),
                challenges="Finding funding for a second cohort; reaching employers outside the capital.",
                workshop_topics="Outcome-based financing; recognition of prior learning.",
                can_host_peer_sessions=rng.random() < 0.4,
                can_translate=rng.random() < 0.3,
                submitted_at=submitted,
                decided_at=submitted + timedelta(days=5) if decided else None,
                decided_by=staff if decided else None,
                decision_reason=(
                    "Your organization does not yet work on skills development; please apply again "
                    "when your training programme starts."
                    if status == MembershipApplication.Status.DECLINED
                    else ""
                ),
            )
        )
    MembershipApplication.objects.bulk_create(applications)


def print_accounts(*, stdout) -> None:
    stdout.write("")
    stdout.write(
        "Demo accounts (email addresses verified), all with the password " + PASSWORD + ":"
    )
    for email, what in ACCOUNTS:
        stdout.write(f"  {email:<22} {what}")
    mfa.print_instructions(stdout=stdout)

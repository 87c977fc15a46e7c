"""Factories for people, organizations and membership.

The taxonomy (skills categories, languages, expertise) comes from migration 0002, so the
tag factories fetch existing rows by slug/code rather than inventing new ones.
"""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from members.models import (
    MemberProfile,
    MembershipApplication,
    Organization,
    OrganizationType,
    User,
)
from members.roles import Role
from taxonomy.models import Expertise, Language, SkillCategory

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Saves the password set above, and adds a verified primary email address (as
        allauth requires to sign in) unless verified=False."""
        if not create:
            return
        obj.save()
        if extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=obj, email=obj.email, defaults={"verified": True, "primary": True}
        )


class StaffUserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def ilo_staff_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get_or_create(name=Role.ILO_STAFF.value)[0])


class SkillCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillCategory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())


class ExpertiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expertise
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"expertise-{n}")
    name_en = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "en"
    name_en = "English"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Skills Organization {n}")
    slug = factory.Sequence(lambda n: f"skills-organization-{n}")
    type = OrganizationType.NGO
    country = "KE"
    description = "Trains young people in trades employers need."
    # is_approved=False gives one pending review; or pass review_status itself.
    review_status = factory.LazyAttribute(
        lambda o: (
            Organization.ReviewStatus.APPROVED
            if o.is_approved
            else Organization.ReviewStatus.PENDING
        )
    )

    class Params:
        is_approved = True


class MemberProfileFactory(factory.django.DjangoModelFactory):
    """A complete profile; by default not a member yet (see ApprovedMemberFactory)."""

    class Meta:
        model = MemberProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Person {n:03d}")
    country = "KE"
    visibility = MemberProfile.Visibility.PUBLIC
    preferred_language = "en"
    bio = "Works on apprenticeships."

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)

    @factory.post_generation
    def expertise(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.expertise.set(extracted)

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.languages.set(extracted)


class ApprovedMemberFactory(MemberProfileFactory):
    membership = MemberProfile.Membership.APPROVED
    member_since = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def member_group(obj, create, extracted, **kwargs):
        if create:
            obj.user.groups.add(Group.objects.get_or_create(name=Role.MEMBER.value)[0])


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipApplication

    profile = factory.SubFactory(MemberProfileFactory, membership=MemberProfile.Membership.PENDING)
    motivation = "We want to meet other skills innovators."
    needs = factory.LazyFunction(lambda: ["funding", "peer_exchange"])

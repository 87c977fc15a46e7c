"""Fixtures for the network map: a small network whose links are known by construction.

    Kenya Skills (KE, africa)      keywords solar, rpl   categories green   languages en, sw
    Lagos Trades (NG, africa)      keywords solar, rpl   categories green   languages en
    Lima Oficios (PE, americas)    keywords solar        categories green   languages es
    Hidden Works (KE)              keywords solar, rpl   only a members-only profile
    Pending Org (KE, pending)      keywords solar, rpl   not approved: never on the map

With the default threshold (3): Kenya ↔ Lagos weigh 2+2+1 = 5 (linked), Kenya ↔ Lima and
Lagos ↔ Lima 2+1 = 3 (linked, cross-region), Hidden Works links only in the members' map.
"""

from __future__ import annotations

import pytest

from members.models import MemberProfile
from tests.factories.members import (
    ApprovedMemberFactory,
    ExpertiseFactory,
    LanguageFactory,
    OrganizationFactory,
    SkillCategoryFactory,
    StaffUserFactory,
)


@pytest.fixture
def client_as(client, login_with_mfa):
    """client_as(user) signs the test client in (staff with their second factor)."""

    def sign_in(user):
        if user is not None and (user.is_staff or user.is_superuser):
            login_with_mfa(client, user)
        elif user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def small_network(db):
    green = SkillCategoryFactory(slug="green-skills", name_en="Green skills", name_fr="Compétences vertes")
    solar = ExpertiseFactory(slug="solar", name_en="Solar installation")
    rpl = ExpertiseFactory(slug="rpl", name_en="Recognition of prior learning")
    en = LanguageFactory(code="en", name_en="English")
    sw = LanguageFactory(code="sw", name_en="Swahili")
    es = LanguageFactory(code="es", name_en="Spanish")

    def org(name, country, languages, keywords, visibility=MemberProfile.Visibility.PUBLIC, **extra):
        organization = OrganizationFactory(name=name, country=country, **extra)
        organization.project_languages.set(languages)
        ApprovedMemberFactory(
            organization=organization,
            country=country,
            visibility=visibility,
            categories=[green],
            expertise=keywords,
        )
        return organization

    return {
        "kenya": org("Kenya Skills", "KE", [en, sw], [solar, rpl], project_objectives="Train 500 solar technicians."),
        "lagos": org("Lagos Trades", "NG", [en], [solar, rpl]),
        "lima": org("Lima Oficios", "PE", [es], [solar]),
        "hidden": org("Hidden Works", "KE", [en], [solar, rpl], visibility=MemberProfile.Visibility.MEMBERS),
        "pending": org("Pending Org", "KE", [en], [solar, rpl], is_approved=False),
    }


@pytest.fixture
def refreshed(small_network):
    """The small network with its map computed."""
    from members.network.services import network_refresh

    network_refresh()
    return small_network


@pytest.fixture
def health_staff(db):
    """ILO staff (the group holds network.view_healthsnapshot)."""
    return StaffUserFactory(email="health@ilo.example.org")

"""Fixtures for find help: a member in Kenya who needs help, and the directory."""

from __future__ import annotations

import pytest

from members.help.models import IloContact, IloOffice, TechnicalAdvisor
from tests.factories.members import (
    ApprovedMemberFactory,
    ExpertiseFactory,
    LanguageFactory,
    SkillCategoryFactory,
)


@pytest.fixture
def french(db):
    return LanguageFactory(code="fr", name_en="French")


@pytest.fixture
def english(db):
    return LanguageFactory(code="en", name_en="English")


@pytest.fixture
def rpl(db):
    return SkillCategoryFactory(slug="rpl-certification", name_en="RPL and certification")


@pytest.fixture
def seeker(db):
    return ApprovedMemberFactory(country="KE", full_name="Amina Seeker")


@pytest.fixture
def office(db, french):
    office = IloOffice.objects.create(
        name="ILO Country Office for the United Republic of Tanzania, Kenya, Rwanda and Uganda",
        countries=["KE", "TZ", "RW", "UG"],
        region="africa",
        email="dar-es-salaam@ilo.example.org",
    )
    return office


@pytest.fixture
def advisor(db, rpl, french):
    advisor = TechnicalAdvisor.objects.create(
        name="Claire Advisor",
        title="Skills specialist",
        email="claire@advisors.example.org",
        countries=["KE"],
        kinds=["proposal_writing"],
    )
    advisor.categories.set([rpl])
    advisor.languages.set([french])
    return advisor


@pytest.fixture
def ilo_contact(office, rpl):
    contact = IloContact.objects.create(
        office=office,
        name="Joseph Focal",
        role="Skills focal point",
        email="joseph@ilo.example.org",
    )
    contact.categories.set([rpl])
    return contact


@pytest.fixture
def translation_expertise(db):
    return ExpertiseFactory(slug="translation", name_en="Translation of documents")

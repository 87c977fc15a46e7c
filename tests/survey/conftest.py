"""Fixtures for the needs assessment's tests. Version 1 comes from the migration."""

from __future__ import annotations

import pytest

from members.survey.models import Survey
from members.survey.services import response_submit
from tests.factories.members import ApprovedMemberFactory, LanguageFactory, StaffUserFactory

FULL = {
    "needs": ["funding"],
    "workshop_topics": ["budgeting"],
    "languages": ["en"],
    "formats": ["webinar"],
}


@pytest.fixture
def survey(db):
    return Survey.objects.get(version=1)


@pytest.fixture
def languages(db):
    return {
        code: LanguageFactory(code=code, name_en=name)
        for code, name in [("en", "English"), ("fr", "French"), ("es", "Spanish")]
    }


@pytest.fixture
def staff():
    return StaffUserFactory(email="survey-curator@ilo.example.org")


@pytest.fixture
def staff_client(client, staff, login_with_mfa):
    login_with_mfa(client, staff)
    return client


@pytest.fixture
def answer(survey, languages):
    """answer(country="KE", language="fr", **answers): a new approved member answers."""

    def _answer(*, country="KE", language="en", profile=None, **answers):
        profile = profile or ApprovedMemberFactory(country=country, preferred_language=language)
        return response_submit(
            survey=survey,
            profile=profile,
            actor=profile.user,
            answers={**FULL, **answers},
            language=language,
        )

    return _answer

"""The demo data fills the results page and find help, and running it again adds nothing."""

from __future__ import annotations

import io

import pytest

from members.help import demo as help_demo
from members.help.models import HelpOffer, IloOffice, TechnicalAdvisor
from members.survey import demo as survey_demo
from members.survey import selectors
from members.survey.models import Response
from tests.factories.members import ApprovedMemberFactory, LanguageFactory

pytestmark = pytest.mark.django_db


def test_demo_answers_advisors_and_offices_are_seeded_once(survey):
    LanguageFactory(code="en", name_en="English")
    for country in ["KE", "SN", "PE", "IN", "FR"]:
        ApprovedMemberFactory(country=country)

    for _ in range(2):
        survey_demo.seed(stdout=io.StringIO())
        help_demo.seed(stdout=io.StringIO())

    assert Response.objects.count() == 5
    assert selectors.survey_results(survey=survey).respondents == 5
    assert IloOffice.objects.count() == len(help_demo.OFFICES)
    assert TechnicalAdvisor.objects.count() == len(help_demo.ADVISORS)
    assert HelpOffer.objects.count() <= 5

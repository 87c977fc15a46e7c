"""The membership application's needs assessment becomes version 1 of the survey:
existing applications count in the results, and they keep their own fields."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from members.survey import selectors
from members.survey.models import Response, Survey
from tests.factories.members import MemberProfileFactory, MembershipApplicationFactory

# PostgreSQL's DDL is transactional: the migrations back and forth happen inside the
# test's transaction and roll back with it (no flush, nothing to restore for later tests).
pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def test_existing_applications_become_version_1_responses_by_code():
    _migrate([("survey", "0001_initial")])
    try:
        assert not Survey.objects.exists()
        applicant = MemberProfileFactory(country="SN", preferred_language="fr")
        MembershipApplicationFactory(
            profile=applicant,
            needs=["translation", "funding"],
            challenges="Pas de fonds",
            workshop_topics="",
        )
        other = MembershipApplicationFactory(needs=["translation"], status="declined")
        MembershipApplicationFactory(profile=other.profile, needs=["data"])  # the latest one counts
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    survey = Survey.objects.get(version=1)
    assert survey.is_open and "workshop_topics" in survey.questions
    response = Response.objects.get(profile=applicant)
    assert (response.region, response.answered_in) == ("africa", "fr")
    assert response.application.challenges == "Pas de fonds"  # the application keeps its fields
    assert response.answers.get(question="challenges_other").text == "Pas de fonds"
    needs = {
        row.code: row.count
        for row in next(
            s
            for s in selectors.survey_results(survey=survey).sections
            if s.question.code == "needs"
        ).rows
    }
    assert (needs["translation"], needs["funding"], needs["data"]) == (1, 1, 1)

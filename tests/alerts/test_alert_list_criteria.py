"""My alerts says what each alert watches: every saved criterion, with the labels people
read on /funds/ (not codes), in a number of queries that does not grow with the alerts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funds.choices import ApplicantType, FunderType, Instrument
from tests.factories.alerts import AlertFactory

pytestmark = pytest.mark.django_db

ALERTS = reverse("alerts:alert-list")


def test_my_alerts_lists_every_criterion_of_an_alert_with_human_labels(client, member, categories):
    AlertFactory(
        user=member,
        name="Everything",
        q="apprentice",
        categories=[categories[0]],
        regions=["africa"],
        countries=["KE", "SN"],
        instruments=[Instrument.CHALLENGE],
        funder_types=[FunderType.ILO],
        applicant_types=[ApplicantType.NGO],
        languages=["fr"],
        amount_min_usd=Decimal(5000),
        amount_max_usd=Decimal(250000),
    )
    client.force_login(member)

    html = client.get(ALERTS).content.decode()

    for label, value in [
        ("Words", "apprentice"),
        ("Skills categories", categories[0].name),
        ("Regions", "Africa"),
        ("Countries", "Kenya, Senegal"),
        ("Types of support", str(Instrument.CHALLENGE.label)),
        ("Funder types", str(FunderType.ILO.label)),
        ("Who can apply", str(ApplicantType.NGO.label)),
        ("Application languages", "French"),
        ("Amount at least (USD)", "5,000"),
        ("Amount at most (USD)", "250,000"),
    ]:
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html, label
    assert "<dd>KE" not in html and "<dd>fr</dd>" not in html


def test_an_alert_without_criteria_says_it_watches_every_new_call(client, member):
    AlertFactory(user=member, name="All of it")
    client.force_login(member)

    html = client.get(ALERTS).content.decode()

    assert "<dd>Every new call (no criterion set)</dd>" in html


def test_the_alert_criteria_cost_no_query_per_alert(client, member, django_assert_num_queries):
    AlertFactory(user=member, languages=["fr"], regions=["africa"])
    client.force_login(member)
    with CaptureQueriesContext(connection) as one:
        client.get(ALERTS)
    AlertFactory.create_batch(5, user=member, languages=["es", "en"], countries=["MX"])

    with django_assert_num_queries(len(one.captured_queries)):
        client.get(ALERTS)

"""The network health page and its CSV: staff only."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from members.network.models import HealthSnapshot
from tests.factories.members import ApprovedMemberFactory

pytestmark = pytest.mark.django_db

HEALTH = reverse("network:health")
CSV = reverse("network:health-csv")


def test_staff_see_charts_with_their_numbers_as_a_table(client_as, refreshed, health_staff):
    client = client_as(health_staff)

    response = client.get(HEALTH)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg viewBox="0 0 640 220" role="img"') == 3
    assert "<title id=\"chart-new-links-title\">New cross-region links</title>" in html
    assert '<td class="table__num">3</td>' in html  # cross-region links
    assert "Kenya Skills" in html  # a broker between language communities


def test_the_csv_has_one_row_per_month(client_as, refreshed, health_staff):
    client = client_as(health_staff)

    response = client.get(CSV)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    snapshot = HealthSnapshot.objects.get()
    assert rows[0][0] == "Month"
    assert rows[1][:6] == [f"{snapshot.month:%Y-%m}", "4", "6", "3", "3", "4"]


def test_a_broker_named_like_a_formula_is_not_run_by_a_spreadsheet(client_as, refreshed, health_staff):
    HealthSnapshot.objects.update(brokers=[{"slug": "x", "name": "=HYPERLINK(1)", "communities": 2, "betweenness": 0}])

    rows = list(csv.reader(io.StringIO(client_as(health_staff).get(CSV).content.decode())))

    assert rows[1][-1] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("url", [HEALTH, CSV])
def test_members_may_not_see_network_health_and_visitors_are_asked_to_sign_in(client, refreshed, url):
    assert client.get(url).status_code == 302
    client.force_login(ApprovedMemberFactory().user)
    assert client.get(url).status_code == 403


def test_the_health_page_says_when_there_is_no_snapshot_yet(client_as, db, health_staff):
    response = client_as(health_staff).get(HEALTH)

    assert response.status_code == 200
    assert "No snapshot yet" in response.content.decode()

"""Results: answers add up by code whatever language they were given in; small cells
are withheld wherever someone who is not staff sees totals; rankings; exports."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from members.survey import selectors
from tests.factories.members import ApprovedMemberFactory, MemberProfileFactory

pytestmark = pytest.mark.django_db

RESULTS = "/members/survey/results/"
SUMMARY = "/members/survey/needs/"


def _rows(results, code):
    section = next(s for s in results.sections if s.question.code == code)
    return {row.code: row for row in section.rows}


def test_answers_in_french_spanish_and_english_add_up_by_code(survey, answer):
    answer(language="en", needs=["translation"])
    answer(language="fr", needs=["translation", "funding"])
    answer(language="es", needs=["translation"])

    results = selectors.survey_results(survey=survey)

    needs = _rows(results, "needs")
    assert results.respondents == 3
    assert needs["translation"].count == 3 and needs["funding"].count == 1
    assert needs["translation"].label == "Translating application documents"
    assert list(needs)[0] == "translation"  # the most asked for comes first


def test_the_selection_by_region_language_and_format_counts_only_those_respondents(survey, answer):
    answer(country="KE", languages=["en", "fr"], formats=["webinar"])
    answer(country="SN", languages=["fr"], formats=["in_person"])
    answer(country="PE", languages=["es"], formats=["webinar"])

    assert selectors.survey_results(survey=survey, region="africa").respondents == 2
    assert selectors.survey_results(survey=survey, language="fr").respondents == 2
    assert (
        selectors.survey_results(
            survey=survey, region="africa", language="fr", fmt="webinar"
        ).respondents
        == 1
    )


def test_workshop_topics_are_ranked_by_points_three_for_a_first_choice(survey, answer):
    answer(workshop_topics=["rpl", "budgeting"])  # rpl 3, budgeting 2
    answer(workshop_topics=["budgeting", "rpl", "green_skills"])  # budgeting 3, rpl 2, green 1
    answer(workshop_topics=["budgeting"])  # budgeting 3

    rows = list(_rows(selectors.survey_results(survey=survey), "workshop_topics").values())

    assert [(r.code, r.points, r.first, r.count) for r in rows[:3]] == [
        ("budgeting", 8, 2, 3),
        ("rpl", 5, 1, 2),
        ("green_skills", 1, 0, 1),
    ]
    assert rows[0].width == 100.0


def test_the_need_by_region_table_counts_respondents_per_cell(survey, answer):
    answer(country="KE", needs=["funding"])
    answer(country="PE", needs=["funding", "data"])

    table = selectors.survey_results(survey=survey).crosstab

    columns = [code for code, _label in table.columns]
    funding = dict(table.rows)["Finding funds and challenge calls"]
    assert funding[columns.index("africa")] == 1 and funding[columns.index("americas")] == 1


def test_cells_under_three_respondents_are_withheld_for_non_staff(survey, answer):
    for _ in range(3):
        answer(needs=["funding"])
    answer(needs=["funding", "data"])

    results = selectors.survey_results(survey=survey, suppress=True)

    needs = _rows(results, "needs")
    assert needs["funding"].count == 4
    assert needs["data"].count is None and needs["data"].suppressed
    assert needs["translation"].count is None  # 0 is under 3 too
    assert all(
        s.question.code not in {"challenges_other", "topics_other"} for s in results.sections
    )
    assert all(n is None or n >= 3 for _label, counts in results.crosstab.rows for n in counts)


def test_a_selection_of_fewer_than_three_respondents_shows_no_totals_to_members(survey, answer):
    answer(country="PE")
    answer(country="PE")

    results = selectors.survey_results(survey=survey, region="americas", suppress=True)

    assert results.too_few and results.sections == [] and results.respondents is None


def test_members_see_the_summary_without_small_cells_or_free_text(client, survey, answer):
    for _ in range(3):
        answer(needs=["funding"], challenges_other="Our director is leaving")
    answer(needs=["data"])
    member = ApprovedMemberFactory()
    client.force_login(member.user)

    page = client.get(SUMMARY)

    assertContains(page, "fewer than 3")
    assertNotContains(page, "Our director is leaving")
    assert (
        client.get(SUMMARY, {"language": "fr"}).status_code == 200
    )  # not a members' filter: ignored
    assert client.get(SUMMARY, {"region": "atlantis"}).status_code == 400


def test_people_who_are_not_members_do_not_see_the_summary(client, survey):
    client.force_login(MemberProfileFactory().user)
    assert client.get(SUMMARY).status_code == 403


def test_staff_see_every_count_the_free_text_and_an_accessible_chart(staff_client, survey, answer):
    answer(country="KE", needs=["data"], challenges_other="Our director is leaving")

    page = staff_client.get(RESULTS)

    assertContains(page, "Our director is leaving")
    assertContains(page, '<svg class="survey-chart__svg" role="img"', count=7)
    assertContains(page, '<th scope="row">Labour market and skills data</th>')
    assertContains(page, '<title id="chart-needs-title">')


def test_members_do_not_see_the_staff_results(client, survey):
    client.force_login(ApprovedMemberFactory().user)
    assert client.get(RESULTS).status_code == 403
    assert client.get(RESULTS + "export.csv").status_code == 403


@pytest.mark.parametrize(
    "query", [{"version": "99"}, {"version": "x"}, {"region": "mars"}, {"format": "telepathy"}]
)
def test_unknown_filter_values_are_a_clear_400(staff_client, survey, query):
    assert staff_client.get(RESULTS, query).status_code == 400
    assert staff_client.get(RESULTS + "export.csv", query).status_code == 400


def test_the_results_page_makes_a_constant_number_of_queries(
    staff_client, survey, answer, django_assert_max_num_queries
):
    answer()
    with django_assert_max_num_queries(40) as few:
        staff_client.get(RESULTS)
    for _ in range(10):
        answer(country="PE", challenges_other="More")
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(RESULTS)


def test_the_csv_export_has_a_row_per_response_with_codes_and_no_names(
    staff_client, survey, answer
):
    response = answer(
        language="fr", workshop_topics=["rpl", "budgeting"], challenges_other="=HYPERLINK(1)"
    )

    export = staff_client.get(RESULTS + "export.csv")

    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert header[:6] == ["response", "version", "submitted", "answered_in", "country", "region"]
    assert row[header.index("workshop_topics")] == "rpl;budgeting"
    assert row[header.index("challenges_other")] == "'=HYPERLINK(1)"
    assert response.profile.full_name not in export.content.decode()


def test_the_xlsx_export_has_the_responses_and_the_needs_by_region(staff_client, survey, answer):
    answer(country="KE", needs=["funding"])

    export = staff_client.get(RESULTS + "export.xlsx")

    workbook = load_workbook(io.BytesIO(export.content))
    responses, needs = workbook.worksheets
    assert responses.max_row == 2
    funding = next(
        row
        for row in needs.iter_rows(values_only=True)
        if row[0] == "Finding funds and challenge calls"
    )
    assert funding[1] == 1  # Africa


def test_the_staff_page_shows_the_newest_free_text_answers_and_says_the_exports_have_all(
    staff_client, survey, answer, monkeypatch
):
    monkeypatch.setattr(selectors, "TEXTS_SHOWN", 2)
    for n in range(3):
        answer(challenges_other=f"Challenge number {n}")

    page = staff_client.get(RESULTS)

    assertContains(page, "Challenge number 2")
    assertContains(page, "Challenge number 1")
    assertNotContains(page, "Challenge number 0")
    assertContains(page, "The newest 2 of 3 answers; the exports above have all of them.")
    exported = staff_client.get(RESULTS + "export.csv").content.decode("utf-8-sig")
    assert all(f"Challenge number {n}" in exported for n in range(3))

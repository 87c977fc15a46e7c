"""The import reads values as people type them in English, French and Spanish, and
reports (never guesses) what is ambiguous: each test imports a real file and asserts
what was created, or which message the curator gets."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import translation

from funds.models import Funder, FundingCall
from funds.spreadsheet import ImportOptions, import_calls
from tests.funds.test_import import NEXT_YEAR, _csv, _row, _xlsx

pytestmark = pytest.mark.django_db

Y = NEXT_YEAR


def _import(**overrides):
    return import_calls(_xlsx([_row(**overrides)]), actor=None, filename="calls.xlsx")


def _messages(report) -> list[str]:
    return [e.message for e in report.errors]


def _local_deadline(call: FundingCall) -> dt.datetime:
    return call.deadline.astimezone(zoneinfo.ZoneInfo(call.deadline_timezone))


@pytest.mark.parametrize(
    "typed",
    [
        f"31/03/{Y}", f"{Y}-03-31", f"March 31, {Y}", f"31 March {Y}", f"31 mars {Y}", f"31 de marzo de {Y}",
        f"mercredi 31 mars {Y}", f"31.03.{Y}", f"Mar 31 {Y}", f"31-mar-{Y}",
    ],
)  # fmt: skip
def test_a_deadline_written_out_in_any_common_form_is_the_end_of_that_day(typed):
    report = _import(Deadline=typed, **{"Deadline time zone": "Africa/Nairobi"})

    assert report.ok, report.errors
    assert _local_deadline(FundingCall.objects.get()) == dt.datetime(Y, 3, 31, 23, 59, tzinfo=zoneinfo.ZoneInfo("Africa/Nairobi"))


def test_an_excel_date_cell_deadline_equals_the_same_date_typed_as_text():
    as_cell = import_calls(_xlsx([_row(Deadline=dt.datetime(Y, 3, 31), **{"Deadline time zone": "America/Bogota"})]), actor=None, filename="a.xlsx")
    from_cell = FundingCall.objects.get().deadline
    FundingCall.objects.all().delete()
    as_text = import_calls(_xlsx([_row(Deadline=f"{Y}-03-31", **{"Deadline time zone": "America/Bogota"})]), actor=None, filename="b.xlsx")

    assert as_cell.ok and as_text.ok
    assert from_cell == FundingCall.objects.get().deadline
    assert from_cell.astimezone(zoneinfo.ZoneInfo("America/Bogota")).time() == dt.time(23, 59)


def test_an_excel_serial_number_is_read_as_its_date():
    serial = (dt.date(Y, 3, 31) - dt.date(1899, 12, 30)).days

    report = _import(Deadline=serial, **{"Opens on": serial - 30})

    assert report.ok, report.errors
    call = FundingCall.objects.get()
    assert (_local_deadline(call).date(), call.opens_on) == (dt.date(Y, 3, 31), dt.date(Y, 3, 1))


def test_a_deadline_with_a_time_keeps_the_time_in_the_calls_time_zone():
    report = _import(Deadline=f"31 mars {Y} à 17h00", **{"Deadline time zone": "Europe/Zurich"})

    assert report.ok, report.errors
    assert _local_deadline(FundingCall.objects.get()).time() == dt.time(17, 0)


@pytest.mark.parametrize("typed", ["rolling", "Ongoing", "continu", "En continu", "abierta", "Convocatoria abierta"])
def test_rolling_words_in_three_languages_make_a_rolling_call(typed):
    report = _import(Deadline=typed)

    assert report.ok, report.errors
    call = FundingCall.objects.get()
    assert (call.is_rolling, call.deadline) == (True, None)


def test_an_ambiguous_numeric_date_in_an_english_file_is_reported_not_guessed():
    report = _import(Deadline=f"03/04/{Y}")

    assert [(e.row, e.column) for e in report.errors] == [(2, "Deadline")]
    assert "ambiguous" in report.errors[0].message and f"{Y}-04-03" in report.errors[0].message
    assert not FundingCall.objects.exists()


def test_the_curator_chooses_the_date_order_for_ambiguous_dates():
    content = _xlsx([_row(Deadline=f"03/04/{Y}")])

    report = import_calls(content, actor=None, filename="x.xlsx", options=ImportOptions(date_order="month-first"))

    assert report.ok
    assert _local_deadline(FundingCall.objects.get()).date() == dt.date(Y, 3, 4)


def test_a_french_file_reads_numeric_dates_day_first():
    headers = {"Titre": "Appel", "Bailleur de fonds": "Fondation", "Résumé": "Un appel.", "Instrument": "Subvention de projet",
               "Date limite": f"03/04/{Y}", "Fuseau horaire de la date limite": "Africa/Dakar"}  # fmt: skip
    with translation.override("fr"):
        report = import_calls(_xlsx([headers]), actor=None, filename="appels.xlsx")

    assert report.ok, report.errors
    assert _local_deadline(FundingCall.objects.get()).date() == dt.date(Y, 4, 3)


@pytest.mark.parametrize(
    ("maximum", "minimum", "currency", "expected"),
    [
        ("USD 50,000", None, None, (None, Decimal("50000"), "USD")),
        ("50k", None, "EUR", (None, Decimal("50000"), "EUR")),
        ("€25.000", None, None, (None, Decimal("25000"), "EUR")),
        ("up to 100,000", None, "USD", (None, Decimal("100000"), "USD")),
        ("jusqu'à 100 000 FCFA", None, None, (None, Decimal("100000"), "XOF")),
        ("hasta 1.000.000 USD", None, None, (None, Decimal("1000000"), "USD")),
        ("1,5 M", None, "EUR", (None, Decimal("1500000"), "EUR")),
        ("10,000–50,000", None, "USD", (Decimal("10000"), Decimal("50000"), "USD")),
        ("between 10 000 and 50 000 EUR", None, None, (Decimal("10000"), Decimal("50000"), "EUR")),
        ("1.234.567,89", None, "EUR", (None, Decimal("1234567.89"), "EUR")),
        ("50 000", "at least 5,000", "KES", (Decimal("5000"), Decimal("50000"), "KES")),
    ],
)
def test_amounts_are_read_with_currencies_separators_multipliers_bounds_and_ranges(maximum, minimum, currency, expected):
    report = _import(**{"Maximum amount": maximum, "Minimum amount": minimum, "Currency": currency})

    assert report.ok, report.errors
    call = FundingCall.objects.get()
    assert (call.amount_min, call.amount_max, call.currency) == expected


def test_an_amount_in_another_currency_than_the_currency_column_is_reported():
    report = _import(**{"Maximum amount": "€25.000", "Currency": "USD"})

    assert [(e.row, e.column) for e in report.errors] == [(2, "Currency")]
    assert "EUR" in report.errors[0].message


def test_a_percent_cell_is_read_as_its_percentage_and_a_bare_fraction_is_ambiguous():
    from openpyxl import load_workbook

    content = _xlsx([_row(**{"Co-financing required": "yes", "Co-financing rate (%)": 0.2})])
    wb = load_workbook(__import__("io").BytesIO(content))
    ws = wb.active
    column = [c.value for c in ws[1]].index("Co-financing rate (%)") + 1
    ambiguous = import_calls(content, actor=None, filename="x.xlsx")
    ws.cell(row=2, column=column).number_format = "0%"
    out = __import__("io").BytesIO()
    wb.save(out)

    report = import_calls(out.getvalue(), actor=None, filename="x.xlsx")

    assert "ambiguous" in ambiguous.errors[0].message
    assert report.ok, report.errors
    assert FundingCall.objects.get().cofinancing_rate == Decimal("20")


@pytest.mark.parametrize("rate", ["20 %", "20%", 20, "20"])
def test_a_co_financing_rate_is_read_in_the_forms_people_write(rate):
    report = _import(**{"Co-financing required": "oui", "Co-financing rate (%)": rate})

    assert report.ok, report.errors
    assert FundingCall.objects.get().cofinancing_rate == Decimal("20")


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("UK, USA", ["GB", "US"]),
        ("Côte d’Ivoire; Cote d'Ivoire", ["CI"]),
        ("Côte d`Ivoire\nKosovo", ["CI", "XK"]),
        ("Sénégal, Costa de Marfil, Royaume-Uni", ["SN", "CI", "GB"]),
        ("Korea, Republic of; Kenya\u200b", ["KR", "KE"]),
        ("Tanzania; DRC; Estados Unidos", ["TZ", "CD", "US"]),
    ],
)
def test_country_names_in_three_languages_and_their_aliases_are_understood(typed, codes):
    report = _import(Countries=typed)

    assert report.ok, report.errors
    assert sorted(c.code for c in FundingCall.objects.get().eligible_countries) == sorted(codes)


def test_every_unknown_country_of_a_cell_is_reported():
    report = _import(Countries="Kenya; Atlantis; Narnia")

    assert [(e.row, e.column) for e in report.errors] == [(2, "Countries"), (2, "Countries")]
    assert "Atlantis" in report.errors[0].message and "Narnia" in report.errors[1].message


def test_england_and_holland_are_read_as_the_countries_people_mean():
    report = _import(Countries="England; Scotland; Holland")

    assert report.ok, report.errors
    assert sorted(c.code for c in FundingCall.objects.get().eligible_countries) == ["GB", "NL"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Global", "leave Countries empty and write yes in “Open worldwide”"),
        ("Tous les pays", "leave Countries empty"),
        ("Africa", "is a region, not a country: write it in the Regions column"),
        ("Asia", "is a region"),
    ],
)
def test_a_region_or_everyone_written_as_a_country_says_where_it_belongs(typed, message):
    report = _import(Countries=f"Kenya; {typed}")

    assert [(e.row, e.column) for e in report.errors] == [(2, "Countries")]
    assert message in report.errors[0].message
    assert not FundingCall.objects.exists()


@pytest.mark.parametrize(
    ("typed", "instrument"),
    [("Prize", "challenge"), ("competition", "challenge"), ("Concours", "challenge"), ("Loan", "loan"), ("Préstamo", "loan")],
)
def test_one_alternative_of_an_instrument_name_is_enough(typed, instrument):
    report = _import(Instrument=typed)

    assert report.ok, report.errors
    assert FundingCall.objects.get().instrument == instrument


@pytest.mark.parametrize("typed", ["grant", "Subvención"])
def test_an_instrument_word_several_kinds_share_is_reported_with_the_choices_never_guessed(typed):
    report = _import(Instrument=typed)

    assert [(e.row, e.column) for e in report.errors] == [(2, "Instrument")]
    message = report.errors[0].message
    assert "could mean several values" in message
    assert "“Project grant”" in message and "“Core / institutional grant”" in message
    assert not FundingCall.objects.exists()


@pytest.mark.parametrize(
    ("typed", "slugs"),
    [
        ("TVET, apprenticeships", {"training-delivery", "work-based-learning"}),
        ("Apprentissage en milieu de travail; Entrepreneuriat", {"work-based-learning", "entrepreneurship"}),
        ("Emprendimiento\nRPL", {"entrepreneurship", "rpl-certification"}),
    ],
)
def test_categories_are_read_by_name_in_three_languages_and_by_synonym(typed, slugs):
    report = _import(Categories=typed)

    assert report.ok, report.errors
    assert {c.slug for c in FundingCall.objects.get().categories.all()} == slugs


def test_co_funders_separated_by_commas_are_several_funders():
    report = _import(**{"Co-funders": "GIZ, European Union"})

    assert report.ok, report.errors
    assert sorted(f.name for f in FundingCall.objects.get().co_funders.all()) == ["European Union", "GIZ"]


def test_a_known_funder_with_a_comma_in_its_name_stays_one_funder():
    Funder.objects.create(name="Ministry of Labour, Kenya", slug="mol-kenya")

    report = _import(**{"Co-funders": "Ministry of Labour, Kenya; GIZ"})

    assert report.ok, report.errors
    assert sorted(f.name for f in FundingCall.objects.get().co_funders.all()) == ["GIZ", "Ministry of Labour, Kenya"]


def test_invisible_characters_and_odd_spaces_do_not_make_values_unreadable():
    report = _import(**{"Title": "\u200bSkills\u00a0Fund\ufeff", "Maximum amount": "50\u202f000", "Instrument": "Project\u00a0grant"})

    assert report.ok, report.errors
    call = FundingCall.objects.get()
    assert (call.title, call.amount_max) == ("Skills Fund", Decimal("50000"))


def test_labels_and_codes_of_choices_are_both_accepted_in_three_languages():
    rows = [
        _row(Instrument="project_grant", **{"Source URL": "https://a.example.org/1"}),
        _row(Instrument="Subvention de projet", **{"Source URL": "https://a.example.org/2"}),
        _row(Instrument="Subvención para proyectos", **{"Source URL": "https://a.example.org/3"}),
    ]

    report = import_calls(_xlsx(rows), actor=None, filename="x.xlsx")

    assert report.ok, report.errors
    assert set(FundingCall.objects.values_list("instrument", flat=True)) == {"project_grant"}


def test_a_french_curator_gets_every_message_in_french():
    with translation.override("fr"):
        report = import_calls(_xlsx([_row(Countries="Atlantis", Deadline="bientôt")]), actor=None, filename="x.xlsx")

    messages = " ".join(_messages(report))
    assert "Pays inconnu" in messages
    assert "n'est pas une date" in messages
    assert {e.column for e in report.errors} == {"Pays", "Date limite"}


def test_a_csv_with_a_nul_byte_far_into_the_file_is_imported():
    rows = [_row(Title=f"Call {i}", **{"Source URL": f"https://n.example.org/{i}"}) for i in range(60)]
    content = _csv(rows)
    content = content[:6000] + b"\x00" + content[6000:]

    report = import_calls(content, actor=None, filename="calls.csv")

    assert report.ok, report.errors
    assert FundingCall.objects.count() == 60


def test_a_far_future_deadline_west_of_utc_is_an_error_not_a_crash():
    report = _import(Deadline="9999-12-31", **{"Deadline time zone": "America/New_York"})

    assert [(e.row, e.column) for e in report.errors] == [(2, "Deadline")]
    assert "9999" in report.errors[0].message


def test_huge_strings_are_refused_with_their_length_not_a_crash():
    report = import_calls(_csv([_row(Title="x" * 1_000_000, Tags="t" * 500_000)]), actor=None, filename="calls.csv")

    assert {(e.row, e.column) for e in report.errors} == {(2, "Title"), (2, "Tags")}
    assert "1000000" in report.errors[0].message

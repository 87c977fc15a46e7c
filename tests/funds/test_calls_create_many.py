"""calls_create_many: the rows call_create writes, for many calls in a few queries per
batch, with call_create's refusals and messages; and the spreadsheet import built on it."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from core.audit.models import AuditEntry
from core.audit.services import log_actions_many
from funds.choices import EditorialStatus, Instrument, Source
from funds.models import Funder, FundingCall
from funds.services.curation import CallError, call_create, calls_create_many
from funds.spreadsheet import ImportOptions, import_calls
from taxonomy.models import Language, SkillCategory
from tests.factories.funds import FunderFactory, FundingCallFactory
from tests.factories.members import ApprovedMemberFactory

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.now().year + 1
REFUSED_TITLE = "Refused by the database"


def _data(**overrides) -> dict:
    data = {
        "title": "  Green Skills Challenge ",
        "funder": Funder.objects.get_or_create(
            name="Green Fund", defaults={"slug": "green-fund", "type": "other"}
        )[0],
        "co_funders": [
            Funder.objects.get_or_create(
                name=name, defaults={"slug": name.lower().replace(" ", "-"), "type": "other"}
            )[0]
            for name in ("Blue Fund", "Red Fund")
        ],
        "summary": "Prizes for training\r\nin green jobs.",
        "description": "Line one\r\nLine two\x07",
        "instrument": Instrument.CHALLENGE,
        "tags": " green ,jobs,, green",
        "eligible_countries": ["ke", "SN"],
        "eligible_regions": ["arab-states"],
        "applicant_types": [],
        "deadline": timezone.now() + timedelta(days=40),
        "deadline_timezone": "Africa/Nairobi",
        "amount_min": "1000",
        "amount_max": Decimal("20000.50"),
        "cofinancing_required": True,
        "cofinancing_rate": Decimal("20"),
        "categories": list(
            SkillCategory.objects.filter(slug__in=["entrepreneurship", "skills-data"])
        ),
        "languages": list(Language.objects.filter(code__in=["fr", "en"])),
        "source_url": "https://green.example.org/challenge",
        "source": Source.IMPORT,
    }
    data.update(overrides)
    return data


def _snapshot(call: FundingCall) -> dict:
    """Everything the database holds about a call, but its id and timestamps."""
    row = FundingCall.objects.filter(pk=call.pk).values().get()
    for name in ("id", "created_at", "updated_at"):
        row.pop(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM funds_fundingcall WHERE id = %s", [call.pk])
        row["search_vector"] = cursor.fetchone()[0]
    for name in ("co_funders", "categories", "languages"):
        row[name] = sorted(getattr(call, name).values_list("pk", flat=True))
    row["audit"] = list(
        AuditEntry.objects.filter(object_id=str(call.pk), content_type__model="fundingcall").values(
            "actor_id", "action", "content_type_id", "object_repr", "data", "changes"
        )
    )
    return row


def test_a_call_created_in_bulk_equals_the_one_call_create_writes_field_by_field_and_link_by_link(
    staff,
):
    data = _data()
    with transaction.atomic():
        expected = _snapshot(call_create(data=dict(data), actor=staff))
        transaction.set_rollback(True)

    result = calls_create_many(items=[dict(data)], actor=staff)

    assert result.errors == {}
    assert _snapshot(result.calls[0]) == expected
    assert expected["slug"] == "green-skills-challenge" and expected["search_vector"]
    assert len(expected["audit"]) == 1 and expected["audit"][0]["changes"]["status"] == [
        None,
        "draft",
    ]


def test_slugs_are_generated_as_call_create_generates_them_one_after_the_other(staff):
    FundingCallFactory(slug="green-skills-challenge")
    FundingCallFactory(slug="green-skills-challenge-2")
    items = [
        _data(),
        _data(slug="explicit"),
        _data(title="Green skills challenge"),
        _data(title="中文"),
    ]

    result = calls_create_many(items=items, actor=staff)

    assert [call.slug for call in result.calls] == [
        "green-skills-challenge-3",
        "explicit",
        "green-skills-challenge-4",
        "item",
    ]


def test_a_refused_item_does_not_take_the_slug_the_next_one_gets(staff):
    result = calls_create_many(
        items=[_data(amount_min=Decimal(50), amount_max=Decimal(10)), _data()], actor=staff
    )

    assert list(result.errors) == [0]
    assert result.calls[1].slug == "green-skills-challenge"


@pytest.mark.parametrize(
    "overrides",
    [
        {"amount_min": Decimal(50), "amount_max": Decimal(10)},
        {"cofinancing_required": False},
        {"opens_on": (timezone.now() + timedelta(days=90)).date()},
        {"slug": "feed"},
        {"slug": "taken"},
        {"slug": "not a slug!"},
        {"summary": ""},
        {"instrument": "lottery"},
        {"title": "x" * 301, "deadline_timezone": "Mars/Olympus"},
        {"cofinancing_rate": Decimal("120")},
        {"funder": Funder(pk=987654, name="Gone")},
        {"funder": None},
        {"source_url": "not a url"},
    ],
    ids=lambda overrides: ",".join(overrides),
)
def test_an_invalid_item_is_refused_with_the_message_call_create_gives(staff, overrides):
    FundingCallFactory(slug="taken")
    data = _data(**overrides)
    with pytest.raises(CallError) as expected:
        call_create(data=dict(data), actor=staff)

    result = calls_create_many(items=[_data(title="A valid one"), dict(data)], actor=staff)

    assert result.calls[0] is not None and result.calls[1] is None
    assert str(result.errors[1]) == str(expected.value)
    assert result.errors[1].errors == expected.value.errors


def _refuse_a_title_in_the_database(title: str = REFUSED_TITLE) -> None:
    """A trigger standing for what only the database knows (a concurrent write, a
    constraint the Python checks do not mirror): it refuses calls with this title."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE OR REPLACE FUNCTION test_refuse_call() RETURNS trigger AS $$
            BEGIN
                IF NEW.title = %s THEN
                    RAISE EXCEPTION 'a call with this title is refused' USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_refuse_call BEFORE INSERT ON funds_fundingcall
                FOR EACH ROW EXECUTE FUNCTION test_refuse_call();
            """.replace("%s", "'" + title + "'"),
        )


@pytest.mark.postgres
def test_a_batch_the_database_refuses_is_written_again_one_call_at_a_time_naming_the_refused_one(
    staff,
):
    _refuse_a_title_in_the_database()
    items = [_data(title=f"Call {n}") for n in range(4)]
    items[2] = _data(title=REFUSED_TITLE)

    result = calls_create_many(items=items, actor=staff)

    assert list(result.errors) == [2]
    assert "The database refused this call" in str(result.errors[2])
    assert sorted(FundingCall.objects.values_list("title", flat=True)) == [
        "Call 0",
        "Call 1",
        "Call 3",
    ]
    assert AuditEntry.objects.filter(action="funds.call.created").count() == 3


@pytest.mark.postgres
def test_a_link_to_a_category_deleted_meanwhile_is_refused_by_the_database_and_names_its_call(
    staff,
):
    gone = SkillCategory(pk=987654, slug="gone")
    items = [_data(title="Fine"), _data(title="Linked to nothing", categories=[gone])]

    result = calls_create_many(items=items, actor=staff)

    assert list(result.errors) == [1]
    assert list(FundingCall.objects.values_list("title", flat=True)) == ["Fine"]


def test_a_member_who_is_not_a_curator_is_refused():
    member = ApprovedMemberFactory().user

    with pytest.raises(PermissionDenied):
        calls_create_many(items=[_data()], actor=member)

    assert not FundingCall.objects.exists()


def test_a_new_call_cannot_start_published_in_bulk_either(staff):
    with pytest.raises(CallError):
        calls_create_many(items=[_data()], actor=staff, status=EditorialStatus.PUBLISHED)


def test_unknown_fields_are_a_programming_error(staff):
    with pytest.raises(ValueError, match="search_vector"):
        calls_create_many(items=[_data(search_vector="x")], actor=staff)


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_calls(staff):
    co_funders = [FunderFactory(name="Blue Fund"), FunderFactory(name="Red Fund")]
    few_items = [_data(title=f"Few {n}", co_funders=co_funders) for n in range(5)]
    many_items = [_data(title=f"Many {n}", co_funders=co_funders) for n in range(120)]

    calls_create_many(
        items=[_data(title="Warm-up", co_funders=co_funders)], actor=staff
    )  # permissions, content type
    few = _queries(lambda: calls_create_many(items=few_items, actor=staff))
    many = _queries(lambda: calls_create_many(items=many_items, actor=staff))

    assert many == few
    assert FundingCall.objects.count() == 126


def test_the_audit_entries_of_a_bulk_write_refuse_an_unregistered_code_before_writing_any():
    call = FundingCallFactory()

    with pytest.raises(ValueError, match="funds.call.teleported"):
        log_actions_many([{"obj": call, "action": "funds.call.created", "actor": None},
                          {"obj": call, "action": "funds.call.teleported", "actor": None}])  # fmt: skip

    assert not AuditEntry.objects.filter(action="funds.call.created").exists()


# --- The spreadsheet import on top of it ------------------------------------------------


HEADERS = ["Title", "Funder", "Co-funders", "Summary", "Instrument", "Categories", "Countries", "Maximum amount", "Deadline",
           "Deadline time zone", "Source URL"]  # fmt: skip


def _sheet(count: int, *, titles: dict[int, str] | None = None, funders: int = 3) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for n in range(count):
        title = (titles or {}).get(n, f"Skills call {n}")
        ws.append([title, f"Funder {n % funders}", f"Co-funder {n % 2}", "A call about skills.", "Project grant",
                   "TVET; apprenticeships", "Kenya, Sénégal", "USD 50,000", f"31/03/{NEXT_YEAR}", "Africa/Nairobi",
                   f"https://funder.example.org/calls/{n}?utm_source=x"])  # fmt: skip
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _import(content: bytes, **options):
    return import_calls(
        content,
        actor=None,
        filename="calls.xlsx",
        options=ImportOptions(date_order="day-first", **options),
    )


def test_an_import_makes_the_same_number_of_queries_for_50_rows_as_for_200(staff):
    FunderFactory(name="Funder 0"), FunderFactory(name="Funder 1"), FunderFactory(name="Funder 2")
    FunderFactory(name="Co-funder 0"), FunderFactory(name="Co-funder 1")
    small, large = _sheet(50), _sheet(200)

    first_small = _queries(lambda: _import(small, dry_run=True))
    first_large = _queries(lambda: _import(large, dry_run=True))
    assert first_large <= first_small + 2

    _import(large)
    assert FundingCall.objects.count() == 200
    again_small = _queries(lambda: _import(small))
    again_large = _queries(lambda: _import(large))
    assert again_large <= again_small + 2
    assert _import(large).unchanged == 200


def test_an_import_creates_what_call_create_would_for_each_row():
    report = _import(_sheet(3))

    assert report.ok, report.errors
    call = FundingCall.objects.get(title="Skills call 1")
    assert (
        call.source == Source.IMPORT
        and call.slug == "skills-call-1"
        and call.status == EditorialStatus.DRAFT
    )
    assert sorted(call.co_funders.values_list("name", flat=True)) == ["Co-funder 1"]
    assert call.categories.count() == 2 and call.region_index == ["africa"]
    assert FundingCall.objects.filter(search_vector__isnull=False).count() == 3
    entry = AuditEntry.objects.get(action="funds.call.created", object_id=str(call.pk))
    assert entry.data == {"status": "draft", "source": "import"}


@pytest.mark.postgres
def test_a_row_the_database_refuses_in_a_batch_is_named_and_nothing_is_written():
    _refuse_a_title_in_the_database()

    report = _import(_sheet(6, titles={3: REFUSED_TITLE}))

    assert [(e.row, "The database refused this call" in e.message) for e in report.errors] == [
        (5, True)
    ]
    assert not FundingCall.objects.exists()


@pytest.mark.postgres
def test_keeping_the_valid_rows_saves_the_others_when_the_database_refuses_one():
    _refuse_a_title_in_the_database()

    report = _import(_sheet(6, titles={3: REFUSED_TITLE}), partial=True)

    assert [e.row for e in report.errors] == [5]
    assert [source.number for source, _messages in report.rejected] == [5]
    assert FundingCall.objects.count() == 5
    assert report.created == 5


@pytest.mark.postgres
def test_a_single_new_row_the_database_refuses_is_reported_not_raised():
    _refuse_a_title_in_the_database()

    report = _import(_sheet(1, titles={0: REFUSED_TITLE}))

    assert [e.row for e in report.errors] == [2]
    assert "The database refused this call" in report.errors[0].message
    assert not FundingCall.objects.exists()


def test_a_row_refused_by_the_checks_of_its_batch_is_reported_with_its_row_and_column():
    content = _sheet(4, titles={2: "x" * 301})

    report = _import(content, partial=True)

    assert [(e.row, e.column) for e in report.errors] == [(4, "Title")]
    assert FundingCall.objects.count() == 3

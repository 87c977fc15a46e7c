"""The matcher: which alerts a newly announced call reaches, and only once."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from funds.alerts import services
from funds.alerts.matching import match_calls, search_prefix
from funds.alerts.models import Alert, AlertDelivery, AlertInbox, CallAnnouncement, Frequency
from funds.alerts.selectors import alert_matching_calls
from funds.choices import ApplicantType, EditorialStatus, FunderType, Instrument
from funds.models import CallDismissal, FundingCall
from taxonomy.models import Language
from taxonomy.regions import Region
from tests.factories.alerts import AlertFactory
from tests.factories.funds import FunderFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def found_for(alert: Alert) -> list[int]:
    """Every call the matcher put in the alert's inbox, as often as it did."""
    return [pk for ids in AlertInbox.objects.filter(alert=alert).values_list("call_ids", flat=True) for pk in ids]


def matched(alert: Alert) -> set[int]:
    return set(found_for(alert))


def emailed(alert: Alert) -> list[int]:
    return list(AlertDelivery.objects.filter(alert=alert).values_list("call_id", flat=True))


def regional(**kwargs) -> dict:
    """Keyword arguments for a call that is not open worldwide."""
    return {"is_global": False, **kwargs}


# --- Each criterion ---------------------------------------------------------------------


def test_an_alert_without_criteria_matches_every_new_call(make_call, run_alerts):
    alert = AlertFactory()
    call = make_call()
    run_alerts()
    assert matched(alert) == {call.pk}


def test_a_category_alert_matches_calls_in_any_of_its_categories(make_call, run_alerts, categories):
    alert = AlertFactory(categories=categories[:2])
    in_first = make_call(categories=[categories[0]])
    in_second = make_call(categories=[categories[1], categories[5]])
    elsewhere = make_call(categories=[categories[3]])
    without = make_call()
    run_alerts()
    assert matched(alert) == {in_first.pk, in_second.pk}
    assert elsewhere.pk not in matched(alert) and without.pk not in matched(alert)


def test_a_region_alert_matches_worldwide_calls_and_calls_open_to_the_region(make_call, run_alerts):
    alert = AlertFactory(regions=[Region.AFRICA])
    worldwide = make_call(is_global=True)
    africa = make_call(**regional(eligible_regions=[Region.AFRICA]))
    kenya_only = make_call(**regional(eligible_countries=["KE"]))  # region index holds africa
    asia = make_call(**regional(eligible_regions=[Region.ASIA_PACIFIC]))
    run_alerts()
    assert matched(alert) == {worldwide.pk, africa.pk, kenya_only.pk}
    assert asia.pk not in matched(alert)


def test_a_country_alert_matches_the_country_its_explicit_region_and_worldwide_calls(make_call, run_alerts):
    alert = AlertFactory(countries=["NG"])
    worldwide = make_call(is_global=True)
    listed = make_call(**regional(eligible_countries=["GH", "NG"]))
    whole_region = make_call(**regional(eligible_regions=[Region.AFRICA]))
    other_country_same_region = make_call(**regional(eligible_countries=["KE"]))
    other_region = make_call(**regional(eligible_regions=[Region.AMERICAS]))
    run_alerts()
    assert matched(alert) == {worldwide.pk, listed.pk, whole_region.pk}
    assert not matched(alert) & {other_country_same_region.pk, other_region.pk}


def test_an_instrument_alert_matches_only_those_instruments(make_call, run_alerts):
    alert = AlertFactory(instruments=[Instrument.CHALLENGE, Instrument.FELLOWSHIP])
    challenge = make_call(instrument=Instrument.CHALLENGE)
    grant = make_call(instrument=Instrument.PROJECT_GRANT)
    run_alerts()
    assert matched(alert) == {challenge.pk}
    assert grant.pk not in matched(alert)


def test_a_funder_type_alert_matches_only_calls_from_those_funders(make_call, run_alerts):
    alert = AlertFactory(funder_types=[FunderType.DEVELOPMENT_BANK])
    bank = make_call(funder=FunderFactory(name="Regional bank", type=FunderType.DEVELOPMENT_BANK))
    foundation = make_call(funder=FunderFactory(name="A foundation", type=FunderType.PRIVATE_FOUNDATION))
    run_alerts()
    assert matched(alert) == {bank.pk}
    assert foundation.pk not in matched(alert)


def test_an_applicant_type_alert_matches_calls_open_to_one_of_those_applicants(make_call, run_alerts):
    alert = AlertFactory(applicant_types=[ApplicantType.NGO, ApplicantType.INDIVIDUAL])
    for_ngos = make_call(applicant_types=[ApplicantType.SME, ApplicantType.NGO])
    for_universities = make_call(applicant_types=[ApplicantType.UNIVERSITY])
    unspecified = make_call(applicant_types=[])
    run_alerts()
    assert matched(alert) == {for_ngos.pk}
    assert not matched(alert) & {for_universities.pk, unspecified.pk}


def test_a_language_alert_matches_calls_accepting_applications_in_one_of_them(make_call, run_alerts):
    french = Language.objects.get(code="fr")
    english = Language.objects.get(code="en")
    alert = AlertFactory(languages=["fr", "es"])
    in_french = make_call(languages=[english, french])
    in_english = make_call(languages=[english])
    run_alerts()
    assert matched(alert) == {in_french.pk}
    assert in_english.pk not in matched(alert)


def test_amount_bounds_match_the_usd_amount_and_leave_out_calls_without_one(make_call, run_alerts):
    alert = AlertFactory(amount_min_usd=Decimal(20_000), amount_max_usd=Decimal(100_000))
    inside = make_call(amount_max=50_000, amount_usd=50_000)
    too_small = make_call(amount_min=None, amount_max=10_000, amount_usd=10_000)
    too_big = make_call(amount_max=500_000, amount_usd=500_000)
    unknown = make_call(amount_min=None, amount_max=None, amount_usd=None)
    run_alerts()
    assert matched(alert) == {inside.pk}
    assert not matched(alert) & {too_small.pk, too_big.pk, unknown.pk}


@pytest.mark.postgres
def test_search_words_are_matched_in_sql_with_prefixes_and_websearch_syntax(make_call, run_alerts):
    prefix = AlertFactory(q="apprentice")
    phrase = AlertFactory(q='"green jobs" -tourism')
    apprenticeship = make_call(title="Apprenticeship innovation fund")
    green = make_call(title="Green jobs for youth", summary="Solar technicians.")
    green_tourism = make_call(title="Green jobs in tourism")
    run_alerts()
    assert matched(prefix) == {apprenticeship.pk}
    assert matched(phrase) == {green.pk}
    assert green_tourism.pk not in matched(phrase)


def test_all_criteria_of_an_alert_must_hold_together(make_call, run_alerts, categories):
    alert = AlertFactory(
        categories=[categories[0]], regions=[Region.AFRICA], instruments=[Instrument.CHALLENGE],
        amount_min_usd=Decimal(10_000),
    )
    fits = make_call(categories=[categories[0]], instrument=Instrument.CHALLENGE, amount_usd=40_000,
                     **regional(eligible_regions=[Region.AFRICA]))
    wrong_region = make_call(categories=[categories[0]], instrument=Instrument.CHALLENGE, amount_usd=40_000,
                             **regional(eligible_regions=[Region.AMERICAS]))
    wrong_instrument = make_call(categories=[categories[0]], instrument=Instrument.LOAN, amount_usd=40_000)
    wrong_category = make_call(categories=[categories[1]], instrument=Instrument.CHALLENGE, amount_usd=40_000)
    run_alerts()
    assert matched(alert) == {fits.pk}
    assert not matched(alert) & {wrong_region.pk, wrong_instrument.pk, wrong_category.pk}


# --- Who is left out ----------------------------------------------------------------------


def test_calls_the_owner_dismissed_never_appear(make_call, run_alerts):
    alert = AlertFactory()
    call = make_call()
    CallDismissal.objects.create(user=alert.user, call=call)
    run_alerts()
    assert matched(alert) == set()


def test_paused_alerts_and_inactive_owners_are_skipped(make_call, run_alerts):
    paused = AlertFactory(paused=True)
    gone = AlertFactory(user=UserFactory(is_active=False))
    active = AlertFactory()
    call = make_call()
    run_alerts()
    assert matched(paused) == set() and matched(gone) == set()
    assert matched(active) == {call.pk}


def test_drafts_archived_and_closed_calls_are_not_announced(make_call, run_alerts):
    alert = AlertFactory()
    make_call(status=EditorialStatus.DRAFT)
    make_call(status=EditorialStatus.ARCHIVED)
    make_call(deadline=timezone.now() - timedelta(days=1))
    rolling = make_call(deadline=None, is_rolling=True)
    run_alerts()
    assert matched(alert) == {rolling.pk}


# --- Once, whatever happens ------------------------------------------------------------------


def test_running_the_matcher_twice_matches_a_call_once(make_call, run_alerts):
    alert = AlertFactory()
    call = make_call()
    first, _sent = run_alerts()
    second, _sent = run_alerts()
    assert (first.calls, first.matches) == (1, 1)
    assert (second.calls, second.matches) == (0, 0)
    assert found_for(alert) == emailed(alert) == [call.pk]
    assert CallAnnouncement.objects.filter(call=call).count() == 1


def test_a_resaved_call_is_not_matched_again(make_call, run_alerts):
    alert = AlertFactory()
    call = make_call()
    run_alerts()
    call.title = "A better title"
    call.save()
    run, _sent = run_alerts()
    assert run.calls == 0
    assert found_for(alert) == [call.pk]


def test_a_reannounced_call_reaches_new_alerts_but_never_an_alert_twice(make_call, run_alerts):
    old_alert = AlertFactory()
    call = make_call()
    run_alerts()
    new_alert = AlertFactory()
    FundingCall.objects.filter(pk=call.pk).update(announced_at=timezone.now() + timedelta(seconds=1))
    run, sent = run_alerts(now=timezone.now() + timedelta(seconds=2))
    assert run.calls == 1
    # Found again for the old alert, but emailed only to the new one.
    assert sent == 1
    assert emailed(old_alert) == [call.pk]
    assert emailed(new_alert) == [call.pk]
    assert CallAnnouncement.objects.filter(call=call).count() == 2


def test_a_call_announced_late_is_still_matched(make_call, run_alerts):
    """An announcement older than one already matched (its transaction committed late)."""
    alert = AlertFactory()
    newer = make_call()
    run_alerts()
    late = make_call(published_at=timezone.now() - timedelta(minutes=10))
    run, _sent = run_alerts()
    assert run.calls == 1
    assert matched(alert) == {newer.pk, late.pk}


def test_matches_are_batched_and_every_batch_is_recorded(make_call, run_alerts):
    alert = AlertFactory()
    calls = [make_call() for _ in range(5)]
    run, _sent = run_alerts(batch_size=2)
    assert (run.batches, run.calls) == (3, 5)
    assert matched(alert) == {c.pk for c in calls}


def test_deleting_an_alert_or_a_call_deletes_what_was_found_and_sent(make_call, run_alerts):
    """AlertInbox has no database-level foreign key (see the model): Django cascades."""
    kept, deleted_alert = AlertFactory(), AlertFactory()
    call, deleted_call = make_call(), make_call()
    run_alerts()
    assert AlertInbox.objects.count() == 2 and AlertDelivery.objects.count() == 4
    deleted_alert.delete()
    deleted_call.delete()
    assert list(AlertInbox.objects.values_list("alert_id", flat=True)) == [kept.pk]
    assert list(AlertDelivery.objects.values_list("alert_id", "call_id")) == [(kept.pk, call.pk)]


def test_a_deleted_call_still_listed_in_an_inbox_is_never_sent(make_call, run_alerts, django_capture_on_commit_callbacks):
    alert = AlertFactory(frequency=Frequency.INSTANT)
    call, deleted = make_call(), make_call()
    services.alerts_match_new_calls()
    deleted.delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.alert_send_instant() == 1
    assert emailed(alert) == [call.pk]


# --- The matcher agrees with the per-alert filter ----------------------------------------------


@pytest.mark.parametrize("paused_share", [0.0, 0.2])
def test_the_matcher_agrees_with_the_per_alert_orm_filter(paused_share, make_call, categories, django_capture_on_commit_callbacks):
    rng = random.Random(20260301)
    languages = list(Language.objects.filter(code__in=["en", "fr", "es"]))
    funders = [FunderFactory(name=f"Funder type {t}", type=t) for t in list(FunderType.values)[:6]]
    regions = list(Region.values)
    countries = ["KE", "NG", "GH", "BR", "IN", "FR", "JO"]
    words = ["apprenticeship", "green", "digital", "youth", "women"]
    calls = []
    for i in range(40):
        calls.append(make_call(
            title=f"{rng.choice(words).title()} skills call {i}",
            categories=rng.sample(categories, rng.randint(0, 2)),
            languages=rng.sample(languages, rng.randint(0, 2)),
            funder=rng.choice(funders),
            instrument=rng.choice(list(Instrument.values)[:5]),
            applicant_types=rng.sample(list(ApplicantType.values)[:5], rng.randint(0, 2)),
            is_global=rng.random() < 0.2,
            eligible_regions=rng.sample(regions, rng.randint(0, 1)),
            eligible_countries=rng.sample(countries, rng.randint(0, 2)),
            amount_min=None,
            amount_max=None,
            amount_usd=rng.choice([None, 5_000, 50_000, 500_000]),
        ))
    alerts = []
    for _ in range(120):
        maybe = lambda values, k=1: rng.sample(values, k) if rng.random() < 0.35 else []  # noqa: E731
        alerts.append(AlertFactory(
            categories=maybe(categories, rng.randint(1, 2)),
            regions=maybe(regions),
            countries=maybe(countries),
            instruments=maybe(list(Instrument.values)[:5], 2),
            funder_types=maybe(list(FunderType.values)[:6]),
            applicant_types=maybe(list(ApplicantType.values)[:5], 2),
            languages=maybe(["en", "fr", "es"]),
            amount_min_usd=rng.choice([None, None, Decimal(10_000)]),
            amount_max_usd=rng.choice([None, None, Decimal(100_000)]),
            q=rng.choice(["", "", "", "green", "youth -women", "apprentice"]),
            paused=rng.random() < paused_share,
        ))
    dismissals = {(alert.user_id, call.pk) for alert in rng.sample(alerts, 10) for call in rng.sample(calls, 3)}
    CallDismissal.objects.bulk_create([CallDismissal(user_id=u, call_id=c) for u, c in dismissals])
    with django_capture_on_commit_callbacks(execute=True):
        services.alerts_match_new_calls(batch_size=15)
    ids = [c.pk for c in calls]
    expected = {
        (alert.pk, pk)
        for alert in alerts
        if not alert.paused
        for pk in alert_matching_calls(alert, calls=FundingCall.objects.filter(pk__in=ids)).values_list("pk", flat=True)
        if (alert.user_id, pk) not in dismissals
    }
    found = {(alert_id, pk) for alert_id, call_ids in AlertInbox.objects.values_list("alert_id", "call_ids") for pk in call_ids}
    assert found == expected
    assert len(found) > 50  # the random data exercises real matches


# --- Query counts grow with batches, not with alerts ---------------------------------------------


def _count_match_queries(make_call, n_alerts: int, categories) -> int:
    AlertInbox.objects.all().delete()
    Alert.objects.all().delete()
    CallAnnouncement.objects.all().delete()
    user = UserFactory()
    for i in range(n_alerts):
        AlertFactory(user=user, categories=[categories[i % len(categories)]], regions=[Region.AFRICA] if i % 2 else [])
    with CaptureQueriesContext(connection) as queries:
        run = services.alerts_match_new_calls(batch_size=10)
    assert run.batches == 3
    assert AlertInbox.objects.count() > 0
    return len(queries)


@pytest.mark.postgres
def test_the_matchers_query_count_does_not_grow_with_the_number_of_alerts(make_call, categories):
    for i in range(25):
        make_call(categories=[categories[i % len(categories)]])
    with_10 = _count_match_queries(make_call, 10, categories)
    with_200 = _count_match_queries(make_call, 200, categories)
    assert with_10 == with_200
    # Per batch: transaction, lock, due calls, 3 to load them, distinct words, their
    # test, dismissals, the alerts (one streamed query), the inbox rows, the progress
    # rows, the savepoint release.
    assert with_200 <= 3 * 14


def test_alerts_are_indexed_a_chunk_at_a_time_with_the_same_result(make_call, categories):
    calls = [make_call(categories=[categories[i % 3]]) for i in range(6)]
    alerts = [AlertFactory(categories=[categories[i % 3]]) for i in range(7)]
    ids = [c.pk for c in calls]
    with transaction.atomic():
        whole = match_calls(ids)
        chunked = match_calls(ids, chunk_size=2)
    assert whole.by_alert == chunked.by_alert
    assert whole.per_call == chunked.per_call == {pk: 3 if i % 3 == 0 else 2 for i, pk in enumerate(ids)}
    assert sorted(whole.by_alert) == sorted(a.pk for a in alerts)


# --- Helpers ------------------------------------------------------------------------------


def test_search_prefix_mirrors_the_funds_search():
    assert search_prefix("youth apprentice") == "youth:* & apprentice:*"
    assert search_prefix('"green jobs"') == ""
    assert search_prefix("green -tourism") == ""
    assert search_prefix("") == ""


def test_match_calls_with_no_calls_does_nothing():
    result = match_calls([])
    assert (result.by_alert, result.per_call, result.pairs) == ({}, {}, 0)


def test_instant_and_digest_alerts_are_matched_alike(make_call, run_alerts):
    daily = AlertFactory(frequency=Frequency.DAILY)
    instant = AlertFactory(frequency=Frequency.INSTANT)
    call = make_call()
    run_alerts()
    assert matched(daily) == matched(instant) == {call.pk}
    assert AlertInbox.objects.get(alert=daily).state == AlertInbox.State.PENDING
    assert AlertInbox.objects.get(alert=instant).state == AlertInbox.State.DONE
    assert emailed(daily) == [] and emailed(instant) == [call.pk]


def test_the_daily_housekeeping_forgets_old_inbox_rows_but_not_what_was_sent(make_call, run_alerts):
    alert = AlertFactory(frequency=Frequency.INSTANT)
    call = make_call()
    run_alerts()
    recent = AlertInbox.objects.create(alert=AlertFactory(frequency=Frequency.DAILY), call_ids=[call.pk])
    assert services.alerts_prune_inbox(now=timezone.now() + timedelta(days=29)) == 0
    assert services.alerts_prune_inbox(now=timezone.now() + timedelta(days=31)) == 2
    assert not AlertInbox.objects.filter(pk=recent.pk).exists()
    assert emailed(alert) == [call.pk]

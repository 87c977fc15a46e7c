"""The beat job that keeps each series' sessions generated ahead."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import transaction
from django.utils import timezone

from core.audit.services import log_action
from events.models import Session

from ..models import PeerSession, Series

AHEAD = dt.timedelta(weeks=8)


def _slots(series: Series, *, today: dt.date) -> list[dt.date]:
    """The series' dates from today to 8 weeks ahead (first_date, then every N weeks)."""
    step = dt.timedelta(weeks=series.every_weeks)
    first = series.first_date + dt.timedelta(
        days=(series.weekday - series.first_date.weekday()) % 7
    )
    if first < today:
        first += step * -(-(today - first).days // step.days)
    slots, day = [], first
    while day <= today + AHEAD:
        slots.append(day)
        day += step
    return slots


@transaction.atomic
def _generate_one(series_pk: int, *, today: dt.date) -> list[PeerSession]:
    series = Series.objects.select_for_update().filter(pk=series_pk, is_active=True).first()
    if series is None:
        return []
    # A moved or cancelled occurrence keeps its slot, so it is never created again.
    taken = set(series.occurrences.values_list("slot", flat=True))
    zone = zoneinfo.ZoneInfo(series.time_zone or "UTC")
    created = []
    for slot in _slots(series, today=today):
        if slot in taken:
            continue
        starts = dt.datetime.combine(slot, series.start_time, tzinfo=zone)
        session = Session.objects.create(
            app="peer_exchange", kind="exchange", title=series.name, language=series.language,
            starts_at=starts, ends_at=starts + dt.timedelta(minutes=series.duration_minutes),
            time_zone=series.time_zone, capacity=series.capacity, audience=Session.Audience.MEMBERS,
            meeting_url=series.meeting_url, status=Session.Status.PUBLISHED,
        )  # fmt: skip
        created.append(PeerSession.objects.create(series=series, session=session, slot=slot))
    if created:
        log_action(
            obj=series,
            action="peer_exchange.series.generated",
            actor=None,
            data={"slots": [str(p.slot) for p in created]},
        )
    return created


def series_generate(*, today: dt.date | None = None) -> int:
    """Scheduled (beat, daily): create each active series' sessions up to 8 weeks ahead.
    Idempotent: a slot that has an occurrence (even moved or cancelled) is skipped, under
    a lock on the series row and a unique (series, slot) constraint. Returns how many."""
    today = today or timezone.localdate()
    return sum(
        len(_generate_one(pk, today=today))
        for pk in Series.objects.filter(is_active=True).values_list("pk", flat=True)
    )

"""Benchmark of alert matching: 50,000 saved alerts against 1,000 newly published calls.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_alerts .venv/bin/python bench/alerts_matching.py

What it does, from scratch each time:
1. drops and creates the database named in DATABASE_URL (its name must contain "bench")
   and migrates it;
2. seeds --users people (default 20,000; a tenth dismiss a few calls), --alerts alerts
   (default 50,000, criteria drawn as people build them on /funds/: see MIXES and --mix) and
   --calls published calls (default 1,000, announced a minute ago), all with bulk_create,
   then the search vectors and VACUUM ANALYZE;
3. the naive approach first, on a random sample of --sample alerts (default 1,000): one
   ORM query per alert (funds.alerts.selectors.alert_matching_calls, the /funds/ filters)
   plus its inbox row, in a transaction that is rolled back; its time is extrapolated to
   all alerts;
4. the matcher (funds.alerts.services.alerts_match_new_calls): an in-memory inverted
   index of the alerts, a few queries per batch of --batch calls, one inbox row per
   alert and batch; wall time, query count, Python peak memory (tracemalloc), the
   process's peak RSS, and CPU time of this process and of the PostgreSQL backend (from
   /proc; wall time stretches on a busy machine, CPU time much less). Also measured:
   finding the matches without writing them (matching.match_calls alone), and a second
   run (nothing new to do);
5. checks that both approaches found the same (alert, call) pairs for the sampled
   alerts, prints a Markdown table (paste into bench/README.md) and drops the database
   (unless --keep).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import secrets
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "apprenticeship", "green", "digital", "youth", "women", "refugees", "tvet", "entrepreneurship",
    "agriculture", "climate", "care", "migration", "informal", "reskilling", "inclusion", "innovation",
]
COUNTRIES = ["KE", "NG", "GH", "SN", "ZA", "EG", "BR", "CO", "MX", "PE", "IN", "ID", "PH", "BD", "VN",
             "JO", "LB", "FR", "TR", "UA", "UZ", "KZ", "MA", "TN", "ET"]

# Share of alerts that set each criterion (the rest leave it empty: "any"), and how many
# values they pick. "broad": most alerts come from a /funds/ selection with a category or
# two, often a region, sometimes who can apply or a type of support, rarely words or
# amounts (about 3 criteria; an alert matches ~7% of new calls). "narrow": selections
# refined further (about 4.5 criteria; ~1-2% of new calls).
MIXES = {
    "broad": {
        "categories": (0.85, 1, 2),
        "regions": (0.50, 1, 1),
        "countries": (0.15, 1, 2),
        "instruments": (0.35, 1, 3),
        "funder_types": (0.15, 1, 2),
        "applicant_types": (0.40, 1, 2),
        "languages": (0.20, 1, 1),
        "amount_min_usd": (0.20, 1, 1),
        "amount_max_usd": (0.10, 1, 1),
        "q": (0.20, 1, 2),
    },
    "narrow": {
        "categories": (0.95, 1, 2),
        "regions": (0.70, 1, 1),
        "countries": (0.20, 1, 2),
        "instruments": (0.55, 1, 3),
        "funder_types": (0.20, 1, 2),
        "applicant_types": (0.65, 1, 2),
        "languages": (0.30, 1, 1),
        "amount_min_usd": (0.30, 1, 1),
        "amount_max_usd": (0.15, 1, 1),
        "q": (0.30, 1, 2),
    },
}
PAUSED_SHARE = 0.05


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--alerts", type=int, default=50_000)
    parser.add_argument("--calls", type=int, default=1_000)
    parser.add_argument("--sample", type=int, default=1_000, help="alerts measured with the naive approach")
    parser.add_argument("--batch", type=int, default=1_000, help="calls per batch of the matcher")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--mix", choices=sorted(MIXES), default="broad", help="how specific the alerts are")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--deliver-seconds", type=float, default=20,
        help="then send instant alert emails for this long (0: skip) and report the rate",
    )
    return parser.parse_args()


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to touch {name!r}: the benchmark database name must contain 'bench'.")
    conn = psycopg2.connect(
        host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password or None, dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_portal.settings")
    # Production-like: DEBUG off (no query log kept in memory), a throwaway key.
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(48))
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Emails really go through the outbox and a backend: files in a throwaway folder.
    os.environ.setdefault("EMAIL_FILE_PATH", tempfile.mkdtemp(prefix="bench-mail-"))
    import django

    django.setup()


def pick(rng: random.Random, values: list, share: float, low: int, high: int) -> list:
    if rng.random() >= share:
        return []
    return rng.sample(values, min(len(values), rng.randint(low, high)))


class Meter:
    """Wall time, this process's CPU time and the PostgreSQL backend's CPU time (read from
    /proc: the database runs on this machine). On a busy machine wall time stretches
    while CPU time stays close to the work actually done."""

    def __init__(self, connection):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.pid = cursor.fetchone()[0]

    def _pg_cpu(self) -> float:
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __enter__(self):
        self._wall, self._cpu, self._pg = time.perf_counter(), time.process_time(), self._pg_cpu()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu
        self.pg = self._pg_cpu() - self._pg
        return False

    def __str__(self) -> str:
        return f"{self.wall:.1f} s"


def seed(args, rng: random.Random) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from funds.alerts.matching import sync_alert_signature
    from funds.alerts.models import Alert, Frequency
    from funds.choices import ApplicantType, EditorialStatus, FunderType, Instrument
    from funds.models import CallDismissal, Funder, FundingCall
    from funds.search import update_search_vectors
    from members.models import User
    from taxonomy.models import Language, SkillCategory
    from taxonomy.regions import Region

    started = time.perf_counter()
    now = timezone.now()
    mix = MIXES[args.mix]
    categories = list(SkillCategory.objects.all())
    languages = list(Language.objects.all())
    codes = [lang.code for lang in languages]
    instruments, funder_types = list(Instrument.values), list(FunderType.values)
    applicant_types, regions = list(ApplicantType.values), list(Region.values)

    with transaction.atomic():
        User.objects.bulk_create(
            [User(email=f"bench{i}@example.org", password="!", is_active=rng.random() > 0.02) for i in range(args.users)],
            batch_size=5_000,
        )
        user_ids = list(User.objects.values_list("pk", flat=True))

        funders = Funder.objects.bulk_create(
            [Funder(name=f"Bench funder {i}", slug=f"bench-funder-{i}", type=rng.choice(funder_types)) for i in range(60)]
        )
        calls = []
        for i in range(args.calls):
            is_global = rng.random() < 0.2
            call = FundingCall(
                title=f"{rng.choice(WORDS).title()} and {rng.choice(WORDS)} skills call {i}",
                slug=f"bench-call-{i}",
                funder=rng.choice(funders),
                summary=" ".join(rng.sample(WORDS, 4)) + " for decent work.",
                description="Support for " + " ".join(rng.sample(WORDS, 6)) + ".",
                instrument=rng.choice(instruments[:8]),
                is_global=is_global,
                eligible_regions=[] if is_global else rng.sample(regions, rng.choice([0, 1, 1, 2])),
                eligible_countries=[] if is_global else rng.sample(COUNTRIES, rng.choice([0, 0, 1, 3])),
                applicant_types=rng.sample(applicant_types, rng.randint(1, 3)),
                amount_usd=rng.choice([None, Decimal(20_000), Decimal(75_000), Decimal(250_000), Decimal(1_000_000)]),
                status=EditorialStatus.PUBLISHED,
                is_rolling=rng.random() < 0.1,
                deadline=now + timedelta(days=rng.randint(10, 150)),
                published_at=now - timedelta(minutes=1),
                announced_at=now - timedelta(minutes=1),
            )
            call.region_index = call.computed_region_index()
            calls.append(call)
        calls = FundingCall.objects.bulk_create(calls, batch_size=1_000)
        call_ids = [c.pk for c in calls]
        through = FundingCall.categories.through
        through.objects.bulk_create(
            [through(fundingcall_id=c.pk, skillcategory_id=cat.pk) for c in calls for cat in rng.sample(categories, rng.randint(1, 2))]
        )
        lang_through = FundingCall.languages.through
        lang_through.objects.bulk_create(
            [lang_through(fundingcall_id=c.pk, language_id=lang.pk) for c in calls for lang in rng.sample(languages[:6], rng.randint(1, 2))]
        )
        update_search_vectors(call_ids)

        CallDismissal.objects.bulk_create(
            [CallDismissal(user_id=u, call_id=c) for u in rng.sample(user_ids, len(user_ids) // 10)
             for c in rng.sample(call_ids, 3)],
            ignore_conflicts=True, batch_size=5_000,
        )

        alerts, alert_categories = [], []
        for i in range(args.alerts):
            chosen = pick(rng, categories, *mix["categories"])
            alert = Alert(
                user_id=rng.choice(user_ids),
                name=f"Alert {i}",
                frequency=rng.choice([Frequency.INSTANT, Frequency.DAILY, Frequency.DAILY, Frequency.WEEKLY]),
                paused=rng.random() < PAUSED_SHARE,
                regions=pick(rng, regions, *mix["regions"]),
                countries=pick(rng, COUNTRIES, *mix["countries"]),
                instruments=pick(rng, instruments[:8], *mix["instruments"]),
                funder_types=pick(rng, funder_types, *mix["funder_types"]),
                applicant_types=pick(rng, applicant_types, *mix["applicant_types"]),
                languages=pick(rng, codes[:6], *mix["languages"]),
                amount_min_usd=Decimal(rng.choice([10_000, 50_000, 100_000])) if rng.random() < mix["amount_min_usd"][0] else None,
                amount_max_usd=Decimal(rng.choice([300_000, 2_000_000])) if rng.random() < mix["amount_max_usd"][0] else None,
                q=" ".join(pick(rng, WORDS, *mix["q"])),
            )
            alerts.append(sync_alert_signature(alert))
            alert_categories.append(chosen)
        alerts = Alert.objects.bulk_create(alerts, batch_size=5_000)
        alert_through = Alert.categories.through
        alert_through.objects.bulk_create(
            [alert_through(alert_id=a.pk, skillcategory_id=c.pk) for a, chosen in zip(alerts, alert_categories, strict=True)
             for c in chosen],
            batch_size=10_000,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"seconds": time.perf_counter() - started, "call_ids": call_ids, "alert_ids": [a.pk for a in alerts]}


def naive(args, rng: random.Random, alert_ids: list[int], call_ids: list[int], now) -> dict:
    """One query per alert (plus its inbox row), on a sample; rolled back afterwards."""
    from django.db import connection, transaction
    from django.db.models import Exists, OuterRef
    from django.test.utils import CaptureQueriesContext

    from funds.alerts.models import Alert, AlertInbox
    from funds.alerts.selectors import alert_matching_calls
    from funds.models import CallDismissal, FundingCall

    sample_ids = sorted(rng.sample(alert_ids, min(args.sample, len(alert_ids))))
    sample = list(Alert.objects.active().filter(pk__in=sample_ids).prefetch_related("categories"))
    pairs: set[tuple[int, int]] = set()
    batch_calls = FundingCall.objects.filter(pk__in=call_ids)
    meter = Meter(connection)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries, meter:
        for alert in sample:
            dismissed = CallDismissal.objects.filter(user_id=alert.user_id, call_id=OuterRef("pk"))
            found = list(alert_matching_calls(alert, calls=batch_calls).exclude(Exists(dismissed)).values_list("pk", flat=True))
            if found:
                AlertInbox.objects.create(alert=alert, call_ids=found, found_at=now)
            pairs.update((alert.pk, c) for c in found)
        transaction.set_rollback(True)
    return {
        "sample_ids": sample_ids, "alerts": len(sample_ids), "meter": meter, "seconds": meter.wall,
        "queries": len(queries), "pairs": pairs, "per_alert_ms": 1000 * meter.wall / max(len(sample_ids), 1),
    }


def finding_only(args, call_ids: list[int]) -> Meter:
    """matching.match_calls alone, batch by batch: the cost of finding the matches, apart
    from writing them."""
    from django.db import connection, transaction

    from funds.alerts import matching

    with Meter(connection) as meter:
        for start in range(0, len(call_ids), args.batch):
            with transaction.atomic():
                matching.match_calls(call_ids[start:start + args.batch])
    return meter


def set_based(args, call_ids: list[int], now) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from funds.alerts import services

    finding = finding_only(args, call_ids)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with CaptureQueriesContext(connection) as queries, Meter(connection) as meter:
        run = services.alerts_match_new_calls(now=now, batch_size=args.batch)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Python's peak memory, from a repeat of the same run under tracemalloc (which slows
    # Python down several times, hence not the timed run), rolled back.
    from django.db import transaction

    from funds.alerts.models import AlertInbox, CallAnnouncement

    with transaction.atomic():
        CallAnnouncement.objects.all().delete()
        AlertInbox.objects.all().delete()
        tracemalloc.start()
        services.alerts_match_new_calls(now=now, batch_size=args.batch)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        transaction.set_rollback(True)
    with CaptureQueriesContext(connection) as again_queries, Meter(connection) as again_meter:
        again = services.alerts_match_new_calls(now=now, batch_size=args.batch)
    return {
        "run": run, "meter": meter, "seconds": meter.wall, "queries": len(queries), "peak_python_mb": peak / 2**20,
        "rss_before_mb": rss_before / 1024, "rss_after_mb": rss_after / 1024, "finding": finding,
        "again": again, "again_meter": again_meter, "again_queries": len(again_queries),
    }


def deliver(args) -> dict | None:
    """Instant alert emails for `--deliver-seconds`: what the matcher's inbox rows cost
    to turn into emails (rendered, stored in the outbox, sent to the file backend)."""
    if not args.deliver_seconds:
        return None
    from django.db import connection

    from core.outbox.models import Email
    from funds.alerts import services
    from funds.alerts.models import AlertInbox, Frequency

    pending = AlertInbox.objects.pending().filter(alert__frequency=Frequency.INSTANT).count()
    with Meter(connection) as meter:
        emails = services.alert_send_instant(deadline=time.monotonic() + args.deliver_seconds)
    done = pending - AlertInbox.objects.pending().filter(alert__frequency=Frequency.INSTANT).count()
    sent = Email.objects.filter(state=Email.State.SENT).count()

    # Digests: the hourly job at 07:30 UTC on a Monday (the bench's people have no profile,
    # so their time zone is UTC and their digest hour 07:00): daily and weekly alerts due.
    from datetime import UTC, datetime, timedelta

    today = datetime.now(UTC).replace(hour=7, minute=30, second=0, microsecond=0)
    monday = today + timedelta(days=(7 - today.weekday()) % 7)
    digest_alerts = AlertInbox.objects.pending().exclude(alert__frequency=Frequency.INSTANT).values("alert").distinct().count()
    with Meter(connection) as digest_meter:
        digests = services.alert_send_digests(now=monday, deadline=time.monotonic() + args.deliver_seconds)
    return {
        "meter": meter, "emails": emails, "rows": done, "pending": pending, "sent": sent,
        "digest_meter": digest_meter, "digests": digests, "digest_alerts": digest_alerts,
    }


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")
    rng = random.Random(args.seed)
    load_before = f"{os.getloadavg()[0]:.1f}"
    recreate_database(url)
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from funds.alerts.models import AlertInbox

    try:
        call_command("migrate", verbosity=0)
        print(f"Seeding {args.users:,} users, {args.alerts:,} alerts, {args.calls:,} calls…", flush=True)
        seeded = seed(args, rng)
        print(f"  seeded in {seeded['seconds']:.1f} s", flush=True)
        now = timezone.now()
        print(f"Naive approach on {args.sample:,} sampled alerts…", flush=True)
        slow = naive(args, rng, seeded["alert_ids"], seeded["call_ids"], now)
        print(f"  {slow['seconds']:.1f} s, {slow['per_alert_ms']:.1f} ms per alert", flush=True)
        print("Matcher on every alert…", flush=True)
        fast = set_based(args, seeded["call_ids"], now)
        run = fast["run"]
        found = {
            (alert_id, call_id)
            for alert_id, call_ids in AlertInbox.objects.filter(alert_id__in=slow["sample_ids"]).values_list("alert_id", "call_ids")
            for call_id in call_ids
        }
        agree = found == slow["pairs"]
        extrapolated = slow["seconds"] * len(seeded["alert_ids"]) / max(slow["alerts"], 1)
        total_rows = AlertInbox.objects.count()
        if args.deliver_seconds:
            print(f"Instant alert emails for {args.deliver_seconds:.0f} s…", flush=True)
        delivery = deliver(args)
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            version = cursor.fetchone()[0].split(" on ")[0]
    finally:
        connection.close()
        if not args.keep:
            recreate_database(url, drop_only=True)

    alerts = len(seeded["alert_ids"])
    print()
    print(f"Mix {args.mix!r}: {alerts:,} alerts ({PAUSED_SHARE:.0%} paused) of {args.users:,} users × {args.calls:,} new calls; "
          f"{version}; {os.cpu_count()} CPUs; batch {args.batch} calls.")
    print()
    m, n = fast["meter"], slow["meter"]
    scale = len(seeded["alert_ids"]) / max(slow["alerts"], 1)
    print("| approach | wall time | PostgreSQL CPU | Python CPU | queries | peak memory | matches |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| **matcher** (`alerts_match_new_calls`), all {alerts:,} alerts | **{m.wall:.1f} s** | {m.pg:.1f} s | "
          f"{m.cpu:.1f} s | {fast['queries']} ({run.batches} batches) | {fast['peak_python_mb']:.1f} MB Python "
          f"(tracemalloc, separate run); process max RSS {fast['rss_after_mb']:.0f} MB | {run.matches:,} |")
    sel = fast["finding"]
    print(f"| … of which finding the matches (`match_calls` alone, nothing written) | {sel.wall:.1f} s | {sel.pg:.1f} s | "
          f"{sel.cpu:.1f} s | — | — | — |")
    print(f"| naive, one ORM query per alert + its inbox row, measured on {slow['alerts']:,} alerts | {n.wall:.1f} s "
          f"({slow['per_alert_ms']:.1f} ms/alert) | {n.pg:.1f} s | {n.cpu:.1f} s | {slow['queries']:,} | — | "
          f"{len(slow['pairs']):,} |")
    print(f"| naive, extrapolated to {alerts:,} alerts | ≈ {extrapolated:,.0f} s ({extrapolated / 60:.0f} min) | "
          f"≈ {n.pg * scale:,.0f} s | ≈ {n.cpu * scale:,.0f} s | ≈ {slow['queries'] * scale:,.0f} | — | — |")
    a = fast["again_meter"]
    print(f"| matcher, second run (nothing new) | {a.wall * 1000:.0f} ms | — | — | {fast['again_queries']} | — | "
          f"{fast['again'].matches} |")
    print()
    print(f"Load average before/after: {load_before} / {os.getloadavg()[0]:.1f}. "
          f"Speed-up ≈ {extrapolated / max(fast['seconds'], 1e-9):,.0f}× in wall time. Matches per call: {run.matches / max(run.calls, 1):,.0f} "
          f"({total_rows:,} inbox rows). Both approaches agree on the sampled alerts: {'yes' if agree else 'NO'}.")
    if delivery:
        d, dm = delivery, delivery["meter"]
        per_row = dm.wall / max(d["rows"], 1)
        print(
            f"Delivery: {d['rows']:,} of {d['pending']:,} instant alerts' inbox rows turned into {d['emails']:,} emails "
            f"({d['sent']:,} sent through the outbox to the file backend) in {dm.wall:.1f} s "
            f"(PostgreSQL CPU {dm.pg:.1f} s, Python CPU {dm.cpu:.1f} s): {1000 * dm.wall / max(d['emails'], 1):.1f} ms "
            f"per email; all {d['pending']:,} would take ≈ {per_row * d['pending'] / 60:.0f} min, spread over the "
            "following minutes' runs (each stops at its time budget)."
        )
        gm = d["digest_meter"]
        print(
            f"Digests: {d['digests']:,} of {d['digest_alerts']:,} daily/weekly alerts with calls waiting emailed in "
            f"{gm.wall:.1f} s (PostgreSQL CPU {gm.pg:.1f} s, Python CPU {gm.cpu:.1f} s; the scan of every due alert "
            f"included): {1000 * gm.wall / max(d['digests'], 1):.1f} ms per digest; all would take "
            f"≈ {gm.wall / max(d['digests'], 1) * d['digest_alerts'] / 60:.0f} min."
        )
    if not agree:
        sys.exit(1)


if __name__ == "__main__":
    main()

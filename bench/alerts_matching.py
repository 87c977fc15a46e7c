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
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.alerts_seed import MIXES, PAUSED_SHARE, seed  # noqa: E402


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
    from datetime import UTC, datetime

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

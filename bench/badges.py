"""Benchmark of recognition: issuing one award, a batch of certificates through a real
Celery worker, and the verification page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_badges \
    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/badges.py [--batch 1000]

What it does, from scratch each time:
1. drops and creates the database named in DATABASE_URL (its name must contain "bench"),
   migrates it, and creates --batch approved members (bulk_create) and one staff user;
   media go to a throwaway folder;
2. one award, --repeat times (default 30): award_grant (insert, Open Badges assertion,
   baked PNG written to storage, audit entry, outbox email) and certificate_issue for it
   (PDF with embedded fonts, shaping and a QR code, SHA-256, file written); p50/p95 ms of
   each half and of the whole;
3. the batch: --batch membership badges through award_for_evidence (in-process), then one
   certificate_issue task per award published to Redis and run by a real Celery worker
   (`celery -A network_portal worker --concurrency 2`); wall time from the first publish to
   the last certificate in the database, and certificates per second;
4. the verification page: --requests GETs of /verify/<code>/ for random issued codes,
   through Django's test client in this process (the whole middleware stack, templates,
   queries; no network or WSGI server), p50/p95/p99 ms;
5. prints a Markdown table for bench/README.md and drops the database (unless --keep).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=1000, help="certificates issued by the worker")
    parser.add_argument("--repeat", type=int, default=30, help="single awards timed")
    parser.add_argument("--requests", type=int, default=500, help="verification page requests")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--keep", action="store_true", help="keep the database")
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


def setup_django(media_root: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_portal.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(48))
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["MEDIA_ROOT"] = media_root
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="bench-static-")
    os.environ.setdefault("EMAIL_FILE_PATH", tempfile.mkdtemp(prefix="bench-mail-"))
    os.environ["BADGES_VERIFY_LOOKUPS_PER_10_MINUTES"] = "1000000"
    import django

    django.setup()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} / {percentile(values, 0.95) * 1000:.0f}"


def seed(count: int):
    from django.contrib.auth.models import Group

    from members.models import MemberProfile, User
    from members.roles import Role

    staff = User.objects.create_user(email="bench-staff@example.org", is_staff=True)
    staff.groups.add(Group.objects.get(name=Role.ILO_STAFF.value))
    users = User.objects.bulk_create([User(email=f"member{i}@example.org") for i in range(count)])
    MemberProfile.objects.bulk_create(
        [
            MemberProfile(user=u, full_name=f"Member {i} Ñúñez", country="KE", membership="approved", preferred_language=("en", "fr", "es")[i % 3])
            for i, u in enumerate(users)
        ]
    )
    return User.objects.get(pk=staff.pk), list(User.objects.filter(email__startswith="member").order_by("pk"))


def time_single_awards(staff, users, repeat: int) -> dict:
    from badges.models import BadgeClass
    from badges.services import award_grant, certificate_issue

    top = BadgeClass.objects.get(slug="top-innovator")
    award_times, pdf_times, totals = [], [], []
    for user in users[:repeat]:
        start = time.perf_counter()
        award = award_grant(badge_class=top, recipient=user, actor=staff, citation="Benchmark citation.")
        middle = time.perf_counter()
        certificate_issue(award=award)
        end = time.perf_counter()
        award_times.append(middle - start)
        pdf_times.append(end - middle)
        totals.append(end - start)
    return {"award": award_times, "pdf": pdf_times, "total": totals}


def run_batch(users, concurrency: int) -> tuple[float, int]:
    from django.conf import settings

    from badges.models import Document
    from badges.services import award_for_evidence
    from badges.tasks import certificate_issue as certificate_issue_task

    awards = [award_for_evidence(badge="network-member", recipient=u, evidence_key=f"bench:{u.pk}") for u in users]
    env = {**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"], "REDIS_URL": settings.REDIS_URL}
    log = open(tempfile.mktemp(prefix="bench-worker-", suffix=".log"), "wb")  # noqa: SIM115
    worker = subprocess.Popen(  # fixed binary and arguments
        [str(ROOT / ".venv" / "bin" / "celery"), "-A", "network_portal", "worker", "--concurrency", str(concurrency),
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"bench-{secrets.token_hex(4)}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        time.sleep(4)  # the worker connects and imports the project
        before = Document.objects.count()
        start = time.perf_counter()
        for award in awards:
            certificate_issue_task.delay(award.pk)
        deadline = time.monotonic() + 1800
        while Document.objects.count() - before < len(awards):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"worker stopped or too slow; see {log.name}")
            time.sleep(0.2)
        return time.perf_counter() - start, len(awards)
    finally:
        worker.terminate()
        worker.wait(30)
        log.close()


def time_verification(requests: int) -> list[float]:
    from django.test import Client

    from badges.models import BadgeAward, Document

    codes = list(BadgeAward.objects.values_list("verification_code", flat=True)) + list(
        Document.objects.values_list("verification_code", flat=True)
    )
    rng = random.Random(2026)
    client = Client()
    for code in codes[:20]:
        client.get(f"/verify/{code}/")
    times = []
    for _ in range(requests):
        code = rng.choice(codes)
        start = time.perf_counter()
        response = client.get(f"/verify/{code}/")
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return times


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("Set DATABASE_URL (a PostgreSQL database whose name contains 'bench') and REDIS_URL.")
    recreate_database(url)
    media = tempfile.mkdtemp(prefix="bench-media-")
    setup_django(media)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    staff, users = seed(args.batch + args.repeat)
    load = os.getloadavg()[0]
    single = time_single_awards(staff, users[args.batch :], args.repeat)
    batch_seconds, batch_count = run_batch(users[: args.batch], args.concurrency)
    verify = time_verification(args.requests)
    print(f"\nLoad average before: {load:.2f}\n")
    print("| measure | result |\n|---|---:|")
    print(f"| one award: assertion + baked PNG + audit + email (p50 / p95 ms, n={args.repeat}) | {ms(single['award'])} |")
    print(f"| its certificate: PDF + QR + SHA-256 + file (p50 / p95 ms) | {ms(single['pdf'])} |")
    print(f"| **one award, bake + PDF + hash** (p50 / p95 ms) | **{ms(single['total'])}** |")
    print(f"| {batch_count} certificates through the worker (concurrency {args.concurrency}) | {batch_seconds:.1f} s, {batch_count / batch_seconds:.1f}/s |")
    print(
        f"| /verify/<code>/ (p50 / p95 / p99 ms, n={args.requests}) | "
        f"{statistics.median(verify) * 1000:.1f} / {percentile(verify, 0.95) * 1000:.1f} / {percentile(verify, 0.99) * 1000:.1f} |"
    )
    from django.db import connections

    connections.close_all()
    if not args.keep:
        recreate_database(url, drop_only=True)


if __name__ == "__main__":
    main()

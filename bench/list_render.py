"""The list page in process: N renders of a few /funds/ URLs through Django's test Client
(the whole middleware stack, DEBUG off, no gunicorn, no concurrency), against a database
seeded by bench/funds_list.py --keep (or `python -m bench.seed 50000`). Lighter than
bench/funds_list.py on a shared machine; used for issue #9's before/after of the template
change (bench/README.md, table G). Run from the checkout to measure:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python bench/list_render.py --requests 200 [--signed-in]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))

URLS = [
    ("text query + two filters", "/funds/?q=apprenticeship&region=africa&status=open"),
    ("two filters, page 1", "/funds/?region=africa&status=open"),
    ("/funds/ (no filter, page 1)", "/funds/"),
    ("results fragment (JS), text query + two filters", "/funds/?q=apprenticeship&region=africa&status=open"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--signed-in", action="store_true", help="as a signed-in member (cards with buttons)")
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="testserver", DJANGO_SECURE_SSL_REDIRECT="false", SITE_URL="http://testserver",
        CACHE_DIR=tempfile.mkdtemp(prefix="portal-bench-cache-"), REDIS_URL="", LOG_LEVEL="WARNING",
        STATIC_ROOT=tempfile.mkdtemp(prefix="portal-bench-static-"),
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.test import Client

    client = Client()
    if args.signed_in:
        from django.contrib.auth import get_user_model

        user, _ = get_user_model().objects.get_or_create(username="bench-reader", defaults={"email": "bench@example.org"})
        client.force_login(user)
    print(f"load average before: {os.getloadavg()[0]:.2f}; code: {ROOT}; signed in: {args.signed_in}")
    print("| scenario | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|")
    for name, url in URLS:
        headers = {"X-Requested-With": "fetch"} if "fragment" in name else {}
        for _ in range(10):
            assert client.get(url, headers=headers).status_code == 200
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            client.get(url, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
        q = statistics.quantiles(times, n=100)
        print(f"| {name} | {statistics.median(times):.1f} | {q[94]:.1f} | {q[98]:.1f} |")


if __name__ == "__main__":
    main()

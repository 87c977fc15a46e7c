"""Benchmark of the public funding-calls list under concurrent load.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/funds_list.py

What it does, from scratch each time:
1. drops and creates the database named in DATABASE_URL (its name must contain "bench"),
   migrates it and seeds --calls funding calls (default 50,000) with bulk_create in batches,
   then update_search_vectors() and VACUUM ANALYZE;
2. collects static files into a temporary directory and starts gunicorn (DEBUG off, a
   throwaway secret key, ALLOWED_HOSTS 127.0.0.1, --workers sync workers) on a free port of
   127.0.0.1, with bench/urls.py: the portal's URLs plus /bench/bare, a view that does
   nothing (the ceiling of this stack: same server, same middleware);
3. for each scenario, sends --requests requests (or stops after --seconds) from
   --concurrency threads with http.client, after a warm-up, and reports p50 / p95 / p99
   latency, requests per second and the ratio to the bare view;
4. stops gunicorn and drops the database (unless --keep).

The load generator runs on the same machine as gunicorn and PostgreSQL, so the figures are
conservative. Results are printed as a Markdown table (paste into bench/README.md).
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCENARIOS = [
    ("bare Django view (ceiling)", "/bench/bare"),
    ("/funds/ (no filter, page 1)", "/funds/"),
    ("text query + two filters", "/funds/?q=apprenticeship&region=africa&status=open"),
    ("two filters, page 1", "/funds/?region=africa&status=open"),
    ("two filters, page 200", "/funds/?region=africa&status=open&page=200"),
    ("results fragment (JS), text query + two filters", "/funds/?q=apprenticeship&region=africa&status=open"),
    ("varied text queries + two filters (no cache help)", "VARIED"),
    ("call detail", "/funds/bench-call-{detail}/"),
    ("worst case: a word in every call + two filters", "/funds/?q=skills&region=africa&status=open"),
]
FRAGMENT_SCENARIO = "results fragment (JS), text query + two filters"
VARIED_WORDS = [
    "apprenticeship", "digital", "green", "youth", "women", "refugees", "agriculture", "construction",
    "tourism", "healthcare", "coding", "robotics", "solar", "entrepreneurship", "microfinance",
    "mentoring", "upskilling", "reskilling", "certification", "guidance", "internships", "literacy",
    "teachers", "curriculum", "assessment", "employers", "unions", "cooperatives", "automation",
    "foresight", "statistics", "vouchers", "disability", "inclusion", "rural", "mining", "textiles",
    "logistics", "hospitality", "climate",
]
VARIED_REGIONS = ["africa", "americas", "arab-states", "asia-pacific", "europe-central-asia"]
VARIED_STATUS = ["open", "closing_soon", "upcoming"]


def varied_paths() -> list[str]:
    """Distinct selections, so that the cached category counts never help."""
    return [
        f"/funds/?q={w}&region={r}&status={s}"
        for s in VARIED_STATUS
        for r in VARIED_REGIONS
        for w in VARIED_WORDS
    ]


# The covering partial index of migration funds.0003 (see bench/README.md): the list's scans
# read it instead of the 100+ MB table. Only needed here for a database migrated before it.
PROPOSED_INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS call_public_list_cover ON funds_fundingcall (deadline, id) "
    "INCLUDE (opens_on, is_rolling, is_global, region_index, eligible_regions, eligible_countries, "
    "applicant_types, instrument, funder_id, amount_usd, published_at) WHERE status = 'published'"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, static_root: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        SITE_URL="http://127.0.0.1",
        STATIC_ROOT=static_root,
        # A fresh cache for every run: category counts cached by an earlier run must not
        # flatter this one.
        CACHE_DIR=str(Path(static_root) / "cache"),
        REDIS_URL="",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def recreate_database(database_url: str) -> None:
    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the benchmark database name must contain 'bench'.")
    conn = psycopg2.connect(
        host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password or None, dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def apply_sql(database_url: str, statements: list[str]) -> None:
    import psycopg2

    parts = urlsplit(database_url)
    conn = psycopg2.connect(
        host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password or None, dbname=parts.path.lstrip("/"),
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        for statement in statements:
            cur.execute(statement)
    conn.close()


def index_present(database_url: str) -> bool:
    import psycopg2

    parts = urlsplit(database_url)
    conn = psycopg2.connect(
        host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password or None, dbname=parts.path.lstrip("/"),
    )
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'call_public_list_cover'")
        found = cur.fetchone() is not None
    conn.close()
    return found


def drop_database(database_url: str) -> None:
    import psycopg2

    parts = urlsplit(database_url)
    conn = psycopg2.connect(
        host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password or None, dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
    conn.close()


def prepare(env: dict, calls: int) -> None:
    python = sys.executable
    print("Migrating…", flush=True)
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    print(f"Seeding {calls:,} calls…", flush=True)
    subprocess.run([python, "-m", "bench.seed", str(calls)], cwd=ROOT, env=env, check=True)
    print("Collecting static files…", flush=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    cmd = [
        str(Path(sys.executable).parent / "gunicorn"),
        "bench.wsgi_app:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-class", "sync",
        "--log-level", "warning",
        "--timeout", "60",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            status, _ = request(port, "/bench/bare")
            if status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def request(port: int, path: str, headers: dict | None = None) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        conn.close()


def run_scenario(port: int, path, *, total: int, concurrency: int, seconds: float, headers=None) -> dict:
    paths = path if isinstance(path, list) else [path]
    # Warm-up: each worker opens its database connection and compiles its templates. Distinct
    # selections (a list of paths) are warmed on another page, so their caches stay cold.
    warm = paths[0] if len(paths) == 1 else "/funds/"
    for _ in range(max(4, concurrency * 2)):
        status, _ = request(port, warm, headers)
        if status != 200:
            raise SystemExit(f"{warm} answered {status}")
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))
    stop_at = time.perf_counter() + seconds

    def worker():
        nonlocal errors
        while time.perf_counter() < stop_at:
            with lock:
                index = next(counter, None)
                if index is None:
                    return
            started = time.perf_counter()
            try:
                status, _ = request(port, paths[index % len(paths)], headers)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(round(p / 100 * (len(latencies) - 1))))] * 1000

    return {
        "n": len(latencies),
        "errors": errors,
        "p50": statistics.median(latencies) * 1000,
        "p95": pct(95),
        "p99": pct(99),
        "rps": len(latencies) / wall,
    }


LOAD_BEFORE = ""


def main() -> None:
    global LOAD_BEFORE
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--requests", type=int, default=400, help="per scenario")
    parser.add_argument("--seconds", type=float, default=60, help="time cap per scenario")
    parser.add_argument("--keep", action="store_true", help="keep the database (and skip seeding next time with --reuse)")
    parser.add_argument("--reuse", action="store_true", help="reuse an already seeded database")
    parser.add_argument("--proposed-index", action="store_true",
                        help="create the covering index of funds.0003 if missing (databases migrated before it)")
    parser.add_argument("--only", default="", help="run only the scenarios whose name contains this text")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")
    static_root = tempfile.mkdtemp(prefix="portal-bench-static-")
    env = server_env(database_url, static_root)
    proc = None
    try:
        if not args.reuse:
            recreate_database(database_url)
            prepare(env, args.calls)
        else:
            subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        if args.proposed_index:  # a database migrated before funds.0003
            apply_sql(database_url, [PROPOSED_INDEX_SQL, "VACUUM ANALYZE funds_fundingcall"])
        # funds.0003 creates call_public_list_cover: it is part of the schema measured. (An
        # earlier version dropped it here unless --proposed-index was given, so runs made
        # without the flag after that migration measured the list without its index.)
        apply_sql(database_url, ["ANALYZE funds_fundingcall"])
        LOAD_BEFORE = " / ".join(f"{x:.2f}" for x in os.getloadavg())
        port = free_port()
        proc = start_gunicorn(env, port, args.workers)
        print(f"gunicorn: {args.workers} sync workers on 127.0.0.1:{port}; "
              f"{args.concurrency} client threads, {args.requests} requests per scenario", flush=True)
        results = []
        for name, path in SCENARIOS:
            if args.only and args.only not in name and name != SCENARIOS[0][0]:
                continue
            path = varied_paths() if path == "VARIED" else path.format(detail=args.calls // 2)
            headers = {"X-Requested-With": "fetch"} if name == FRAGMENT_SCENARIO else None
            r = run_scenario(port, path, total=args.requests, concurrency=args.concurrency, seconds=args.seconds, headers=headers)
            path = "/funds/?q=<40 words>&region=<5 regions>&status=<3 states>" if isinstance(path, list) else path
            results.append((name, path, r))
            print(f"  {name}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, {r['rps']:.1f} req/s", flush=True)
        bare_rps = results[0][2]["rps"]
        page1 = next((r for n, _, r in results if n == "two filters, page 1"), None)
        page200 = next((r for n, _, r in results if n == "two filters, page 200"), None)
        print()
        print(f"{args.calls:,} calls (seeded by bench/seed.py) · gunicorn {args.workers} sync workers · {args.concurrency} concurrent clients · "
              f"{os.cpu_count()} CPU cores shared by server, database and load generator")
        print()
        print("| scenario | URL | requests | p50 ms | p95 ms | p99 ms | req/s | vs bare view |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for name, path, r in results:
            ratio = r["rps"] / bare_rps if bare_rps else 0
            errors = f" ({r['errors']} errors)" if r["errors"] else ""
            print(f"| {name} | `{path}` | {r['n']}{errors} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
                  f"{r['rps']:.1f} | {ratio:.0%} |")
        print()
        if page1 and page200:
            print(f"page 200 / page 1 p95: {page200['p95'] / page1['p95']:.2f}×  (target ≤ 2×)")
        print("covering index call_public_list_cover (funds.0003): "
              f"{'present' if index_present(database_url) else 'MISSING'}; "
              f"load average before the run: {LOAD_BEFORE}")
        target = next((r for n, _, r in results if n == "text query + two filters"), None)
        if target:
            print(f"text query + two filters p95: {target['p95']:.1f} ms  (target < 150 ms)")
    finally:
        if proc:
            stop(proc)
        shutil.rmtree(static_root, ignore_errors=True)
        if not args.keep:
            drop_database(database_url)


if __name__ == "__main__":
    main()
